import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import { databaseIngestionId } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { readTaskLocation, taskLocationFields } from '../fields';

const show = { resource: ['databaseIngestionTask'], operation: ['create'] };

export const description: INodeProperties[] = [
	...taskLocationFields(['create']),
	{
		displayName: 'Task Definition (JSON)',
		name: 'nativeData',
		type: 'json',
		required: true,
		default: '{}',
		description: 'The whole task definition: source and target connections, task properties and run-time settings (sent as nativeData)',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'createOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Project and Folder Field Names',
				name: 'idSpelling',
				type: 'options',
				default: 'both',
				description: 'The page\'s field table spells projectId/folderId, its example projectID/folderID',
				options: [
					{ name: 'Send Both Spellings', value: 'both' },
					{ name: 'projectId / folderId', value: 'camel' },
					{ name: 'projectID / folderID', value: 'upper' },
				],
			},
		],
	},
];

/** Parses the task definition before any request; a NodeOperationError naming the field when it is not a JSON object. */
function readTaskDefinition(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('nativeData', itemIndex, '{}') as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = jsonParse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), '"Task Definition (JSON)" is not valid JSON', {
				itemIndex,
				description: (error as Error).message,
			});
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
		throw new NodeOperationError(ctx.getNode(), '"Task Definition (JSON)" must be a non-empty JSON object', {
			itemIndex,
			description: 'Paste the task\'s full definition (the nativeData object), for example from an exported task.',
		});
	}
	return value as IDataObject;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { taskName, projectId, folderId } = readTaskLocation(this, itemIndex);
	const nativeData = readTaskDefinition(this, itemIndex);
	const spelling = ((this.getNodeParameter('createOptions', itemIndex, {}) as IDataObject).idSpelling ?? 'both') as string;
	const body: IDataObject = {};
	if (projectId && spelling !== 'upper') body.projectId = projectId;
	if (projectId && spelling !== 'camel') body.projectID = projectId;
	if (folderId && spelling !== 'upper') body.folderId = folderId;
	if (folderId && spelling !== 'camel') body.folderID = folderId;
	body.taskName = taskName;
	body.nativeData = nativeData;
	const answer = await informaticaRequest<IDataObject>(
		this,
		{ family: 'databaseIngestion', method: 'POST', path: '/task/create', body, action: `creating task "${taskName}"` },
		{ itemIndex },
	);
	// The repoHandle (a string) is the task ID every later call wants.
	const taskId = databaseIngestionId((answer.repoInfo as IDataObject | undefined)?.repoHandle);
	return { taskId: taskId ?? null, taskName, ...answer };
}

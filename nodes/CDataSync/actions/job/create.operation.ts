import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { workspaceLocator } from '../fields';
import { jobBody, jobFieldOptions } from './fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['create'] };

export const description: INodeProperties[] = [
	workspaceLocator(show),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new job',
		displayOptions: { show },
	},
	{
		displayName: 'Type',
		name: 'jobType',
		type: 'options',
		default: 'Standard',
		description: 'Kind of job',
		displayOptions: { show },
		options: [
			{ name: 'Change Data Capture', value: 'ChangeDataCapture' },
			{ name: 'Load Folder', value: 'LoadFolder' },
			{ name: 'Reverse ETL', value: 'ReverseETL' },
			{ name: 'Standard', value: 'Standard' },
			{ name: 'Sync All', value: 'SyncAll' },
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: jobFieldOptions('create'),
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const workspaceId = requiredId(this, itemIndex, 'workspace', 'Workspace');
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	if (name === '') throw new NodeOperationError(this.getNode(), 'The "Name" parameter is empty', { itemIndex, description: 'Give the new job a name.' });
	const type = this.getNodeParameter('jobType', itemIndex, 'Standard') as string;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { name, type, ...jobBody(this, itemIndex, fields, 'create', 'Additional Fields') };
	return await cdataSyncRequest<IDataObject>(this, { method: 'POST', path: `/workspaces/${pathSegment(workspaceId)}/jobs`, body, action: `creating job "${name}"` }, { itemIndex });
}

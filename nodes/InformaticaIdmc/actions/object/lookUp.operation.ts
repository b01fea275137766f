import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { informaticaRequest } from '../../transport';

const show = { resource: ['object'], operation: ['lookUp'] };

export const OBJECT_TYPES = [
	{ name: 'Folder', value: 'FOLDER' },
	{ name: 'Linear Taskflow (WORKFLOW)', value: 'WORKFLOW' },
	{ name: 'Mapping (DTEMPLATE)', value: 'DTEMPLATE' },
	{ name: 'Mapping Task (MTT)', value: 'MTT' },
	{ name: 'Masking Task (DMASK)', value: 'DMASK' },
	{ name: 'PowerCenter Task (PCS)', value: 'PCS' },
	{ name: 'Project', value: 'PROJECT' },
	{ name: 'Replication Task (DRS)', value: 'DRS' },
	{ name: 'Synchronization Task (DSS)', value: 'DSS' },
	{ name: 'Taskflow (TASKFLOW)', value: 'TASKFLOW' },
];

export const description: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookUpBy',
		type: 'options',
		default: 'path',
		options: [
			{ name: 'Path and Type', value: 'path' },
			{ name: 'ID', value: 'id' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Object ID',
		name: 'objectId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. jJGyAmd8Q8odiyvToQhhAQ',
		displayOptions: { show: { ...show, lookUpBy: ['id'] } },
	},
	{
		displayName: 'Path',
		name: 'objectPath',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Default/Sales/m_load_orders',
		description: 'Project/Folder/Name of the object',
		displayOptions: { show: { ...show, lookUpBy: ['path'] } },
	},
	{
		displayName: 'Type',
		name: 'objectType',
		type: 'options',
		default: 'MTT',
		options: OBJECT_TYPES,
		displayOptions: { show: { ...show, lookUpBy: ['path'] } },
	},
];

export const concurrency = 4;

/** POST lookup: the object's id (the taskFederatedId of a task), path, type and who changed it last. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const by = this.getNodeParameter('lookUpBy', itemIndex, 'path') as string;
	let wanted: IDataObject;
	if (by === 'id') {
		const id = String(this.getNodeParameter('objectId', itemIndex, '') ?? '').trim();
		if (!id) throw new NodeOperationError(this.getNode(), '"Object ID" is required', { itemIndex });
		wanted = { id };
	} else {
		const path = String(this.getNodeParameter('objectPath', itemIndex, '') ?? '').trim().replace(/^\/+|\/+$/g, '');
		if (!path) throw new NodeOperationError(this.getNode(), '"Path" is required', { itemIndex });
		wanted = { path, type: String(this.getNodeParameter('objectType', itemIndex, 'MTT')) };
	}
	const answer = await informaticaRequest<IDataObject>(
		this,
		{ family: 'v3', method: 'POST', path: '/lookup', body: { objects: [wanted] }, idempotent: true, action: 'looking up an object' },
		{ itemIndex },
	);
	const objects = (Array.isArray(answer.objects) ? answer.objects : []) as IDataObject[];
	return objects.map((object) => ({ json: { ...object } }));
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { jobLocator, taskLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['update'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	taskLocator(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Active', name: 'isActive', type: 'boolean', default: true, description: 'Whether the task runs when the job runs' },
			{ displayName: 'Index', name: 'index', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'New position of the task in the job (0 is first)' },
			{ displayName: 'Query', name: 'query', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'The SQL statement that defines what the task does' },
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const taskId = requiredId(this, itemIndex, 'task', 'Task');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.query !== undefined) {
		const query = String(fields.query).trim();
		if (query === '') throw new NodeOperationError(this.getNode(), 'Update Fields > Query is empty', { itemIndex, description: 'Enter the SQL statement or remove the field.' });
		body.query = query;
	}
	if (fields.isActive !== undefined) body.is_active = fields.isActive;
	if (fields.index !== undefined) body.index = fields.index;
	if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'No fields to update', { itemIndex, description: 'Add at least one field under "Update Fields".' });
	return await cdataSyncRequest<IDataObject>(
		this,
		{ method: 'PUT', path: `/jobs/${pathSegment(jobId)}/tasks/${pathSegment(taskId)}`, body, idempotent: true, action: `updating task ${taskId} of job ${jobId}` },
		{ itemIndex },
	);
}

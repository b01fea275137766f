import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { flag, pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['add'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'REPLICATE [Accounts] SELECT * FROM [Accounts]',
		description: 'The SQL statement that defines what the task does',
		displayOptions: { show },
	},
	{
		displayName: 'Active',
		name: 'isActive',
		type: 'boolean',
		default: true,
		description: 'Whether the task runs when the job runs',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const query = String(this.getNodeParameter('query', itemIndex, '')).trim();
	if (query === '') throw new NodeOperationError(this.getNode(), 'The "Query" parameter is empty', { itemIndex, description: 'Enter the SQL statement of the task.' });
	const isActive = flag(this, itemIndex, 'isActive', true);
	return await cdataSyncRequest<IDataObject>(
		this,
		{ method: 'POST', path: `/jobs/${pathSegment(jobId)}/tasks`, body: { query, is_active: isActive }, action: `adding a task to job ${jobId}` },
		{ itemIndex },
	);
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchJobId } from './api';
import { requiredId } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2',
		description: 'The task ID from Database Ingestion Task → Get ID or Create (repoHandle)',
		displayOptions: { show: { resource: ['databaseIngestionJob'], operation: ['getJobId'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requiredId(this, itemIndex, 'taskId', 'Task ID');
	const { jobId, answer } = await fetchJobId(this, itemIndex, taskId);
	return withFields(answer, { taskId, jobId });
}

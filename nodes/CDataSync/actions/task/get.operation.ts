import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { jobLocator, taskLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['get'] };

export const description: INodeProperties[] = [jobLocator(show), taskLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const taskId = requiredId(this, itemIndex, 'task', 'Task');
	return await cdataSyncRequest<IDataObject>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/tasks/${pathSegment(taskId)}`, action: `reading task ${taskId} of job ${jobId}` }, { itemIndex });
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cdataSyncRequest, segment } from '../../transport';
import { jobLocator, requiredId, taskLocator } from '../common';

const show = { resource: ['task'], operation: ['delete'] };

export const description: INodeProperties[] = [jobLocator(show), taskLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const taskId = requiredId(this, itemIndex, 'task', 'Task');
	await cdataSyncRequest(this, { method: 'DELETE', path: `/jobs/${segment(jobId)}/tasks/${segment(taskId)}`, allowEmptyBody: true, action: `deleting task ${taskId} of job ${jobId}` }, { itemIndex });
	return { jobId, taskId, deleted: true };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withOutcome } from '../../outcome';
import { asList, cdataSyncRequest } from '../../transport';
import { jobLocator, taskLocator } from '../fields';
import { applyLimit, pathSegment, requiredId, returnAllProperties } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['getHistory'] };

export const description: INodeProperties[] = [jobLocator(show), taskLocator(show), ...returnAllProperties(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const taskId = requiredId(this, itemIndex, 'task', 'Task');
	const body = await cdataSyncRequest<unknown>(
		this,
		{ method: 'GET', path: `/jobs/${pathSegment(jobId)}/tasks/${pathSegment(taskId)}/history`, action: `reading the history of task ${taskId} of job ${jobId}` },
		{ itemIndex },
	);
	return applyLimit(this, itemIndex, asList(body).map((r) => withOutcome(r, jobId)));
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asList, cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { applyLimit, pathSegment, requiredId, returnAllProperties } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['getMany'] };

export const description: INodeProperties[] = [jobLocator(show), ...returnAllProperties(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const body = await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/tasks`, action: `listing the tasks of job ${jobId}` }, { itemIndex });
	return applyLimit(this, itemIndex, asList(body));
}

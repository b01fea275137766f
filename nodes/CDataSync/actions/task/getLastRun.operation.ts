import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withOutcome } from '../../outcome';
import { asList, cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['getLastRun'] };

export const description: INodeProperties[] = [jobLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const body = await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/tasks/last-run`, action: `reading the last run of the tasks of job ${jobId}` }, { itemIndex });
	return asList(body).map((r) => withOutcome(r, jobId));
}

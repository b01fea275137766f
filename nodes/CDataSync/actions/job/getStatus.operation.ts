import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withOutcome } from '../../outcome';
import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['getStatus'] };

export const description: INodeProperties[] = [jobLocator(show)];

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const status = await cdataSyncRequest<IDataObject>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/status`, action: `reading the status of job ${jobId}` }, { itemIndex });
	return withOutcome(status, jobId);
}

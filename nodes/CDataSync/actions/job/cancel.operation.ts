import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withOutcome } from '../../outcome';
import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['cancel'] };

export const description: INodeProperties[] = [jobLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const answer = await cdataSyncRequest<IDataObject>(
		this,
		{ method: 'POST', path: `/jobs/${pathSegment(jobId)}/cancel`, allowEmptyBody: true, idempotent: true, action: `cancelling job ${jobId}` },
		{ itemIndex },
	);
	return Object.keys(answer).length ? withOutcome(answer, jobId) : { jobId, cancelRequested: true };
}

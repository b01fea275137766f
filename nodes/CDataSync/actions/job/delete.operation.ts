import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cdataSyncRequest, segment } from '../../transport';
import { explainRunningRefusal, jobLocator, requiredId } from '../common';

const show = { resource: ['job'], operation: ['delete'] };

export const description: INodeProperties[] = [jobLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	try {
		await cdataSyncRequest<IDataObject>(this, { method: 'DELETE', path: `/jobs/${segment(jobId)}`, allowEmptyBody: true, action: `deleting job ${jobId}` }, { itemIndex });
	} catch (error) {
		return await explainRunningRefusal(this, itemIndex, jobId, error, 'deleted');
	}
	return { jobId, deleted: true };
}

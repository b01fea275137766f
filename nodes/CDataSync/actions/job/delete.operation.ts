import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { explainRunningRefusal } from '../../outcome';
import { readJobStatus } from './api';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['delete'] };

export const description: INodeProperties[] = [jobLocator(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	try {
		await cdataSyncRequest<IDataObject>(this, { method: 'DELETE', path: `/jobs/${pathSegment(jobId)}`, allowEmptyBody: true, action: `deleting job ${jobId}` }, { itemIndex });
	} catch (error) {
		return await explainRunningRefusal(error, jobId, 'deleted', async () => await readJobStatus(this, itemIndex, jobId, 0));
	}
	return { jobId, deleted: true };
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../../shared/parameters';
import { cdataSyncRequest } from '../../transport';

/** GET /jobs/{id}/status: the job's current or last run. */
export async function readJobStatus(ctx: IExecuteFunctions, itemIndex: number, jobId: string, maxRetries?: number): Promise<IDataObject> {
	return await cdataSyncRequest<IDataObject>(
		ctx,
		{ method: 'GET', path: `/jobs/${pathSegment(jobId)}/status`, retry: maxRetries === undefined ? undefined : { maxRetries } },
		{ itemIndex },
	);
}

/** POST /jobs/{id}/execute, with the tasks to run (all active tasks when empty). */
export async function executeJob(ctx: IExecuteFunctions, itemIndex: number, jobId: string, tasks: string[]): Promise<IDataObject> {
	return await cdataSyncRequest<IDataObject>(
		ctx,
		{ method: 'POST', path: `/jobs/${pathSegment(jobId)}/execute`, body: tasks.length ? { tasks } : {}, allowEmptyBody: true, action: `starting job ${jobId}` },
		{ itemIndex },
	);
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../../shared/parameters';
import type { MigratorJob } from '../../outcome';
import { migratorRequest } from '../../transport';

/** POST /jobs: starts a migration job (not retried: a start is not idempotent). */
export async function startJob(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject, secrets: string[]): Promise<MigratorJob> {
	return await migratorRequest<MigratorJob>(ctx, { method: 'POST', url: '/jobs', body, secrets, action: `starting a job of project ${String(body.projectId)}` }, { itemIndex });
}

/** GET /jobs/{jobId}. */
export async function readJob(ctx: IExecuteFunctions, itemIndex: number, jobId: string, action = `reading job ${jobId}`): Promise<MigratorJob> {
	return await migratorRequest<MigratorJob>(ctx, { method: 'GET', url: `/jobs/${pathSegment(jobId)}`, action }, { itemIndex });
}

/** POST /jobs/{jobId}/stop: a stop of a job that already stopped changes nothing, so a retried stop is safe. */
export async function stopJob(ctx: IExecuteFunctions, itemIndex: number, jobId: string): Promise<MigratorJob> {
	return await migratorRequest<MigratorJob>(ctx, { method: 'POST', url: `/jobs/${pathSegment(jobId)}/stop`, idempotent: true, action: `stopping job ${jobId}` }, { itemIndex });
}

/** GET /jobs?type=IN_PROGRESS: the id of the project's running job, if any. */
export async function findRunningJobId(ctx: IExecuteFunctions, itemIndex: number, projectId: string): Promise<string | undefined> {
	const inProgress = await migratorRequest<MigratorJob[]>(
		ctx,
		{ method: 'GET', url: '/jobs', qs: { type: 'IN_PROGRESS', projectId, limit: 1 }, action: 'finding the running job' },
		{ itemIndex },
	);
	return Array.isArray(inProgress) ? inProgress[0]?.id : undefined;
}

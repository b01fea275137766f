/**
 * Database Ingestion jobs for the trigger: one GET job/status per selected job per poll. The key includes the
 * run's start time, so each new run of a job is a new run for the watch.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { WatchedRun } from '../../shared/statusWatch';
import { databaseIngestionOutcome } from '../outcome';
import { informaticaRequest } from '../transport';

/** GET job/status (jobId in the query and, as the page documents, in a JSON body). */
async function readJobStatus(ctx: IPollFunctions, jobId: string): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(ctx, {
		family: 'databaseIngestion',
		method: 'GET',
		path: '/job/status',
		qs: { jobId },
		body: { jobId },
		action: `reading the status of Database Ingestion job ${jobId}`,
	});
}

export async function listDatabaseIngestionJobs(ctx: IPollFunctions, jobIds: string[]): Promise<WatchedRun[]> {
	const runs: WatchedRun[] = [];
	for (const jobId of jobIds) {
		let answer: IDataObject;
		try {
			answer = await readJobStatus(ctx, jobId);
		} catch (error) {
			// A job that no longer exists must not stop the other jobs (or Data Integration runs) from being watched.
			if (!(error instanceof NodeApiError)) throw new NodeOperationError(ctx.getNode(), error as Error);
			if (error.httpCode === '404') continue;
			throw new NodeApiError(ctx.getNode(), error.errorResponse ?? {}, { message: error.message, description: error.description ?? undefined, httpCode: error.httpCode ?? undefined });
		}
		const outcome = databaseIngestionOutcome(answer);
		const startedAt = outcome.startedAt ?? 'none';
		const time = Date.parse(outcome.endedAt ?? outcome.startedAt ?? '');
		runs.push({
			key: `dbmi:${jobId}:${startedAt}`,
			state: outcome.rawStatus,
			outcome,
			data: {
				source: 'databaseIngestion',
				jobId,
				jobName: answer.assetName ?? null,
				errorMessage: outcome.error?.message ?? (answer.errorMessage as string | null | undefined) ?? null,
				lastAction: answer.lastAction ?? null,
			},
			sortTime: Number.isNaN(time) ? undefined : time,
		});
	}
	return runs;
}

/**
 * Database Ingestion jobs for the trigger: one GET job/status per selected job per poll, a few at a time. The key
 * includes the run's start time, so each new run of a job is a new run for the watch. The status answer shows only the
 * job's latest run (docs/triggers.md): the engine counts a run replaced before a poll saw it end as missed, and a run
 * that resumes the job proves a failed or stopped run before it, which the trigger may not have seen.
 */
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import type { PreviousPoll, WatchedRun } from '../../shared/statusWatch';
import { readJobStatus } from '../actions/databaseIngestionJob/api';
import { databaseIngestionOutcome } from '../outcome';

/** Status reads in flight at once: enough to keep a poll over hundreds of jobs short, few enough for a shared pod. */
const PARALLEL_READS = 8;

/** Resume is allowed only after a failed, stopped or aborted run. */
const RESUMED = /\bresum/i;

export async function listDatabaseIngestionJobs(ctx: IPollFunctions, jobIds: string[], previous?: PreviousPoll): Promise<WatchedRun[]> {
	// Past the poll's budget (n8n 2.41) no new job is read: those keep their saved cursor and come first next poll.
	const order = previous ? previous.longestUnreadFirst(jobIds, (jobId) => `dbmi:${jobId}`) : jobIds;
	const runs = await mapWithConcurrency(order, PARALLEL_READS, async (jobId): Promise<WatchedRun | undefined> => {
		if (previous && !previous.timeLeft()) return undefined;
		let answer: IDataObject;
		try {
			answer = await readJobStatus(ctx, 0, jobId);
		} catch (error) {
			// A job that no longer exists must not stop the other jobs (or Data Integration runs) from being watched.
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			// Handing a NodeApiError to NodeApiError returns it unchanged: the status code is kept.
			throw new NodeApiError(ctx.getNode(), error as JsonObject);
		}
		const outcome = databaseIngestionOutcome(answer);
		const startedAt = outcome.startedAt ?? 'none';
		const time = Date.parse(outcome.endedAt ?? outcome.startedAt ?? '');
		const key = `dbmi:${jobId}:${startedAt}`;
		const before = previous?.job(`dbmi:${jobId}`);
		// A resume follows a failed or stopped run: unless that is the run the trigger saw last (seen failed or stopped, or seen
		// running, which the engine already counts), the trigger never saw it.
		const resumedAfterUnseenRun =
			before !== undefined && before.k !== key && RESUMED.test(String(answer.lastAction ?? '')) && (before.at === 0 || before.o === 'succeeded' || before.o === 'warning');
		return {
			key,
			job: `dbmi:${jobId}`,
			latestOnly: true,
			missedRuns: resumedAfterUnseenRun ? 1 : 0,
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
		};
	});
	return runs.filter((run): run is WatchedRun => run !== undefined);
}

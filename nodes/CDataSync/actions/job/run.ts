import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { contextOutlivingCancel } from '../../../shared/afterCancel';
import type { JobOutcome } from '../../../shared/jobOutcome';
import type { JobControl } from '../../../shared/jobRun';
import { pathSegment } from '../../../shared/parameters';
import { outcomeFrom, staleAfterStart } from '../../outcome';
import { cdataSyncRequest } from '../../transport';
import { executeJob, readJobStatus } from './api';

/** Sync's refusal of a start while the job runs: 409 ("The job ... is already running", code JOB_RUNNING). */
export function isAlreadyRunningRefusal(error: unknown): boolean {
	const e = error as { httpCode?: string | null; message?: string; description?: string | null };
	return e?.httpCode === '409' && /already running|JOB_RUNNING/i.test(`${e.message ?? ''} ${e.description ?? ''}`);
}

/**
 * One CData Sync job as the run engine sees it: GET /jobs/{id}/status tells whether a run is going (the job has one
 * run at a time), execute starts one, cancel stops it.
 */
export function cdataJobControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	jobId: string,
	tasks: string[] = [],
): JobControl<IDataObject> & { lastStatus: () => IDataObject | undefined } {
	let name: string | undefined;
	// The newest status answer: Sync's own fields (details, records affected, task counts) for the item that waited.
	let lastStatus: IDataObject | undefined;
	// The status read before the start: without a run id in the start's answer, it tells the previous run apart.
	let beforeStart: JobOutcome | undefined;
	const read = async () => {
		lastStatus = await readJobStatus(ctx, itemIndex, jobId);
		const { outcome, status } = outcomeFrom(lastStatus, jobId);
		name = name ?? outcome.name;
		return { outcome, neverRan: status.status === undefined };
	};
	const current = async (): Promise<JobOutcome> => (await read()).outcome;
	return {
		label: () => (name ? `job "${name}" (${jobId})` : `job ${jobId}`),
		findRunning: async () => {
			const { outcome, neverRan } = await read();
			beforeStart = neverRan ? undefined : outcome;
			return outcome.status === 'running' && !neverRan ? outcome : undefined;
		},
		start: async () => {
			const answer = await executeJob(ctx, itemIndex, jobId, tasks);
			const started = Object.keys(answer).length > 0 ? outcomeFrom(answer, jobId).outcome : undefined;
			name = name ?? started?.name;
			const run: JobOutcome = started && started.status === 'running' ? started : { status: 'running', rawStatus: 'Starting', jobId };
			return { run, answer };
		},
		isAlreadyRunningRefusal,
		readStatus: current,
		stop: async () => {
			await cdataSyncRequest(
				contextOutlivingCancel(ctx),
				{ method: 'POST', path: `/jobs/${pathSegment(jobId)}/cancel`, allowEmptyBody: true, action: `cancelling job ${jobId}` },
				{ itemIndex },
			);
		},
		waitExtras: (run) => ({ stale: staleAfterStart(run.runId, beforeStart) }),
		lastStatus: () => lastStatus,
	};
}

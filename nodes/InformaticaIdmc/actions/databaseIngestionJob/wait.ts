/** Waiting on a Database Ingestion job: after a start or resume until the goal, after a deploy until deployed. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { readWaitOptions } from '../../../shared/waitDescription';
import type { WaitOptions, WaitResult } from '../../../shared/waitForJob';
import { waitForJob, waitResultToJson } from '../../../shared/waitForJob';
import {
	databaseIngestionOutcome,
	isDatabaseIngestionCdcMode,
	isDatabaseIngestionJobDeployed,
	isDatabaseIngestionJobUp,
	notYetDeploying,
	previousDatabaseIngestionRun,
} from '../../outcome';
import type { WaitUntil } from '../fields';
import { jobAction, readJobStatus } from './api';

export interface JobWaitRequest {
	jobId: string;
	waitUntil: WaitUntil;
	options: WaitOptions;
	/** A status read before the start: a finished run with the same start time is the previous run, not this one. */
	previous?: JobOutcome;
}

/** Polls job/status until the job ends or reaches the goal; cancel-on-timeout stops the job. */
export async function waitForDatabaseIngestionJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: JobWaitRequest,
): Promise<WaitResult & { goal: 'finished' | 'running' }> {
	const { jobId } = request;
	let goal: 'finished' | 'running' = request.waitUntil === 'running' ? 'running' : 'finished';
	const readStatus = async (): Promise<JobOutcome> => {
		const answer = await readJobStatus(ctx, itemIndex, jobId);
		if (request.waitUntil === 'auto') {
			goal = isDatabaseIngestionCdcMode(((answer.jobConfig ?? answer.extraData ?? {}) as IDataObject).taskMode) ? 'running' : 'finished';
		}
		return databaseIngestionOutcome(answer);
	};
	const result = await waitForJob(
		{
			readStatus,
			stale: previousDatabaseIngestionRun(request.previous),
			cancelJob: async () => {
				await jobAction(ctx, itemIndex, 'stop', jobId);
			},
			goal: (outcome) => goal === 'running' && isDatabaseIngestionJobUp(outcome),
			label: `Database Ingestion job ${jobId}`,
		},
		request.options,
		{ node: ctx.getNode(), itemIndex, cancelSignal: ctx.getExecutionCancelSignal() },
	);
	return { ...result, goal };
}

/** Polls job/status until the deployment ends ("deployed"); a failed deployment fails the item when asked to. */
export async function waitForDeployment(ctx: IExecuteFunctions, itemIndex: number, jobId: string, options: WaitOptions): Promise<WaitResult> {
	return await waitForJob(
		{
			readStatus: async () => databaseIngestionOutcome(await readJobStatus(ctx, itemIndex, jobId)),
			stale: notYetDeploying,
			goal: isDatabaseIngestionJobDeployed,
			label: `the deployment of job ${jobId}`,
		},
		{ ...options, cancelOnTimeout: false },
		{ node: ctx.getNode(), itemIndex, cancelSignal: ctx.getExecutionCancelSignal() },
	);
}

/**
 * Sends start or resume, then (when asked) polls job/status until the goal. The status is read once before the
 * call, so a first poll that still shows the previous run's end is not mistaken for this run's.
 */
export async function startOrResumeJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: 'start' | 'resume',
	jobId: string,
	parameters?: IDataObject,
): Promise<IDataObject> {
	const wait = readWaitOptions(ctx, itemIndex);
	let previous: JobOutcome | undefined;
	if (wait) previous = await readJobStatus(ctx, itemIndex, jobId).then(databaseIngestionOutcome).catch(() => undefined);
	const answer = await jobAction(ctx, itemIndex, action, jobId, parameters);
	if (!wait) return { jobId, ...answer };
	const waitUntil = ctx.getNodeParameter('waitUntil', itemIndex, 'auto') as WaitUntil;
	const result = await waitForDatabaseIngestionJob(ctx, itemIndex, { jobId, waitUntil, options: wait, previous });
	return { jobId, ...answer, ...waitResultToJson(result), waitedUntil: result.goal };
}

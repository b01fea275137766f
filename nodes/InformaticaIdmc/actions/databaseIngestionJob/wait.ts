/** Waiting on a Database Ingestion job: after a start or resume until the goal, after a deploy until deployed. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { contextOutlivingCancel } from '../../../shared/afterCancel';
import type { JobControl } from '../../../shared/jobRun';
import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import type { WaitOptions, WaitResult } from '../../../shared/waitForJob';
import { waitForJob } from '../../../shared/waitForJob';
import {
	databaseIngestionOutcome,
	isDatabaseIngestionCdcMode,
	isDatabaseIngestionJobDeployed,
	isDatabaseIngestionJobUp,
	isDatabaseIngestionRunActive,
	notYetDeploying,
	previousDatabaseIngestionRun,
} from '../../outcome';
import type { WaitUntil } from '../fields';
import { NO_VISIBLE_EFFECT_POLLS } from '../fields';
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
 * One Database Ingestion job as the run engine sees it: job/status tells whether a run is going (a job has one run
 * at a time), start or resume begins one, stop ends it. The status read before the call also keeps a first poll that
 * still shows the previous run's end from being taken for this run's.
 */
export function databaseIngestionJobControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: 'start' | 'resume',
	jobId: string,
	waitUntil: WaitUntil,
	parameters?: IDataObject,
	noVisibleEffectPolls = NO_VISIBLE_EFFECT_POLLS,
): JobControl<IDataObject> & { goal: () => 'finished' | 'running' } {
	let goal: 'finished' | 'running' = waitUntil === 'running' ? 'running' : 'finished';
	let previous: JobOutcome | undefined;
	const readStatus = async (): Promise<JobOutcome> => {
		const answer = await readJobStatus(ctx, itemIndex, jobId);
		if (waitUntil === 'auto') {
			goal = isDatabaseIngestionCdcMode(((answer.jobConfig ?? answer.extraData ?? {}) as IDataObject).taskMode) ? 'running' : 'finished';
		}
		return databaseIngestionOutcome(answer);
	};
	return {
		goal: () => goal,
		label: () => `Database Ingestion job ${jobId}`,
		findRunning: async () => {
			// A status the service refused to give (e.g. 404) leaves it to the start's own answer (409 when a run is going);
			// a read with no answer (n8n cancelled the execution, the network failed) is not "no run going": it fails.
			previous = await readStatus().catch((error: unknown) => {
				const answered = error instanceof NodeApiError && /^\d{3}$/.test(String(error.httpCode ?? ''));
				if (answered && !ctx.getExecutionCancelSignal()?.aborted) return undefined;
				throw error;
			});
			return previous && isDatabaseIngestionRunActive(previous) ? previous : undefined;
		},
		start: async () => {
			const answer = await jobAction(ctx, itemIndex, action, jobId, parameters);
			return { run: { status: 'running', rawStatus: 'starting', jobId }, answer };
		},
		// 409 "Job is already running or not in DEPLOYED state": the engine reads the status to tell which.
		isAlreadyRunningRefusal: (error) => (error as { httpCode?: string | null }).httpCode === '409',
		readStatus,
		stop: async () => {
			await jobAction(contextOutlivingCancel(ctx), itemIndex, 'stop', jobId);
		},
		waitExtras: () => ({
			stale: previousDatabaseIngestionRun(previous),
			// A start the service accepted but that never shows a new run ends after a few polls, not at the timeout.
			stalePollLimit: noVisibleEffectPolls,
			goal: (outcome) => goal === 'running' && isDatabaseIngestionJobUp(outcome),
		}),
	};
}

/** A start's wait options (undefined: no wait) and "No Visible Effect After (Polls)", which is no WaitOptions field. */
export function readStartWaitOptions(ctx: IExecuteFunctions, itemIndex: number): { wait: WaitOptions | undefined; noVisibleEffectPolls: number } {
	const wait = readRunWaitOptions(ctx, itemIndex) as (WaitOptions & { noVisibleEffectPolls?: unknown }) | undefined;
	const polls = Number(wait?.noVisibleEffectPolls ?? NO_VISIBLE_EFFECT_POLLS);
	if (wait) delete wait.noVisibleEffectPolls;
	return { wait, noVisibleEffectPolls: Number.isFinite(polls) && polls >= 0 ? Math.floor(polls) : NO_VISIBLE_EFFECT_POLLS };
}

/** Sends start or resume once (or attaches to the run going), then (when asked) polls job/status until the goal. */
export async function startOrResumeJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: 'start' | 'resume',
	jobId: string,
	parameters?: IDataObject,
): Promise<IDataObject> {
	const { wait, noVisibleEffectPolls } = readStartWaitOptions(ctx, itemIndex);
	const waitUntil = ctx.getNodeParameter('waitUntil', itemIndex, 'auto') as WaitUntil;
	const control = databaseIngestionJobControl(ctx, itemIndex, action, jobId, waitUntil, parameters, noVisibleEffectPolls);
	const result = await startOrAttach(control, readRunPolicy(ctx, itemIndex), wait, {
		node: ctx.getNode(),
		itemIndex,
		cancelSignal: ctx.getExecutionCancelSignal(),
	});
	const run = jobRunToJson(result);
	if (!wait) return { jobId, ...(result.answer ?? {}), ...(result.attached ? run : { attached: false, startedByThisItem: true }) };
	return { jobId, ...(result.answer ?? {}), ...run, waitedUntil: control.goal() };
}

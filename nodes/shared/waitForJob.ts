import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { JobOutcome, JobStatus } from './jobOutcome';
import { isFailure, isTerminal, outcomeToJson } from './jobOutcome';
import { turnOf } from './turnstile';

export interface WaitOptions {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	/** Stop the job when the wait times out. */
	cancelOnTimeout: boolean;
	/** The wait gives up (fails the item) at this many failed status reads in a row: 3 gives up at the 3rd. */
	maxConsecutivePollFailures: number;
	/** Throw (fail the item) when the job ends failed or cancelled, or the wait times out. */
	failOnJobFailure: boolean;
	treatWarningAsFailure: boolean;
}

export const DEFAULT_WAIT: WaitOptions = {
	pollIntervalSeconds: 10,
	timeoutSeconds: 3600,
	cancelOnTimeout: false,
	maxConsecutivePollFailures: 3,
	failOnJobFailure: true,
	treatWarningAsFailure: false,
};

/** How a wait ended: the job reached a terminal status or the goal, or the time ran out, or n8n cancelled. */
/** `noVisibleEffect`: every poll up to `stalePollLimit` still showed the previous run (see WaitTarget.stalePollLimit). */
export type WaitEnd = 'finished' | 'goalReached' | 'timeout' | 'aborted' | 'noVisibleEffect';

export interface WaitResult {
	outcome: JobOutcome;
	end: WaitEnd;
	polls: number;
	failedPolls: number;
	waitedSeconds: number;
	cancelledOnTimeout: boolean;
}

export interface WaitTarget {
	/** Reads the job's current outcome; may throw (counted as a failed poll). */
	readStatus: () => Promise<JobOutcome>;
	/** Stops the job (used by cancel-on-timeout). */
	cancelJob?: () => Promise<void>;
	/** The outcome known at start; the first poll happens after one interval. */
	initial?: JobOutcome;
	/**
	 * True while the status read still shows the previous run (or state), not the one just started: it then counts as
	 * running, with " (previous run)" after its raw status ("Starting" when it has none). Bounded by the timeout like any wait.
	 */
	stale?: (outcome: JobOutcome) => boolean;
	/**
	 * With `stale`: after this many polls in a row (from the first) that still show the previous run, the start had no
	 * visible effect: the wait ends `noVisibleEffect` with outcome failed (the last status kept in rawStatus) instead of
	 * waiting for the timeout. Undefined or 0: only the timeout bounds it.
	 */
	stalePollLimit?: number;
	/** Ends the wait early when true (e.g. "CDC running"); terminal statuses always end it. */
	goal?: (outcome: JobOutcome) => boolean;
	/** A short name for messages, e.g. "job 42". */
	label: string;
	/**
	 * Runs once when n8n cancelled the execution (the user's stop, or the workflow timeout), before onEnd: may stop
	 * the job and return the outcome the item reports instead of the last one read.
	 */
	onAbort?: (last: JobOutcome | undefined) => Promise<JobOutcome | undefined>;
	/** Runs once the wait has ended, before the failure rules: may add details (a log, row counts) to the outcome. */
	onEnd?: (outcome: JobOutcome, end: WaitEnd) => Promise<void>;
	/** Extra text for the error of a failed job (e.g. the last lines of its log). */
	failureHint?: (outcome: JobOutcome) => string | undefined;
	/** Fields the failed job's error item carries besides the outcome (task id, run id). */
	context?: IDataObject;
}

export interface WaitEnvironment {
	node: INode;
	itemIndex?: number;
	cancelSignal?: AbortSignal;
	sleepFn?: (ms: number) => Promise<void>;
	now?: () => number;
	/**
	 * This wait is still part of the item's start phase (the wait for someone else's run before this item's own
	 * start): in an ordered item loop the next item keeps waiting for its turn. Any other wait ends the start phase.
	 */
	holdsTurn?: boolean;
}

/** `sleepFn(ms)`, ended early by n8n's cancel. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, sleepFn: (ms: number) => Promise<void>): Promise<void> {
	if (!signal) return sleepFn(ms);
	if (signal.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done);
		sleepFn(ms).then(done, done);
	});
}

/** The wait's result as output fields, next to the outcome. */
export function waitResultToJson(result: WaitResult): IDataObject {
	return {
		...outcomeToJson(result.outcome),
		wait: {
			end: result.end,
			polls: result.polls,
			failedPolls: result.failedPolls,
			waitedSeconds: result.waitedSeconds,
			cancelledOnTimeout: result.cancelledOnTimeout,
		},
	};
}

/**
 * Polls a started job until it ends (or reaches the caller's goal), bounded by a timeout, tolerant of a few failed
 * status reads, honouring n8n's cancel signal. Fails the item on a failed job when asked to.
 */
export async function waitForJob(target: WaitTarget, options: WaitOptions, env: WaitEnvironment): Promise<WaitResult> {
	// The item's start phase is over: in an ordered item loop the next item begins while this one waits.
	if (!env.holdsTurn) turnOf(env.cancelSignal)?.waitBegins();
	const now = env.now ?? Date.now;
	const sleepFn = env.sleepFn ?? sleep;
	const started = now();
	const deadline = started + options.timeoutSeconds * 1000;
	const intervalMs = Math.max(0, options.pollIntervalSeconds * 1000);
	let outcome = target.initial;
	let polls = 0;
	let failedPolls = 0;
	let consecutiveFailures = 0;
	let lastError: unknown;
	let end: WaitEnd | undefined;

	const reached = (o: JobOutcome | undefined): WaitEnd | undefined => {
		if (!o) return undefined;
		if (isTerminal(o.status)) return 'finished';
		if (target.goal?.(o)) return 'goalReached';
		return undefined;
	};

	let stalePolls = 0;
	let everMoved = false;
	const asRead = (o: JobOutcome): JobOutcome => {
		if (!target.stale?.(o)) {
			everMoved = true;
			return o;
		}
		if (!everMoved) stalePolls++;
		return { ...o, status: 'running', rawStatus: o.rawStatus ? `${o.rawStatus} (previous run)` : 'Starting' };
	};
	const staleLimit = target.stalePollLimit && target.stalePollLimit > 0 ? target.stalePollLimit : undefined;
	let lastStale: JobOutcome | undefined;

	const poll = async (): Promise<boolean> => {
		polls++;
		try {
			const read = await target.readStatus();
			outcome = asRead(read);
			if (!everMoved) lastStale = read;
			consecutiveFailures = 0;
			return true;
		} catch (error) {
			// A read cut off by n8n's cancel is no failed read: the wait goes to its cancel path (the stop), not to the give-up.
			if (env.cancelSignal?.aborted) return false;
			failedPolls++;
			consecutiveFailures++;
			lastError = error;
			return false;
		}
	};

	end = reached(outcome);
	while (!end) {
		if (env.cancelSignal?.aborted) {
			end = 'aborted';
			break;
		}
		const remaining = deadline - now();
		if (remaining <= 0) break;
		await abortableSleep(Math.min(intervalMs, remaining), env.cancelSignal, sleepFn);
		if (env.cancelSignal?.aborted) {
			end = 'aborted';
			break;
		}
		const ok = await poll();
		if (!ok && env.cancelSignal?.aborted) {
			end = 'aborted';
			break;
		}
		if (!ok && consecutiveFailures >= options.maxConsecutivePollFailures) {
			const message = lastError instanceof Error ? lastError.message : String(lastError);
			const failure = new NodeOperationError(env.node, `Could not read the status of ${target.label}: ${message}`, {
				itemIndex: env.itemIndex,
				description: `${consecutiveFailures} status reads failed in a row; the job may still be running.`,
			});
			if (lastError && typeof lastError === 'object' && 'httpCode' in lastError) {
				(failure as NodeOperationError & { httpCode?: unknown }).httpCode = (lastError as { httpCode?: unknown }).httpCode;
			}
			throw failure;
		}
		end = reached(outcome);
		if (!end && staleLimit !== undefined && !everMoved && stalePolls >= staleLimit && lastStale) {
			end = 'noVisibleEffect';
			outcome = {
				...lastStale,
				status: 'failed',
				rawStatus: `${lastStale.rawStatus} (previous run)`,
				error: {
					message: `The start had no visible effect: after ${stalePolls} polls the status still shows the previous run (${lastStale.rawStatus}${
						lastStale.endedAt ? `, ended ${lastStale.endedAt}` : ''
					})`,
				},
			};
		}
	}

	let cancelledOnTimeout = false;
	if (!end) {
		// One last read before declaring a timeout: the job may have finished during the final interval.
		await poll();
		end = reached(outcome) ?? (env.cancelSignal?.aborted ? 'aborted' : 'timeout');
		if (end === 'timeout' && options.cancelOnTimeout && target.cancelJob) {
			await target.cancelJob();
			cancelledOnTimeout = true;
		}
	}

	if (end === 'aborted' && target.onAbort) outcome = (await target.onAbort(outcome)) ?? outcome;
	const finalOutcome: JobOutcome = outcome ?? { status: 'running', rawStatus: 'unknown' };
	if (target.onEnd) await target.onEnd(finalOutcome, end);
	const result: WaitResult = {
		outcome: finalOutcome,
		end,
		polls,
		failedPolls,
		waitedSeconds: Math.round((now() - started) / 100) / 10,
		cancelledOnTimeout,
	};

	if (options.failOnJobFailure) {
		if (end === 'timeout') {
			throw new NodeOperationError(env.node, `Timed out after ${options.timeoutSeconds}s waiting for ${target.label}`, {
				itemIndex: env.itemIndex,
				description: `Last status: ${finalOutcome.rawStatus} (${finalOutcome.status}).${cancelledOnTimeout ? ' The job was stopped.' : ' The job was left running.'}`,
			});
		}
		if (end === 'noVisibleEffect') {
			const error = new NodeOperationError(env.node, `The start of ${target.label} had no visible effect`, {
				itemIndex: env.itemIndex,
				description: `${finalOutcome.error?.message ?? ''}. Nothing shows a new run: check the job in the service before starting it again.`.replace(/^\. /, ''),
			});
			(error as NodeOperationError & { jobOutcome?: IDataObject }).jobOutcome = { ...(target.context ?? {}), ...outcomeToJson(finalOutcome) };
			throw error;
		}
		if (end === 'finished' && isFailure(finalOutcome.status, options.treatWarningAsFailure)) {
			throw jobFailedError(env, target.label, finalOutcome, { hint: target.failureHint?.(finalOutcome), context: target.context });
		}
	}
	return result;
}

export function jobFailedError(
	env: { node: INode; itemIndex?: number },
	label: string,
	outcome: JobOutcome,
	extra: { hint?: string; context?: IDataObject } = {},
): NodeOperationError {
	const verb: Record<JobStatus, string> = {
		failed: 'failed',
		cancelled: 'was cancelled',
		warning: 'ended with warnings',
		succeeded: 'succeeded',
		running: 'is running',
	};
	const reason = outcome.error?.message ? `: ${outcome.error.message}` : '';
	const error = new NodeOperationError(env.node, `${label} ${verb[outcome.status]}${reason}`, {
		itemIndex: env.itemIndex,
		description: `Status ${outcome.rawStatus}.${extra.hint ? ` ${extra.hint}` : ''}`,
	});
	(error as NodeOperationError & { jobOutcome?: IDataObject }).jobOutcome = { ...(extra.context ?? {}), ...outcomeToJson(outcome) };
	return error;
}

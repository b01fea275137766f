import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { finishDespiteCancel, NotStartedOnCancelError } from './afterCancel';
import type { JobOutcome } from './jobOutcome';
import { outcomeToJson } from './jobOutcome';
import { recoverLostStart } from './lostStart';
import type { JobControl, JobRunResult, RunPolicy } from './jobRunTypes';
import { turnOf } from './turnstile';
import type { WaitEnvironment, WaitOptions, WaitResult } from './waitForJob';
import { DEFAULT_WAIT, waitForJob, waitResultToJson } from './waitForJob';

export type { IfAlreadyRunning, JobControl, JobRunResult, RunPolicy, RunWaitExtras } from './jobRunTypes';
export { DEFAULT_RUN_POLICY } from './jobRunTypes';

/** Start rounds when "wait, then start" meets a new run each time: bounds a job that others keep restarting. */
const MAX_START_ROUNDS = 3;

function runName(run: JobOutcome): string {
	const parts = [run.runId ? `run ${run.runId}` : undefined, run.startedAt ? `started ${run.startedAt}` : undefined].filter(Boolean);
	return parts.length ? ` (${parts.join(', ')})` : '';
}

function alreadyRunningError(control: JobControl<unknown>, running: JobOutcome, env: WaitEnvironment, cause?: unknown): NodeOperationError {
	const error = new NodeOperationError(env.node, `${control.label(running)} is already running${runName(running)}`, {
		itemIndex: env.itemIndex,
		description: `"If the Job Is Already Running" is set to Fail, so no new run was started. Status ${running.rawStatus}.${
			cause instanceof Error ? ` The service answered: ${cause.message}` : ''
		}`,
	});
	(error as NodeOperationError & { jobOutcome?: IDataObject }).jobOutcome = { ...outcomeToJson(running), attached: false, startedByThisItem: false };
	return error;
}

/** Waits for someone else's run to end before this item starts its own; its failure is not this item's failure. */
async function waitForPreviousRun(
	control: JobControl<unknown>,
	running: JobOutcome,
	wait: WaitOptions,
	env: WaitEnvironment,
): Promise<WaitResult> {
	const result = await waitForJob(
		{ readStatus: () => control.readStatus(running), initial: running, label: control.label(running), goal: control.waitExtras?.(running).goal },
		{ ...wait, failOnJobFailure: false, cancelOnTimeout: false },
		// Still this item's start phase: the next item starts after this item's own start, in input order.
		{ ...env, holdsTurn: true },
	);
	if (result.end === 'timeout') {
		throw new NodeOperationError(env.node, `${control.label(running)} was still running after ${wait.timeoutSeconds}s`, {
			itemIndex: env.itemIndex,
			description: `"If the Job Is Already Running" is set to wait for it, then start a new run; the wait timed out, so no new run was started. Last status: ${result.outcome.rawStatus}.`,
		});
	}
	return result;
}

/**
 * Starts a job's run once, or attaches to the run already going, and (when asked) waits for the run's end:
 * the one engine behind every vendor's start operation.
 *
 * "Already running" is known before the start where `findRunning` can tell, and from the vendor's refusal after it
 * (a run started by someone else in between). The start call itself is sent once per round and never retried
 * here; a refusal means the server did not start anything, and with no run of this job to follow it is the item's error.
 *
 * In an ordered item loop (items.ts, turnstile.ts) the start phase waits for its turn: the items before this one
 * have started (or attached, or failed), and an earlier item's wait on the same job has ended, as it had when the
 * items ran one after another. The wait then runs outside the turnstile, together with the other items' waits.
 */
export async function startOrAttach<Answer = IDataObject>(
	control: JobControl<Answer>,
	policy: RunPolicy,
	wait: WaitOptions | undefined,
	env: WaitEnvironment,
): Promise<JobRunResult<Answer>> {
	const turn = turnOf(env.cancelSignal);
	const label = control.slot?.() ?? control.label();
	await turn?.awaitStartTurn(label);
	const followRun = async (result: JobRunResult<Answer>): Promise<JobRunResult<Answer>> => {
		turn?.startDone();
		const ended = wait ? turn?.following(label) : undefined;
		try {
			return await follow(control, policy, wait, env, result);
		} finally {
			ended?.();
		}
	};
	try {
		return await startOrAttachInTurn(control, policy, wait, env, followRun);
	} finally {
		turn?.startDone();
	}
}

async function startOrAttachInTurn<Answer>(
	control: JobControl<Answer>,
	policy: RunPolicy,
	wait: WaitOptions | undefined,
	env: WaitEnvironment,
	followRun: (result: JobRunResult<Answer>) => Promise<JobRunResult<Answer>>,
): Promise<JobRunResult<Answer>> {
	const refuseIfCancelled = () => {
		if (!env.cancelSignal?.aborted) return;
		// n8n refuses every request of a cancelled execution; say so plainly instead of a request error.
		throw new NotStartedOnCancelError(env.node, `The execution was cancelled before ${control.label()} was started`, { itemIndex: env.itemIndex });
	};
	refuseIfCancelled();
	const findRunning = async (): Promise<JobOutcome | undefined> => {
		if (!control.findRunning) return undefined;
		const found = await control.findRunning().then(
			(running) => ({ running, error: undefined }),
			(error: unknown) => ({ running: undefined, error: error ?? new Error('The look for a running run failed') }),
		);
		// The cancel cut the status read off: say that, not the aborted request.
		if (found.error) refuseIfCancelled();
		if (found.error) throw found.error;
		return found.running;
	};
	let previousRun: JobOutcome | undefined;
	let startCalls = 0;
	// A start whose answer was lost was sent, and the status then still showed the run from before it: the start is
	// being sent again. From then on a run going, or the vendor's "already running", is that first start's run.
	let answerLost = false;
	const ownLostRun = (run: JobOutcome) =>
		followRun({ run, attached: false, startedByThisItem: true, previousRun, startCalls, startConfirmedByStatus: true });
	for (let round = 1; ; round++) {
		let running = await findRunning();
		let refusal: unknown;
		// The status caught up with the start whose answer was lost (it lags, as CData Sync's can): that run is this item's.
		if (running && answerLost) return await ownLostRun(running);
		if (!running) {
			// A cancel during the look for a running run (its status read aborted) must not end in a start.
			refuseIfCancelled();
			startCalls++;
			// Once sent, the start is not cut off by a cancel: its run would go on unstopped and unreported. Its answer
			// comes back (or its error, then checked below), and the wait's cancel path then stops the run it started.
			const attempt = await finishDespiteCancel(env.cancelSignal, async () => await control.start()).then(
				(started) => ({ started, error: undefined }),
				(error: unknown) => ({ started: undefined, error }),
			);
			const calls = startCalls > 1 ? { startCalls } : {};
			if (attempt.started) {
				const { run, answer } = attempt.started;
				return await followRun({ run, answer, attached: false, startedByThisItem: true, previousRun, ...calls });
			}
			if (!control.isAlreadyRunningRefusal?.(attempt.error)) {
				const recovered = await recoverLostStart(control, attempt.error, startCalls, env);
				if (recovered === 'startAgain') {
					answerLost = true;
					round--;
					continue;
				}
				if (recovered === 'notStarted') {
					throw new NodeOperationError(env.node, `The execution was cancelled while the start of ${control.label()} was unanswered`, {
						itemIndex: env.itemIndex,
						description: `The status read after the cancel still shows the run from before the start, so no new run was seen. The start's error: ${
							attempt.error instanceof Error ? attempt.error.message : String(attempt.error)
						}`,
					});
				}
				if (!recovered) throw attempt.error;
				return await followRun({ run: recovered, attached: false, startedByThisItem: true, previousRun, startCalls, startConfirmedByStatus: true });
			}
			refusal = attempt.error;
			if (answerLost) {
				// The start sent again after a lost answer was refused as already running: the first start landed, its run
				// not yet on the status (which showed the run from before). Followed as this item's own run, not attached to;
				// the wait tells it from the previous run as after any start (waitExtras().stale), so the status is not read
				// here again, and startCalls counts both calls.
				return await ownLostRun({ status: 'running', rawStatus: 'Starting' });
			}
			running = await findRunning();
			// No run of this job to follow (it ended meanwhile, or the vendor's one slot is taken by another job): the refusal stands.
			if (!running) throw attempt.error;
		}
		if (policy.ifAlreadyRunning === 'fail') throw alreadyRunningError(control, running, env, refusal);
		if (policy.ifAlreadyRunning === 'attach') {
			return await followRun({ run: running, attached: true, startedByThisItem: false });
		}
		if (round >= MAX_START_ROUNDS) throw alreadyRunningError(control, running, env, refusal);
		const previous = await waitForPreviousRun(control, running, wait ?? DEFAULT_WAIT, env);
		previousRun = previous.outcome;
		if (previous.end === 'aborted') {
			return { run: previous.outcome, attached: true, startedByThisItem: false, previousRun, stoppedOnCancel: false, wait: previous };
		}
	}
}

/**
 * Follows the job's current run without starting one: the status operations' "Wait for Completion". The run found
 * is someone else's, so it is stopped on cancel or timeout only when the user allowed stopping attached runs.
 */
export async function followCurrentRun(
	control: Pick<JobControl<unknown>, 'label' | 'readStatus' | 'stop' | 'waitExtras'> & { readCurrent: () => Promise<JobOutcome> },
	policy: Pick<RunPolicy, 'stopAttachedRun'>,
	wait: WaitOptions,
	env: WaitEnvironment,
): Promise<JobRunResult<never>> {
	const current = await control.readCurrent();
	return await follow({ ...control, start: async () => Promise.reject(new Error('not used')) }, { ifAlreadyRunning: 'attach', stopOnCancel: false, ...policy }, wait, env, {
		run: current,
		attached: current.status === 'running',
		startedByThisItem: false,
	});
}

async function follow<Answer>(
	control: JobControl<Answer>,
	policy: RunPolicy,
	wait: WaitOptions | undefined,
	env: WaitEnvironment,
	result: JobRunResult<Answer>,
): Promise<JobRunResult<Answer>> {
	if (!wait) return result;
	const { run } = result;
	const mayStop = control.stop !== undefined && (result.startedByThisItem || policy.stopAttachedRun);
	const stopOnCancel = mayStop && (result.startedByThisItem ? policy.stopOnCancel : policy.stopAttachedRun);
	const stop = async () => control.stop!(run);
	const onAbort = async (last: JobOutcome | undefined): Promise<JobOutcome | undefined> => {
		result.stoppedOnCancel = false;
		if (!stopOnCancel) return last;
		try {
			await stop();
			result.stoppedOnCancel = true;
			return { ...(last ?? run), status: 'cancelled' };
		} catch (error) {
			result.stopError = error instanceof Error ? error.message : String(error);
			return last;
		}
	};
	result.wait = await waitForJob(
		{
			...control.waitExtras?.(run),
			readStatus: () => control.readStatus(run),
			cancelJob: mayStop ? stop : undefined,
			initial: run,
			label: control.label(run),
			onAbort,
		},
		wait,
		env,
	);
	result.run = result.wait.outcome;
	return result;
}

/** The run's output fields every vendor shares: the outcome, the wait, and how the item came to the run. */
export function jobRunToJson(result: JobRunResult<unknown>): IDataObject {
	const json: IDataObject = result.wait ? waitResultToJson(result.wait) : outcomeToJson(result.run);
	json.attached = result.attached;
	json.startedByThisItem = result.startedByThisItem;
	if (result.stoppedOnCancel !== undefined) json.stoppedOnCancel = result.stoppedOnCancel;
	if (result.stopError !== undefined) json.stopError = result.stopError;
	if (result.previousRun) json.previousRun = outcomeToJson(result.previousRun);
	if (result.startCalls !== undefined) json.startCalls = result.startCalls;
	if (result.startConfirmedByStatus) json.startConfirmedByStatus = true;
	return json;
}

import { sleep } from 'n8n-workflow';

import { finishDespiteCancel } from './afterCancel';
import type { JobOutcome } from './jobOutcome';
import { isTerminal } from './jobOutcome';
import type { JobControl } from './jobRun';
import { answerMayBeLost, backoffMs, DEFAULT_RETRY } from './retry';
import type { WaitEnvironment } from './waitForJob';
import { abortableSleep } from './waitForJob';

/** Start calls per item when their answers are lost and the status shows each time that nothing started. */
const MAX_START_CALLS = 5;

/**
 * A start whose answer was lost (a 5xx, no answer, an unreadable answer: see answerMayBeLost) may or may not have
 * started the run. The job's status tells, where the vendor can tell its runs apart (`waitExtras().stale`: the status
 * still shows the run from before the start): a new run, going or ended, is this item's run, to follow; the run
 * from before means nothing started, so the start may be sent again (up to MAX_START_CALLS, after a backoff).
 * A vendor that cannot tell the runs apart gets only the first: a run going now, that was not going before the start.
 * Anything else (the status cannot be read, or does not tell) keeps the start's own error: never a second start
 * that could run the job twice. After n8n's cancel the status is still read (the run found is the item's, for the
 * cancel path to stop); the run from before still showing is then 'notStarted', never a second start.
 */
export async function recoverLostStart(
	control: JobControl<unknown>,
	error: unknown,
	startCalls: number,
	env: WaitEnvironment,
): Promise<JobOutcome | 'startAgain' | 'notStarted' | undefined> {
	if (!answerMayBeLost(error)) return undefined;
	const probe: JobOutcome = { status: 'running', rawStatus: 'Starting' };
	const stale = control.waitExtras?.(probe).stale;
	const sleepFn = env.sleepFn ?? sleep;
	const backoff = backoffMs(startCalls, DEFAULT_RETRY);
	// After n8n's cancel the check still happens (the run the start may have begun is this item's to stop), through
	// requests the cancel does not cut off, after the full backoff; but no start is sent again.
	if (env.cancelSignal?.aborted) await sleepFn(backoff);
	else await abortableSleep(backoff, env.cancelSignal, sleepFn);
	const cancelled = () => env.cancelSignal?.aborted === true;
	try {
		return await finishDespiteCancel(env.cancelSignal, async () => {
			if (!stale) return control.findRunning ? await control.findRunning() : undefined;
			const now = await control.readStatus(probe);
			if (stale(now)) return cancelled() ? 'notStarted' : startCalls < MAX_START_CALLS ? 'startAgain' : undefined;
			return now.status === 'running' || isTerminal(now.status) ? now : undefined;
		});
	} catch {
		return undefined;
	}
}

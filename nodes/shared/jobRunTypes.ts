import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from './jobOutcome';
import type { WaitResult, WaitTarget } from './waitForJob';

/** The run engine's shapes (jobRun.ts): a vendor's job control, the run policy and a run's result. */

/** What a start does when the job already has a run going. */
export type IfAlreadyRunning = 'attach' | 'waitThenStart' | 'fail';

export interface RunPolicy {
	ifAlreadyRunning: IfAlreadyRunning;
	/** Stop the run this item started when n8n cancels the execution (the user's stop or the workflow timeout). */
	stopOnCancel: boolean;
	/** Also stop a run this item attached to (someone else's) on cancel, and on "Cancel on Timeout". */
	stopAttachedRun: boolean;
}

export const DEFAULT_RUN_POLICY: RunPolicy = { ifAlreadyRunning: 'attach', stopOnCancel: true, stopAttachedRun: false };

/** Wait-target extras a vendor adds for the run it waits on (a goal, a log on failure). */
export type RunWaitExtras = Pick<WaitTarget, 'goal' | 'stale' | 'stalePollLimit' | 'onEnd' | 'failureHint' | 'context'>;

/** The vendor behaviour the engine needs, handed in by the vendor's operation. */
export interface JobControl<Answer = IDataObject> {
	/** "job 42", or "job 42 run 7" when a run is known. */
	label: (run?: JobOutcome) => string;
	/**
	 * What can run once at a time, when more than the job: items that run together (items.ts) start on one slot only
	 * after the earlier item's wait on it has ended, as they did one after another. Default: the job (`label()`).
	 * A vendor that runs one job at a time in all (Relational Migrator) names one slot for every job.
	 */
	slot?: () => string;
	/** The run going now, undefined when none; read before the start and after an "already running" refusal. */
	findRunning?: () => Promise<JobOutcome | undefined>;
	/** Sends the one start call; `run` is the started run as the answer describes it (status running when unknown). */
	start: () => Promise<{ run: JobOutcome; answer: Answer }>;
	/** Whether a failed start is the vendor refusing because a run is already going (409 and its kin). */
	isAlreadyRunningRefusal?: (error: unknown) => boolean;
	/** Reads the status of one run (the started one or the attached one). */
	readStatus: (run: JobOutcome) => Promise<JobOutcome>;
	/** Stops one run; sent through a context that outlives n8n's cancel (see afterCancel.ts). */
	stop?: (run: JobOutcome) => Promise<void>;
	/** Extras for the wait on `run`. */
	waitExtras?: (run: JobOutcome) => RunWaitExtras;
}

export interface JobRunResult<Answer = IDataObject> {
	/** The run the item reports: the one it started or the one it attached to. */
	run: JobOutcome;
	/** The start's answer; undefined when the item attached. */
	answer?: Answer;
	attached: boolean;
	startedByThisItem: boolean;
	/** The wait on `run`, when the item waited. */
	wait?: WaitResult;
	/** Whether a stop was sent because n8n cancelled the execution; undefined when the execution was not cancelled. */
	stoppedOnCancel?: boolean;
	stopError?: string;
	/** The run that was going before this item's start ("Wait for It, Then Start a New Run"). */
	previousRun?: JobOutcome;
	/**
	 * Start calls sent, when more than one or when the start's answer was lost: a start that met a transient failure
	 * (5xx, no answer, an unreadable answer) is checked against the job's status, and sent again only where the
	 * status still shows the run from before it (see recoverLostStart).
	 */
	startCalls?: number;
	/** The start's answer was lost, and the status showed that the start had taken effect: the item follows that run. */
	startConfirmedByStatus?: boolean;
}

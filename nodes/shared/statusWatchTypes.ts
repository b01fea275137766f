import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome, JobStatus } from './jobOutcome';

/** The status-watching engine's shapes (statusWatch.ts): the runs a vendor lists, and the state saved between polls. */

/** One run as the vendor's listing shows it now. */
export interface WatchedRun {
	/** Unique per run: a new run of the same job must have a new key. */
	key: string;
	/** Compared between polls; any change is a transition (e.g. "RUNNING" or "COMPLETED/RUNNING" for status plus CDC status). */
	state: string;
	outcome: JobOutcome;
	/** Vendor fields for the output item. */
	data?: IDataObject;
	/** Epoch ms used to order the items (oldest first) and to tell a job's new runs from its old ones; defaults to now. */
	sortTime?: number;
	/** The job the run belongs to: the engine keeps a cursor per job, so an old run listed again (a job's history) stays quiet. */
	job?: string;
	/** The vendor shows only the job's newest run: a run replaced before any poll saw it end was missed. */
	latestOnly?: boolean;
	/** Runs the vendor knows went unseen before this one, on top of what the engine finds. */
	missedRuns?: number;
}

/** A job's cursor: its newest run seen after the last successful poll. */
export interface JobCursor {
	/** key of the newest run */
	k: string;
	/** its sortTime (0: none) */
	at: number;
	/** its state and outcome */
	s: string;
	o: JobStatus | '';
	/** the vendor's cheap fingerprint of the job (a status and run id), to skip extra reads of unchanged jobs */
	q?: string;
	/** last seen, epoch ms */
	t: number;
	/** the poll (its time, epoch ms) that last had the job in scope (selected or listed), read or not */
	w?: number;
}

export interface RunListing {
	runs: WatchedRun[];
	/** Opaque position for the next poll (e.g. the newest end time seen); saved with the state. */
	cursor?: string;
	/** Per job: the vendor's fingerprint, handed back through `PreviousPoll.job(id).q` on the next poll. */
	fingerprints?: Record<string, string>;
	/**
	 * The jobs this poll watches (selected or listed), read or not (a poll cut short by its budget reads only some).
	 * A job's cursor counts only while the job stays in scope: a job taken out of the selection and added back later is
	 * a job first seen again, so the runs it had meanwhile stay quiet.
	 */
	scope?: string[];
	/**
	 * For runs of no job (each run its own key: Data Integration, taskflows, Relational Migrator): a run never seen is
	 * new only when its sortTime is at most this long before the newest sortTime seen so far (vendor clock against vendor
	 * clock); default 5 minutes. Runs a changed filter brings into view, long ended, stay quiet.
	 */
	newRunGraceMs?: number;
}

export interface SavedRun {
	/** state */
	s: string;
	/** outcome status */
	o: JobStatus;
	/** last seen, epoch ms */
	t: number;
	/** states seen so far (part of the event id, so a state seen again later is a new event) */
	n?: number;
}

export interface WatchState {
	version: 2;
	/** Random per baseline: names this watch in event ids and in the in-process guard. */
	id: string;
	runs: Record<string, SavedRun>;
	jobs: Record<string, JobCursor>;
	cursor?: string;
	lastPollAt?: string;
	/** Newest sortTime of the runs of no job seen so far (vendor clock), epoch ms. */
	newest?: number;
}

export interface StatusWatchOptions {
	/** Emit only transitions into these outcomes; empty means all. */
	outcomes?: JobStatus[];
	/** Forget runs and jobs not seen for this long. */
	forgetAfterMs?: number;
	/** Keep at most this many runs in the saved state (the most recently seen). */
	maxRuns?: number;
	/** Runs returned by a manual "fetch test event". */
	sampleSize?: number;
	now?: () => number;
}

/** What the last successful poll saved, for a vendor that reads more (a job's history) only for jobs that changed. */
export interface PreviousPoll {
	firstPoll: boolean;
	state(key: string): string | undefined;
	/** The job's cursor, undefined for a job not in scope at the last poll (first seen, or added back since). */
	job(job: string): JobCursor | undefined;
	/** The newest sortTime of the runs of no job seen so far (vendor clock), undefined before any. */
	newest?: number;
	/**
	 * False once the poll's time budget is spent (n8n 2.41 and later give one, `getPollBudgetMs()`; 1.x does not, and
	 * there it stays true): start no new read then. A job left unread keeps its saved cursor, so nothing is lost: the
	 * next poll reads it.
	 */
	timeLeft(): boolean;
	/** The jobs in the order to read them, the one read longest ago first: a poll cut short reaches the rest next time. */
	longestUnreadFirst<T>(jobs: readonly T[], id: (job: T) => string): T[];
}

export type ListRuns = (cursor: string | undefined, firstPoll: boolean, previous: PreviousPoll) => Promise<RunListing>;

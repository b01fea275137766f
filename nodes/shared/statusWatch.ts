import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { eventId } from './eventId';
import type { JobStatus } from './jobOutcome';
import { outcomeToJson } from './jobOutcome';
import { pollBudgetMs, pollDeadline } from './pollBudget';
import type { JobCursor, ListRuns, PreviousPoll, RunListing, SavedRun, StatusWatchOptions, WatchState, WatchedRun } from './statusWatchTypes';
import { firstTimeOnly, guardScope } from './twinPollGuard';

export { eventId } from './eventId';
export type { JobCursor, ListRuns, PreviousPoll, RunListing, StatusWatchOptions, WatchState, WatchedRun } from './statusWatchTypes';
export { outcomeFilter, outcomeFilterProperty } from './outcomeFilter';
export { forgetRecentEmissions } from './twinPollGuard';

const STATE_KEY = 'statusWatch';
/** A job first seen after the baseline: its runs that started up to this long before the last poll are new (clock skew). */
const NEW_JOB_GRACE_MS = 5 * 60 * 1000;

function newWatchId(now: number): string {
	return `w${now.toString(36)}${Math.floor(Math.random() * 0xffffffff).toString(36)}`;
}

function toItem(run: WatchedRun, previous: SavedRun | undefined, detectedAt: string, id: string, missed?: number): INodeExecutionData {
	const json: IDataObject = {
		...outcomeToJson(run.outcome),
		...(run.data ?? {}),
		eventId: id,
		key: run.key,
		state: run.state,
		previousState: previous?.s ?? null,
		previousOutcome: previous?.o ?? null,
		detectedAt,
	};
	if (run.latestOnly) {
		json.runsMayHaveBeenMissed = (missed ?? 0) > 0;
		json.missedRunsAtLeast = missed ?? 0;
	}
	return { json };
}

/** A saved state of any earlier version, read as version 2 (job cursors empty: the next poll records them silently). */
function migrate(saved: unknown): { state: WatchState; jobBaseline: boolean } | undefined {
	if (!saved || typeof saved !== 'object') return undefined;
	const s = saved as Partial<WatchState> & { version?: number };
	const runs = (s.runs ?? {}) as Record<string, SavedRun>;
	if (s.version === 2 && s.jobs && s.id) return { state: s as WatchState, jobBaseline: false };
	return { state: { version: 2, id: s.id ?? 'v1', runs, jobs: {}, cursor: s.cursor, lastPollAt: s.lastPollAt }, jobBaseline: true };
}

/** A cursor of a job that the last poll did not have in scope (taken out of the selection): it no longer counts. */
function outOfScope(cursor: JobCursor, saved: WatchState): boolean {
	if (cursor.w === undefined || !saved.lastPollAt) return false;
	return cursor.w < Date.parse(saved.lastPollAt);
}

/** Runs of no job before any was seen: new when their sortTime is at most this long before the last poll (n8n's clock). */
const UNKNOWN_CLOCK_GRACE_MS = 60 * 60 * 1000;

/** Sort times this far past the clock are not taken as the newest seen (one bogus date must not silence later runs). */
const FUTURE_SLACK_MS = 60 * 60 * 1000;

function passes(filter: JobStatus[], status: JobStatus): boolean {
	return filter.length === 0 || filter.includes(status);
}

/**
 * Pure diff of one poll against the saved state: what to emit (oldest first) and the state to save after a successful
 * poll. A run is emitted when it is new or its state changed; a run of a known job is new only when it is not older
 * than the newest run the job had at the last poll; a job first seen after the baseline counts runs that started since
 * the last poll. For a `latestOnly` job, a run replaced before a poll saw it end is counted in `missedRunsAtLeast`, and such an
 * item passes the outcome filter (the missed run may have had the outcome the user asked for).
 */
export function diffRuns(
	saved: WatchState | undefined,
	listing: RunListing,
	options: StatusWatchOptions,
	jobBaseline = !saved,
): { emit: INodeExecutionData[]; next: WatchState } {
	const now = (options.now ?? Date.now)();
	const detectedAt = new Date(now).toISOString();
	const forgetAfter = options.forgetAfterMs ?? 7 * 24 * 3600 * 1000;
	const maxRuns = options.maxRuns ?? 5000;
	const filter = options.outcomes ?? [];
	const watchId = saved?.id ?? newWatchId(now);
	const savedJobs: Record<string, JobCursor> = {};
	for (const [job, c] of Object.entries(saved?.jobs ?? {})) if (!(saved && outOfScope(c, saved))) savedJobs[job] = c;
	const runs: Record<string, SavedRun> = { ...(saved?.runs ?? {}) };
	const jobs: Record<string, JobCursor> = { ...savedJobs };
	const since = saved?.lastPollAt ? Date.parse(saved.lastPollAt) - NEW_JOB_GRACE_MS : -Infinity;
	// Before any run of no job was seen, n8n's clock stands in, with an hour for the vendor's clock to be behind.
	const newRunsSince =
		saved?.newest !== undefined ? saved.newest - (listing.newRunGraceMs ?? NEW_JOB_GRACE_MS) : saved?.lastPollAt ? Date.parse(saved.lastPollAt) - UNKNOWN_CLOCK_GRACE_MS : -Infinity;
	let newest = saved?.newest;
	const emit: INodeExecutionData[] = [];
	const ordered = [...listing.runs].sort((a, b) => (a.sortTime ?? now) - (b.sortTime ?? now));
	const newestOfJob = new Map<string, string>();
	for (const run of ordered) if (run.job !== undefined) newestOfJob.set(run.job, run.key);
	// Per job, the state before each run: a job's new run reports the job's run before it as "previous".
	const lastOfJob = new Map<string, SavedRun>();
	for (const [job, c] of Object.entries(savedJobs)) if (c.o) lastOfJob.set(job, { s: c.s, o: c.o, t: c.t });
	for (const run of ordered) {
		const previous = runs[run.key];
		const cursor = run.job !== undefined ? savedJobs[run.job] : undefined;
		const before = previous ?? (run.job !== undefined ? lastOfJob.get(run.job) : undefined);
		let isEvent: boolean;
		if (!saved) isEvent = false;
		// A job first seen, or added back to the selection (its cursor dropped): only runs since the last poll are new, even
		// a run seen before it left that ended meanwhile.
		else if (run.job !== undefined && !cursor && !jobBaseline) isEvent = (!previous || previous.s !== run.state) && (run.sortTime === undefined || run.sortTime > since);
		else if (previous) isEvent = previous.s !== run.state;
		else if (run.job === undefined) isEvent = run.sortTime === undefined || run.sortTime > newRunsSince;
		else if (cursor) isEvent = cursor.k === run.key ? cursor.s !== run.state : run.latestOnly || run.sortTime === undefined || run.sortTime >= cursor.at;
		else isEvent = !jobBaseline && (run.sortTime === undefined || run.sortTime > since);
		if (run.job === undefined && run.sortTime !== undefined && run.sortTime <= now + FUTURE_SLACK_MS) newest = Math.max(newest ?? -Infinity, run.sortTime);

		const changes = (previous?.n ?? 1) + (previous && previous.s !== run.state ? 1 : 0);
		if (isEvent) {
			let missed = run.missedRuns ?? 0;
			if (run.latestOnly && cursor && cursor.k !== run.key && cursor.at > 0 && cursor.o === 'running') missed += 1;
			if (passes(filter, run.outcome.status) || missed > 0) {
				emit.push(toItem(run, before, detectedAt, eventId(watchId, run.key, run.state, changes), missed));
			}
		}
		if (run.job !== undefined) lastOfJob.set(run.job, { s: run.state, o: run.outcome.status, t: now });
		// A job's old runs (read again with its history) are not kept: its cursor already says they are old.
		if (!previous && !isEvent && run.job !== undefined && newestOfJob.get(run.job) !== run.key) continue;
		runs[run.key] = { s: run.state, o: run.outcome.status, t: now, n: changes };
		if (run.job !== undefined) {
			const current = jobs[run.job];
			const at = run.sortTime ?? 0;
			if (!current || run.latestOnly || current.k === run.key || at >= current.at) {
				jobs[run.job] = { ...current, k: run.key, at, s: run.state, o: run.outcome.status, t: now };
			}
		}
	}
	for (const [job, q] of Object.entries(listing.fingerprints ?? {})) {
		jobs[job] = { ...(jobs[job] ?? { k: '', at: 0, s: '', o: '' }), q, t: now };
	}
	for (const job of listing.scope ?? []) if (jobs[job]) jobs[job] = { ...jobs[job], w: now };
	let entries = Object.entries(runs).filter(([, r]) => now - r.t <= forgetAfter);
	if (entries.length > maxRuns) entries = entries.sort((a, b) => b[1].t - a[1].t).slice(0, maxRuns);
	return {
		emit,
		next: {
			version: 2,
			id: watchId,
			runs: Object.fromEntries(entries),
			jobs: Object.fromEntries(Object.entries(jobs).filter(([, j]) => now - j.t <= forgetAfter)),
			cursor: listing.cursor ?? saved?.cursor,
			lastPollAt: detectedAt,
			...(newest === undefined ? {} : { newest }),
		},
	};
}

/**
 * The polling trigger's engine. First poll: records a baseline, emits nothing. Later polls: emits each run whose
 * state changed (or that appeared) once, each item with a stable `eventId`. Manual mode: returns a sample of recent
 * runs and saves nothing. The saved state changes only after the listing succeeded, so a failed poll loses nothing.
 */
export async function watchStatus(ctx: IPollFunctions, listRuns: ListRuns, options: StatusWatchOptions = {}): Promise<INodeExecutionData[][] | null> {
	const nodeData = ctx.getWorkflowStaticData('node') as IDataObject;
	const base = nodeData[STATE_KEY];
	const migrated = migrate(base);
	const saved = migrated?.state;
	const deadline = pollDeadline(ctx, Date.now());
	const lastRead = (job: string) => saved?.jobs[job]?.t ?? 0;
	const previous: PreviousPoll = {
		firstPoll: !saved,
		state: (key) => saved?.runs[key]?.s,
		job: (job) => {
			const cursor = migrated?.jobBaseline ? undefined : saved?.jobs[job];
			return cursor && saved && outOfScope(cursor, saved) ? undefined : cursor;
		},
		newest: saved?.newest,
		timeLeft: () => deadline === undefined || Date.now() < deadline,
		longestUnreadFirst: (jobs, id) =>
			jobs
				.map((job, index) => ({ job, index, t: lastRead(id(job)) }))
				.sort((a, b) => a.t - b.t || a.index - b.index)
				.map((entry) => entry.job),
	};

	if (ctx.getMode() === 'manual') {
		const listing = await listRuns(saved?.cursor, !saved, previous);
		const now = (options.now ?? Date.now)();
		const detectedAt = new Date(now).toISOString();
		// A test event's id is never a real event's: a workflow that records ids to act once, run on a test event, must
		// not then skip the real one.
		const sample = [...listing.runs]
			.filter((r) => !options.outcomes?.length || options.outcomes.includes(r.outcome.status))
			.sort((a, b) => (b.sortTime ?? 0) - (a.sortTime ?? 0))
			.slice(0, options.sampleSize ?? 5)
			.map((run) => toItem(run, saved?.runs[run.key], detectedAt, eventId(`test event:${saved?.id ?? ''}`, run.key, run.state, saved?.runs[run.key]?.n ?? 1)));
		return sample.length ? [sample] : null;
	}

	const listing = await listRuns(saved?.cursor, !saved, previous);
	// Two polls of this node overlapping in one process share the static data: when another one saved while this one
	// read, its state is newer than this poll's base. Saving this poll's would put older runs back (their end then fires
	// again, with another change count), so this poll emits and saves nothing; what only it saw is read again next poll.
	if (nodeData[STATE_KEY] !== base) return null;
	const { emit, next } = diffRuns(saved, listing, options, migrated?.jobBaseline ?? true);
	// Where n8n bounds a poll by a budget (2.41 durable polls), a poll it repeats from the same saved state is its retry
	// of a poll whose emission it dropped: the guard then only covers polls overlapping within one budget.
	const guardMs = pollBudgetMs(ctx);
	const fresh = emit.length ? firstTimeOnly(guardScope(ctx, next.id, saved?.lastPollAt), emit, (options.now ?? Date.now)(), guardMs) : emit;
	nodeData[STATE_KEY] = next as unknown as IDataObject;
	return fresh.length ? [fresh] : null;
}

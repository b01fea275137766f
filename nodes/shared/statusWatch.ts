import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { JobOutcome, JobStatus } from './jobOutcome';
import { JOB_STATUSES, outcomeToJson } from './jobOutcome';

/** One run as the vendor's listing shows it now. */
export interface WatchedRun {
	/** Unique per run: a new run of the same job must have a new key. */
	key: string;
	/** Compared between polls; any change is a transition (e.g. "RUNNING" or "COMPLETED/RUNNING" for status plus CDC status). */
	state: string;
	outcome: JobOutcome;
	/** Vendor fields for the output item. */
	data?: IDataObject;
	/** Epoch ms used to order samples and prune; defaults to now. */
	sortTime?: number;
}

export interface RunListing {
	runs: WatchedRun[];
	/** Opaque position for the next poll (e.g. the newest end time seen); saved with the state. */
	cursor?: string;
}

interface SavedRun {
	/** state */
	s: string;
	/** outcome status */
	o: JobStatus;
	/** last seen, epoch ms */
	t: number;
}

export interface WatchState {
	version: 1;
	runs: Record<string, SavedRun>;
	cursor?: string;
	lastPollAt?: string;
}

export interface StatusWatchOptions {
	/** Emit only transitions into these outcomes; empty means all. */
	outcomes?: JobStatus[];
	/** Forget runs not seen for this long. */
	forgetAfterMs?: number;
	/** Keep at most this many runs in the saved state (the most recently seen). */
	maxRuns?: number;
	/** Runs returned by a manual "fetch test event". */
	sampleSize?: number;
	now?: () => number;
}

/**
 * Lists the runs now. `previousState(key)` is the state saved for a run after the last successful poll, so a vendor can
 * skip extra reads (a run's history, say) for runs that did not change.
 */
export type ListRuns = (cursor: string | undefined, firstPoll: boolean, previousState: (key: string) => string | undefined) => Promise<RunListing>;

const STATE_KEY = 'statusWatch';

export function outcomeFilterProperty(): INodeProperties {
	return {
		displayName: 'Fire On Outcomes',
		name: 'outcomes',
		type: 'multiOptions',
		default: [],
		description: 'Fire only when a run changes into one of these outcomes. Leave empty to fire on every status change.',
		options: JOB_STATUSES.map((status) => ({
			name: status.charAt(0).toUpperCase() + status.slice(1),
			value: status,
		})),
	};
}

function toItem(run: WatchedRun, previous: SavedRun | undefined, detectedAt: string): INodeExecutionData {
	return {
		json: {
			...outcomeToJson(run.outcome),
			...(run.data ?? {}),
			key: run.key,
			state: run.state,
			previousState: previous?.s ?? null,
			previousOutcome: previous?.o ?? null,
			detectedAt,
		},
	};
}

/** Pure diff of one poll against the saved state: what to emit and the state to save after a successful poll. */
export function diffRuns(
	saved: WatchState | undefined,
	listing: RunListing,
	options: StatusWatchOptions,
): { emit: INodeExecutionData[]; next: WatchState } {
	const now = (options.now ?? Date.now)();
	const detectedAt = new Date(now).toISOString();
	const forgetAfter = options.forgetAfterMs ?? 7 * 24 * 3600 * 1000;
	const maxRuns = options.maxRuns ?? 5000;
	const filter = options.outcomes ?? [];
	const runs: Record<string, SavedRun> = { ...(saved?.runs ?? {}) };
	const emit: INodeExecutionData[] = [];
	const ordered = [...listing.runs].sort((a, b) => (a.sortTime ?? 0) - (b.sortTime ?? 0));
	for (const run of ordered) {
		const previous = runs[run.key];
		if (saved && (!previous || previous.s !== run.state)) {
			if (filter.length === 0 || filter.includes(run.outcome.status)) emit.push(toItem(run, previous, detectedAt));
		}
		runs[run.key] = { s: run.state, o: run.outcome.status, t: now };
	}
	let entries = Object.entries(runs).filter(([, r]) => now - r.t <= forgetAfter);
	if (entries.length > maxRuns) entries = entries.sort((a, b) => b[1].t - a[1].t).slice(0, maxRuns);
	return {
		emit,
		next: { version: 1, runs: Object.fromEntries(entries), cursor: listing.cursor ?? saved?.cursor, lastPollAt: detectedAt },
	};
}

/**
 * The polling trigger's engine. First poll: records a baseline, emits nothing. Later polls: emits each run whose
 * state changed (or that appeared) exactly once. Manual mode: returns a sample of recent runs and saves nothing.
 * The saved state changes only after the listing succeeded, so a failed poll loses nothing.
 */
export async function watchStatus(ctx: IPollFunctions, listRuns: ListRuns, options: StatusWatchOptions = {}): Promise<INodeExecutionData[][] | null> {
	const staticData = ctx.getWorkflowStaticData('node') as IDataObject;
	const saved = staticData[STATE_KEY] as WatchState | undefined;

	const previousState = (key: string) => saved?.runs[key]?.s;

	if (ctx.getMode() === 'manual') {
		const listing = await listRuns(saved?.cursor, !saved, previousState);
		const detectedAt = new Date((options.now ?? Date.now)()).toISOString();
		const sample = [...listing.runs]
			.filter((r) => !options.outcomes?.length || options.outcomes.includes(r.outcome.status))
			.sort((a, b) => (b.sortTime ?? 0) - (a.sortTime ?? 0))
			.slice(0, options.sampleSize ?? 5)
			.map((run) => toItem(run, saved?.runs[run.key], detectedAt));
		return sample.length ? [sample] : null;
	}

	const listing = await listRuns(saved?.cursor, !saved, previousState);
	const { emit, next } = diffRuns(saved, listing, options);
	staticData[STATE_KEY] = next as unknown as IDataObject;
	return emit.length ? [emit] : null;
}

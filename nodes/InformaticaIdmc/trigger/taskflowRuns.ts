/**
 * Taskflow runs for the trigger, from the taskflow status list (GET /active-bpel/services/tf/status, 50 rows a page):
 * the runs going now (runStatus=Running) and the runs started since the last poll (startTime), a few pages each; the
 * first poll reads the list's default window instead. A run that started before that window and ended since is read
 * by its run id: the cursor keeps the ids that were running at the last poll. Each poll costs two list reads plus one
 * read per run that stopped running.
 */
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import type { WatchedRun } from '../../shared/statusWatch';
import { parseTaskflowJson, taskflowOutcome, taskflowRunId } from '../outcome';
import { informaticaRequest } from '../transport';

const PAGE = 50;
/** Pages per list read: bounds one poll at 20 x 50 runs started (or running) since the last one. */
const MAX_PAGES = 20;
/** The first poll's baseline needs no more than the newest runs of the list's own window. */
const BASELINE_PAGES = 4;
/** Runs that started this long before the cursor are listed again: absorbs clock skew and late list entries. */
const GRACE_MS = 10 * 60 * 1000;

export interface TaskflowCursor {
	/** ISO start time of the newest run seen. */
	since?: string;
	/** Run ids that were running at the last poll. */
	running?: string[];
}

export interface TaskflowFilter {
	/** Taskflow names (assetName) to watch; empty: every taskflow. */
	names: string[];
}

async function getJson(ctx: IPollFunctions, path: string, qs: IDataObject | undefined, action: string): Promise<unknown> {
	const text = await informaticaRequest<string>(ctx, { family: 'taskflow', method: 'GET', path, qs, responseKind: 'text', allowEmptyBody: true, action });
	return text.trim() ? parseTaskflowJson(text) : [];
}

function rowsOf(answer: unknown): IDataObject[] {
	if (Array.isArray(answer)) return answer as IDataObject[];
	const list = answer && typeof answer === 'object' ? Object.values(answer as IDataObject).find((v) => Array.isArray(v)) : undefined;
	return (list as IDataObject[] | undefined) ?? [];
}

async function listPages(ctx: IPollFunctions, qs: IDataObject, pages = MAX_PAGES): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	for (let page = 0; page < pages; page++) {
		const list = rowsOf(await getJson(ctx, '/services/tf/status', { ...qs, offset: page * PAGE, rowLimit: PAGE }, 'listing taskflow runs'));
		rows.push(...list);
		if (list.length < PAGE) break;
	}
	return rows;
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function toRun(row: IDataObject): WatchedRun | undefined {
	const outcome = taskflowOutcome(row);
	const runId = outcome.runId;
	if (!runId) return undefined;
	const time = Date.parse(outcome.endedAt ?? outcome.startedAt ?? '');
	return {
		key: `tf:${runId}`,
		state: outcome.rawStatus,
		outcome,
		data: { source: 'taskflow', runId, taskflowName: row.assetName ?? null, location: row.location ?? null, errorMessage: outcome.error?.message ?? null },
		sortTime: Number.isNaN(time) ? undefined : time,
	};
}

/** The runs to compare this poll, and the new cursor. */
export async function listTaskflowRunsForWatch(ctx: IPollFunctions, cursor: TaskflowCursor, filter: TaskflowFilter): Promise<{ runs: WatchedRun[]; cursor: TaskflowCursor }> {
	const byId = new Map<string, IDataObject>();
	const add = (row: IDataObject) => {
		const id = taskflowRunId(row.runId);
		if (id) byId.set(id, row);
	};
	const running = await listPages(ctx, { runStatus: 'Running' });
	running.forEach(add);
	const since = cursor.since ? Date.parse(cursor.since) : NaN;
	// First poll (and Fetch Test Event): the list's own window (the status page: the last 24 hours) gives the baseline.
	(await (Number.isNaN(since) ? listPages(ctx, {}, BASELINE_PAGES) : listPages(ctx, { startTime: utc(since - GRACE_MS) }))).forEach(add);
	// Runs that were running last time and are in neither list ended (or were terminated): one read each.
	const gone = (cursor.running ?? []).filter((id) => !byId.has(id));
	await mapWithConcurrency(gone, 4, async (id) => {
		try {
			add((await getJson(ctx, `/services/tf/status/${encodeURIComponent(id)}`, undefined, `reading taskflow run ${id}`)) as IDataObject);
		} catch (error) {
			// A run the service no longer knows must not stop the watch of the others.
			if (error instanceof NodeApiError && error.httpCode === '404') return;
			throw new NodeApiError(ctx.getNode(), error as JsonObject);
		}
	});
	const wanted = new Set(filter.names.map((n) => n.toLowerCase()));
	const rows = [...byId.values()].filter((row) => wanted.size === 0 || wanted.has(String(row.assetName ?? '').toLowerCase()));
	const runs = rows.map(toRun).filter((run): run is WatchedRun => run !== undefined);
	const starts = [...byId.values()].map((row) => Date.parse(String(row.startTime ?? ''))).filter((t) => !Number.isNaN(t));
	const newest = Math.max(Number.isNaN(since) ? 0 : since, ...starts);
	return {
		runs,
		cursor: {
			since: newest > 0 ? new Date(newest).toISOString() : utc(Date.now()),
			running: [...byId.entries()].filter(([, row]) => taskflowOutcome(row).status === 'running').map(([id]) => id),
		},
	};
}

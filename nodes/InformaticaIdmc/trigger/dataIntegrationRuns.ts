/**
 * Data Integration runs for the trigger, at a fixed request cost per poll whatever the number of tasks:
 * one activity monitor read (runs in progress) and one activity log page (finished runs, newest first).
 * The cursor (newest end time seen) tells whether that page reached back to the previous poll; when it did not
 * (more runs ended between two polls than a page holds) a few more pages are read, so no run is missed.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { WatchedRun } from '../../shared/statusWatch';
import { activityLogOutcome, activityLogRows, activityMonitorOutcome } from '../outcome';
import { informaticaRequest } from '../transport';

export const DEFAULT_PAGE_SIZE = 200;
/**
 * Extra activity log pages a poll may read to catch up after a burst (49 more pages: 10,000 runs ended between two polls
 * at the default page size); bounds the cost of one poll. A poll's time budget (n8n 2.41) stops it earlier, keeping the cursor.
 */
export const MAX_CATCH_UP_PAGES = 49;
/** Runs that ended this long before the cursor are re-read but already known: the window absorbs late log entries. */
export const LATE_ENTRY_GRACE_MS = 10 * 60 * 1000;

export interface TaskFilter {
	/** Task IDs, federated IDs or names; empty: every task. */
	tasks: string[];
}

function matches(filter: TaskFilter, ...values: unknown[]): boolean {
	if (filter.tasks.length === 0) return true;
	const wanted = new Set(filter.tasks.map((t) => t.toLowerCase()));
	return values.some((v) => v !== undefined && v !== null && wanted.has(String(v).toLowerCase()));
}

function toRun(outcome: ReturnType<typeof activityLogOutcome>, row: IDataObject, finished: boolean): WatchedRun {
	const taskId = String(finished ? row.objectId : row.taskId);
	const runId = String(row.runId);
	const data: IDataObject = {
		source: 'dataIntegration',
		taskId,
		taskName: (finished ? row.objectName : row.taskName ?? row.objectName) ?? null,
		taskType: row.type ?? null,
		runId,
		errorMessage: outcome.error?.message ?? null,
		startedBy: row.startedBy ?? null,
	};
	if (finished) data.activityLogId = row.id ?? null;
	const time = Date.parse(outcome.endedAt ?? outcome.startedAt ?? '');
	return { key: `di:${taskId}:${runId}`, state: outcome.rawStatus, outcome, data, sortTime: Number.isNaN(time) ? undefined : time };
}

/** The runs to compare this poll, and the new cursor (ISO time of the newest finished run seen). */
export async function listDataIntegrationRuns(
	ctx: IPollFunctions,
	cursor: string | undefined,
	firstPoll: boolean,
	filter: TaskFilter,
	pageSize = DEFAULT_PAGE_SIZE,
	timeLeft: () => boolean = () => true,
): Promise<{ runs: WatchedRun[]; cursor: string | undefined }> {
	const monitor = await informaticaRequest<IDataObject[]>(ctx, {
		family: 'v2',
		method: 'GET',
		path: '/activity/activityMonitor',
		qs: { details: true },
		action: 'reading the activity monitor',
	});
	const since = cursor ? Date.parse(cursor) : NaN;
	const finished: IDataObject[] = [];
	const rowLimit = Math.min(1000, Math.max(1, Math.floor(pageSize)));
	let cutShort = false;
	for (let page = 0; page <= MAX_CATCH_UP_PAGES; page++) {
		// Past the poll's budget (n8n 2.41) no further page is read, and the cursor stays: the next poll reads them again.
		if (page > 0 && !timeLeft()) {
			cutShort = true;
			break;
		}
		const rows = await informaticaRequest<unknown>(ctx, {
			family: 'v2',
			method: 'GET',
			path: '/activity/activityLog',
			qs: { offset: page * rowLimit, rowLimit },
			action: 'reading the activity log',
		});
		const list = activityLogRows(rows);
		finished.push(...list);
		// The first poll records a baseline from one page; later polls stop once the page reaches the previous poll.
		if (firstPoll || Number.isNaN(since) || list.length < rowLimit) break;
		const oldest = Date.parse(activityLogOutcome(list[list.length - 1]).endedAt ?? '');
		if (Number.isNaN(oldest) || oldest <= since) break;
	}

	const runs = new Map<string, WatchedRun>();
	for (const row of Array.isArray(monitor) ? monitor : []) {
		if (!matches(filter, row.taskId, row.taskName, row.objectName, row.taskFederatedId)) continue;
		const run = toRun(activityMonitorOutcome(row), row, false);
		runs.set(run.key, run);
	}
	let newest = Number.isNaN(since) ? 0 : since;
	for (const row of finished) {
		const outcome = activityLogOutcome(row);
		const ended = Date.parse(outcome.endedAt ?? '');
		if (!Number.isNaN(ended)) newest = Math.max(newest, ended);
		// Rows older than the grace window were known at the last poll; leaving them out keeps long-forgotten runs quiet.
		if (!firstPoll && !Number.isNaN(since) && !Number.isNaN(ended) && ended < since - LATE_ENTRY_GRACE_MS) continue;
		if (!matches(filter, row.objectId, row.objectName)) continue;
		const run = toRun(outcome, row, true);
		runs.set(run.key, run); // a finished row wins over a monitor row of the same run
	}
	return { runs: [...runs.values()], cursor: newest && !cutShort ? new Date(newest).toISOString() : cursor };
}

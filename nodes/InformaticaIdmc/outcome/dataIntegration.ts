/**
 * Data Integration run states -> the job model: activity monitor (running runs) and activity log (finished runs).
 * Part of nodes/InformaticaIdmc/outcome/: the one place this vendor maps its states (see index.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../shared/jobOutcome';
import { statusMapper, toIsoTimestamp } from '../../shared/jobOutcome';

/**
 * Textual run states, as an independent implementation (Apache Airflow's Informatica provider) and newer answers
 * give them, upper or lower case: one table for the activity log and the activity monitor.
 */
const TEXTUAL_RUN_STATES = {
	QUEUED: 'running',
	STARTING: 'running',
	PENDING: 'running',
	INITIALIZED: 'running',
	RUNNING: 'running',
	STOPPING: 'running',
	SUCCESS: 'succeeded',
	COMPLETED: 'succeeded',
	OK: 'succeeded',
	WARNING: 'warning',
	FAILED: 'failed',
	FAILURE: 'failed',
	ERROR: 'failed',
	STOPPED: 'cancelled',
	CANCELLED: 'cancelled',
	CANCELED: 'cancelled',
	ABORTED: 'cancelled',
} as const;

/**
 * Quirk: the activity log's `state` is a number. The official list is empty in every copy of the reference (see docs/vendor-apis.md, activity log states); the widely
 * used schema gives 1 = success, 2 = warning, 3 = failed (a stopped run is 3 too, with `isStopped: true`: see
 * activityLogOutcome). Warning stays its own outcome. Numbers are compared as strings ("1" and 1 are the same).
 * Textual states (SUCCESS, FAILED, STOPPED, ...) map as in TEXTUAL_RUN_STATES. Any other value is not guessed at:
 * like every unknown Informatica state it reads as running, so a wait ends by its timeout with the raw value shown.
 */
export const mapActivityLogState = statusMapper({ '1': 'succeeded', '2': 'warning', '3': 'failed', ...TEXTUAL_RUN_STATES });

/**
 * The activity monitor's `executionState`. Quirk: values the reference does not list (see docs/vendor-apis.md, activity monitor) are treated as still running (the
 * run is in the monitor, so it has not finished); a wait stays bounded by its timeout.
 */
export const mapExecutionState = statusMapper({ ...TEXTUAL_RUN_STATES });

/**
 * Quirk: an activity log answer is a list of rows, but some answer one row as an object, or `{entries: [...]}`
 * (Airflow's provider reads all three). The rows, newest first, whatever the shape.
 */
export function activityLogRows(answer: unknown): IDataObject[] {
	if (Array.isArray(answer)) return answer as IDataObject[];
	if (!answer || typeof answer !== 'object') return [];
	const body = answer as IDataObject;
	const looksLikeRow = body.runId !== undefined || body.state !== undefined || body.runStatus !== undefined || body.objectId !== undefined;
	if (Array.isArray(body.entries) && !looksLikeRow) return body.entries as IDataObject[];
	return looksLikeRow ? [body] : [];
}

const EASTERN_PARTS = new Intl.DateTimeFormat('en-US', {
	timeZone: 'America/New_York',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

/** Minutes US Eastern is ahead of UTC at an instant (-300 or -240). */
function easternOffsetMinutes(utcMs: number): number {
	const p = Object.fromEntries(EASTERN_PARTS.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * Quirk: activity times without a `Utc` suffix are US Eastern wall-clock times with no offset
 * ("2024-03-05T10:15:30.000"). Converts one to ISO UTC, daylight saving included; a value that carries its own
 * offset or Z is read as it is.
 */
export function easternToIso(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return toIsoTimestamp(text);
	const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
	if (!m) return toIsoTimestamp(text);
	const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
	// Two passes settle the offset across a daylight-saving change.
	let utc = wall - easternOffsetMinutes(wall) * 60000;
	utc = wall - easternOffsetMinutes(utc) * 60000;
	return new Date(utc).toISOString();
}

/** A time field: the `<field>Utc` twin when present, else the Eastern value converted. */
export function activityTime(row: IDataObject, field: 'startTime' | 'endTime'): string | undefined {
	return toIsoTimestamp(row[`${field}Utc`]) ?? easternToIso(row[field]);
}

function rowCounts(row: IDataObject): IDataObject {
	const counts: IDataObject = {};
	for (const key of ['successSourceRows', 'failedSourceRows', 'successTargetRows', 'failedTargetRows']) {
		if (row[key] !== undefined && row[key] !== null) counts[key] = Number(row[key]);
	}
	return counts;
}

/** An activity monitor row (a run that has not finished) as the normalised outcome. */
export function activityMonitorOutcome(row: IDataObject): JobOutcome {
	const raw = String(row.executionState ?? '');
	return {
		status: mapExecutionState(raw).status,
		rawStatus: raw || 'unknown',
		jobId: row.taskId !== undefined ? String(row.taskId) : undefined,
		runId: row.runId !== undefined ? String(row.runId) : undefined,
		name: row.taskName !== undefined ? String(row.taskName) : row.objectName !== undefined ? String(row.objectName) : undefined,
		startedAt: activityTime(row, 'startTime'),
		details: { source: 'activityMonitor', taskType: row.type ?? null, ...rowCounts(row) },
	};
}

/** An activity log row (a finished run) as the normalised outcome; errorMsg becomes the error for warnings and failures. */
export function activityLogOutcome(row: IDataObject): JobOutcome {
	const raw = String(row.runStatus ?? row.state ?? row.status ?? '');
	// Quirk: a stopped run reads state 3 (failed) with isStopped true: it was cancelled, not failed.
	const stopped = row.isStopped === true || String(row.isStopped).toLowerCase() === 'true';
	const status = stopped ? 'cancelled' : mapActivityLogState(raw).status;
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		jobId: row.objectId !== undefined ? String(row.objectId) : undefined,
		runId: row.runId !== undefined ? String(row.runId) : undefined,
		name: row.objectName !== undefined ? String(row.objectName) : undefined,
		startedAt: activityTime(row, 'startTime'),
		endedAt: activityTime(row, 'endTime'),
		details: { source: 'activityLog', activityLogId: row.id ?? null, taskType: row.type ?? null, ...rowCounts(row) },
	};
	const message = typeof row.errorMsg === 'string' ? row.errorMsg.trim() : '';
	if (message && status !== 'succeeded') outcome.error = { message };
	return outcome;
}

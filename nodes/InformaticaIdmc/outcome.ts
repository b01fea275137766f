/**
 * Informatica IDMC states -> the package's one job model (nodes/shared/jobOutcome.ts), in one place.
 * One section per API family; each quirk named here has a test in test/unit/informatica/ that names it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../shared/jobOutcome';
import { statusMapper, toIsoTimestamp } from '../shared/jobOutcome';

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Database Ingestion (DBMI): GET job/status, POST job/metrics
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Quirk: job/status answers lower case ("running", "completed", "failed") while metrics sub-tasks answer upper case
 * ("RUNNING", "COMPLETED"); the mapper compares case-insensitively, so one table serves both. Values the reference (see docs/vendor-apis.md, Database Ingestion statuses) does
 * not list (a new state, a typo) count as still running: a wait keeps polling and is bounded by its timeout.
 */
export const mapDatabaseIngestionStatus = statusMapper({
	// Deployment and start-up: not a finished run.
	processing_deploy: 'running',
	deploying: 'running',
	deployed: 'running',
	queued: 'running',
	starting: 'running',
	resuming: 'running',
	restarting: 'running',
	// Running (a CDC job stays here until it is stopped).
	running: 'running',
	up_and_running: 'running',
	running_with_warning: 'running',
	running_with_warnings: 'running',
	on_hold: 'running',
	stopping: 'running',
	processing_undeploy: 'running',
	undeploying: 'running',
	not_started: 'running',
	// Ended.
	completed: 'succeeded',
	success: 'succeeded',
	completed_with_warning: 'warning',
	completed_with_warnings: 'warning',
	warning: 'warning',
	failed: 'failed',
	error: 'failed',
	stopped: 'cancelled',
	aborted: 'cancelled',
	undeployed: 'cancelled',
});

/** Raw values meaning "the job is up and replicating": the goal of a wait on a CDC job. */
const DATABASE_INGESTION_UP = new Set(['running', 'up_and_running', 'running_with_warning', 'running_with_warnings']);

/** Whether a job is up and running (the "Job Running" goal of a CDC wait), whatever the case of the value. */
export function isDatabaseIngestionJobUp(outcome: JobOutcome): boolean {
	return DATABASE_INGESTION_UP.has(outcome.rawStatus.trim().toLowerCase());
}

/**
 * Raw values of a job with a run going (started, resuming, replicating, paused by the service, being stopped): a
 * start or resume is refused with 409 then. Deploying and deployed are not runs.
 */
const DATABASE_INGESTION_RUN_ACTIVE = new Set([
	'queued',
	'starting',
	'resuming',
	'restarting',
	'running',
	'up_and_running',
	'running_with_warning',
	'running_with_warnings',
	'on_hold',
	'stopping',
]);

/** Whether the job has a run going ("already running" for a start or resume). */
export function isDatabaseIngestionRunActive(outcome: JobOutcome): boolean {
	return DATABASE_INGESTION_RUN_ACTIVE.has(outcome.rawStatus.trim().toLowerCase());
}

/** Whether a job has finished deploying (the goal of a deploy wait). */
export function isDatabaseIngestionJobDeployed(outcome: JobOutcome): boolean {
	return outcome.rawStatus.trim().toLowerCase() === 'deployed';
}

/**
 * Quirk: task modes. The status answer's jobConfig.taskMode is "UNLOAD" for an initial load and "CDC" or
 * "CDC_COMBINED" for jobs that capture changes; those never finish by themselves.
 */
/**
 * After a start: a finished status with the previous run's start and end times is still the previous run's; so is,
 * for a job that had never run, the same status without a start time ("deployed": no run yet).
 */
export function previousDatabaseIngestionRun(previous: JobOutcome | undefined): (outcome: JobOutcome) => boolean {
	return (outcome) => {
		if (!previous) return false;
		if (previous.startedAt === undefined) return outcome.startedAt === undefined && outcome.rawStatus === previous.rawStatus;
		return outcome.status !== 'running' && outcome.startedAt === previous.startedAt && outcome.endedAt === previous.endedAt && outcome.rawStatus === previous.rawStatus;
	};
}

/** After a deploy call: the status may still read "undeployed" (a redeploy) for a moment; not an end yet. */
export function notYetDeploying(outcome: JobOutcome): boolean {
	return outcome.rawStatus.toLowerCase() === 'undeployed';
}

export function isDatabaseIngestionCdcMode(taskMode: unknown): boolean {
	return /CDC|COMBINED/i.test(String(taskMode ?? ''));
}

/** Quirk: ids are numbers in some answers (`"jobId": 15`) and strings in others (`"repoHandle": "487797"`). */
export function databaseIngestionId(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return String(value).trim();
}

/** A job/status answer (or a metrics answer's jobInfo) as the normalised outcome. */
export function databaseIngestionOutcome(answer: IDataObject): JobOutcome {
	const raw = String(answer.status ?? '');
	const { status } = mapDatabaseIngestionStatus(raw);
	const config = (answer.jobConfig ?? answer.extraData ?? {}) as IDataObject;
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		jobId: databaseIngestionId(answer.jobId ?? answer.runId),
		name: answer.assetName !== undefined ? String(answer.assetName) : answer.jobName !== undefined ? String(answer.jobName) : undefined,
		startedAt: toIsoTimestamp(answer.startTime),
		endedAt: toIsoTimestamp(answer.endTime),
	};
	const errorMessage = answer.errorMessage;
	if (errorMessage && (status === 'failed' || status === 'cancelled' || status === 'warning')) {
		outcome.error = { message: String(errorMessage) };
	}
	const details: IDataObject = {};
	if (answer.lastAction !== undefined) details.lastAction = answer.lastAction;
	if (answer.durationInSeconds !== undefined) details.durationInSeconds = answer.durationInSeconds;
	if (config.taskMode !== undefined) details.taskMode = config.taskMode;
	if (answer.location !== undefined) details.location = answer.location;
	if (Object.keys(details).length) outcome.details = details;
	return outcome;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Data Integration: activity monitor (running runs) and activity log (finished runs)
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

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

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// v3 import jobs
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Quirk: the docs spell the success state both SUCCESSFUL (job status) and SUCCESS (per-object status); both mean
 * succeeded. NOT_STARTED counts as running (an uploaded package waiting for its start); unknown values too.
 */
export const mapImportState = statusMapper({
	NOT_STARTED: 'running',
	IN_PROGRESS: 'running',
	'IN PROGRESS': 'running',
	SUCCESSFUL: 'succeeded',
	SUCCESS: 'succeeded',
	FAILED: 'failed',
});

/** A GET import/{id} answer (or the start answer) as the normalised outcome. */
export function importOutcome(answer: IDataObject): JobOutcome {
	const statusObject = (answer.status ?? answer.jobStatus ?? {}) as IDataObject;
	const raw = String(statusObject.state ?? '');
	const { status } = mapImportState(raw);
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		jobId: answer.id !== undefined ? String(answer.id) : answer.jobId !== undefined ? String(answer.jobId) : undefined,
		name: answer.name !== undefined && answer.name !== null ? String(answer.name) : undefined,
		startedAt: toIsoTimestamp(answer.startTime),
		endedAt: status === 'running' ? undefined : toIsoTimestamp(answer.endTime),
	};
	const message = statusObject.message;
	if (status === 'failed' && message) outcome.error = { message: String(message) };
	if (Array.isArray(answer.objects)) {
		const objects = answer.objects as IDataObject[];
		const failed = objects.filter((o) => mapImportState(((o.status ?? {}) as IDataObject).state).status === 'failed');
		outcome.details = { objects: objects.length, failedObjects: failed.length };
	}
	return outcome;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// v3 export jobs
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * An export job answers the import's status shape (`status.state`: IN_PROGRESS, SUCCESSFUL, FAILED; see
 * docs/vendor-apis.md, export): the same table reads it, SUCCESS and NOT_STARTED included.
 */
export const mapExportState = mapImportState;

/** A GET export/{id} answer (or the POST export answer) as the normalised outcome. */
export function exportOutcome(answer: IDataObject): JobOutcome {
	return importOutcome(answer);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Taskflows run as services: GET /active-bpel/services/tf/status/{runId}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Taskflow run statuses. The status page lists Success, Failed, Suspended and Running as filter values and answers
 * them upper case; the mapper compares case-insensitively. Quirk: SUSPENDED is a run stopped on a faulted step that
 * waits for someone to resume it (resumeWithFaultRetry/Skip): it will not end by itself, so a wait ends there and
 * reads it as failed. STOPPED / TERMINATED / ABORTED (a terminate call) read as cancelled. Unknown values: running.
 */
export const mapTaskflowStatus = statusMapper({
	QUEUED: 'running',
	STARTING: 'running',
	RUNNING: 'running',
	SUCCESS: 'succeeded',
	SUCCESSFUL: 'succeeded',
	COMPLETED: 'succeeded',
	WARNING: 'warning',
	FAILED: 'failed',
	FAULTED: 'failed',
	SUSPENDED: 'failed',
	STOPPED: 'cancelled',
	TERMINATED: 'cancelled',
	ABORTED: 'cancelled',
});

/** Quirk: a run id is a Long on the status page (`"runId": 20262247166322413568`), beyond JS numbers: kept as text. */
export function taskflowRunId(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return String(value).trim();
}

/** One taskflow status answer (or one row of the status list) as the normalised outcome. */
export function taskflowOutcome(answer: IDataObject): JobOutcome {
	const raw = String(answer.status ?? answer.runStatus ?? '');
	const { status } = mapTaskflowStatus(raw);
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		runId: taskflowRunId(answer.runId ?? answer.RunId),
		name: answer.assetName !== undefined && answer.assetName !== null ? String(answer.assetName) : undefined,
		startedAt: toIsoTimestamp(answer.startTime),
		endedAt: status === 'running' ? undefined : toIsoTimestamp(answer.endTime),
	};
	const message = typeof answer.errorMessage === 'string' ? answer.errorMessage.trim() : '';
	if (message && status !== 'succeeded' && status !== 'running') outcome.error = { message };
	else if (status === 'failed' && raw.toUpperCase() === 'SUSPENDED') outcome.error = { message: 'The taskflow is suspended on a faulted step' };
	const details: IDataObject = {};
	for (const key of ['location', 'duration', 'runtimeEnv', 'runtimeEnvName', 'startedBy']) {
		if (answer[key] !== undefined && answer[key] !== null) details[key] = answer[key];
	}
	if (Object.keys(details).length) outcome.details = details;
	return outcome;
}

/**
 * Quirk: run ids are Longs (20262247166322413568) that JSON.parse would round. Quotes every `runId`/`RunId` number
 * before parsing, so ids stay exact text; a body that is not JSON comes back undefined.
 */
export function parseTaskflowJson(text: string): unknown {
	const quoted = text.replace(/("(?:runId|RunId|run_id)"\s*:\s*)(-?\d+)/g, '$1"$2"');
	try {
		return JSON.parse(quoted) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * The run id a taskflow service answered with. The pages say only "the service returns the taskflow run ID": a
 * JSON object (`{"RunId": "…"}`, `runId`, `run_id`), or the id alone as plain text, are all read.
 */
export function taskflowRunIdFromAnswer(text: string): string | undefined {
	const parsed = parseTaskflowJson(text);
	if (parsed && typeof parsed === 'object') {
		const b = parsed as IDataObject;
		return taskflowRunId(b.RunId ?? b.runId ?? b.run_id ?? b.runID);
	}
	const bare = text.trim().replace(/^"|"$/g, '');
	return /^\d+$/.test(bare) ? bare : undefined;
}

import type { IDataObject } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';

import type { JobOutcome } from '../shared/jobOutcome';
import { isTerminal, outcomeToJson, statusMapper, toIsoTimestamp } from '../shared/jobOutcome';
import { redactRecord, redactValue } from '../shared/redact';

/** A migration job as GET /jobs and GET /jobs/{jobId} answer it (migration-job-status in the spec). */
export interface MigratorJob extends IDataObject {
	id: string;
	projectId: string;
	status: string;
	cdcStatus?: string;
	options?: { mode?: string; dropCollections?: boolean; errorHandling?: string; errorTolerance?: number };
	submittedAt?: string;
	statistics?: IDataObject & { startedAt?: string; elapsedSeconds?: number; snapshotCompleted?: boolean };
	cdcStatistics?: IDataObject;
	failureError?: { errorType?: string; message?: string; failureAt?: string; setupError?: boolean };
	jobUpdates?: Array<{ eventType?: string; message?: string }>;
}

/** What "Wait for Completion" waits for. A CDC job never ends by itself, so its user picks a goal. */
export type WaitGoal = 'snapshotCompleted' | 'cdcRunning' | 'finished';

export const WAIT_GOALS: Array<{ name: string; value: WaitGoal; description: string }> = [
	{
		name: 'Snapshot Completed',
		value: 'snapshotCompleted',
		description: 'CDC modes: the initial snapshot is done (CDC_ONLY: CDC started). SNAPSHOT mode: the job finished.',
	},
	{ name: 'CDC Running', value: 'cdcRunning', description: 'CDC status is RUNNING. SNAPSHOT mode: the job finished.' },
	{ name: 'Job Finished', value: 'finished', description: 'The job completed, failed or was cancelled. A CDC job finishes only when it is stopped.' },
];

/**
 * status -> outcome. NOT_STARTED and PAUSED are 1.15+ values; CANCELLING and CLEANING_UP are still on their way.
 * Unknown values (a newer server) count as running, so a wait keeps polling instead of failing on a new word.
 */
const mapStatus = statusMapper({
	RUNNING: 'running',
	NOT_STARTED: 'running',
	PAUSED: 'running',
	CANCELLING: 'running',
	CLEANING_UP: 'running',
	COMPLETED: 'succeeded',
	FAILED: 'failed',
	CANCELLED: 'cancelled',
});

const CDC_MODES = ['CDC', 'CDC_ONLY'];

function upper(value: unknown): string {
	return String(value ?? '').trim().toUpperCase();
}

export function isCdcMode(job: MigratorJob): boolean {
	return CDC_MODES.includes(upper(job.options?.mode));
}

/** The trigger's comparison key: a change of either status is a transition. */
export function jobState(job: MigratorJob): string {
	return `${upper(job.status)}/${upper(job.cdcStatus) || 'NOT_STARTED'}`;
}

/** Where the job is: its snapshot, its CDC stream, or done. */
export function jobPhase(job: MigratorJob): 'snapshot' | 'cdc' | 'done' {
	if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(upper(job.status))) return 'done';
	const cdc = upper(job.cdcStatus);
	return cdc && cdc !== 'NOT_STARTED' ? 'cdc' : 'snapshot';
}

/** Relational Migrator's two statuses -> the package's one outcome. */
export function jobOutcome(job: MigratorJob): JobOutcome {
	const status = upper(job.status);
	const cdcStatus = upper(job.cdcStatus) || 'NOT_STARTED';
	let mapped = mapStatus(status).status;
	// Quirk: a CDC stream can report FAILED before the job's own status catches up.
	if (cdcStatus === 'FAILED' && mapped === 'running') mapped = 'failed';
	// Quirk (1.13): a job that completed with ERROR or WARNING events (errorHandling WARN/SKIP) completed with warnings.
	// 1.15+ drops jobUpdates from the job; there COMPLETED stays succeeded (read Get Logs for the events).
	if (mapped === 'succeeded' && (job.jobUpdates ?? []).some((u) => ['ERROR', 'WARNING'].includes(upper(u.eventType)))) mapped = 'warning';

	const startedAt = toIsoTimestamp(job.statistics?.startedAt) ?? toIsoTimestamp(job.submittedAt);
	const outcome: JobOutcome = {
		status: mapped,
		rawStatus: isCdcMode(job) ? `${status}/${cdcStatus}` : status,
		jobId: job.id,
		startedAt,
		details: {
			mode: job.options?.mode ?? null,
			cdcStatus,
			phase: jobPhase(job),
			snapshotCompleted: job.statistics?.snapshotCompleted === true,
		},
	};
	// Quirk: the API has no end time; a finished job's end is its start plus statistics.elapsedSeconds.
	const elapsed = job.statistics?.elapsedSeconds;
	if (isTerminal(mapped) && startedAt && typeof elapsed === 'number') {
		outcome.endedAt = new Date(Date.parse(startedAt) + elapsed * 1000).toISOString();
	}
	const failure = job.failureError;
	if (failure?.message || mapped === 'failed') {
		outcome.error = {
			message: failure?.message ?? `Job ${job.id} failed (status ${status}, CDC ${cdcStatus})`,
			code: failure?.errorType,
			details: failure ? { failureAt: failure.failureAt ?? null, setupError: failure.setupError ?? false } : undefined,
		};
	}
	return outcome;
}

/** Whether a running job has reached the user's wait goal (terminal outcomes end a wait anyway). */
export function goalReached(job: MigratorJob, goal: WaitGoal): boolean {
	if (goal === 'finished' || !isCdcMode(job)) return false;
	const cdc = upper(job.cdcStatus);
	if (goal === 'cdcRunning') return cdc === 'RUNNING';
	// CDC_ONLY has no snapshot: its goal is the stream starting. CDC: the snapshot flag, or a stream already past it.
	return job.statistics?.snapshotCompleted === true || (cdc !== '' && cdc !== 'NOT_STARTED');
}

/**
 * The job as the user sees it: connection strings removed (the server echoes them, with any password inside) and
 * secret-looking text scrubbed.
 */
export function sanitizeJob(job: MigratorJob, secrets: string[] = []): IDataObject {
	return redactRecord(job, secrets, CONNECTION_STRINGS);
}

const CONNECTION_STRINGS: ReadonlySet<string> = new Set(['jdbcConnectionString', 'mongoDbConnectionString']);

/** One output item for a job: its fields plus the normalised outcome (outcome, rawStatus, startedAt, endedAt, error). */
export function jobToJson(job: MigratorJob, secrets: string[] = []): IDataObject {
	// The sanitized copy is this call's own: the outcome fields go on top of it, as a spread would put them.
	return Object.assign(sanitizeJob(job, secrets), redactValue(outcomeToJson(jobOutcome(job)), secrets));
}

/** The refusal's own words (message and description of the error body), '' when the body said nothing. */
function refusalText(error: NodeApiError): string {
	const body = (error.errorResponse as IDataObject | undefined)?.body as IDataObject | undefined;
	if (!body || typeof body !== 'object') return typeof body === 'string' ? body : '';
	return [body.message, body.description, body.error, body.detail].filter((v) => typeof v === 'string').join(' ');
}

/**
 * Relational Migrator refuses a start in two forms: servers before the June 2026 release answer their own codes
 * (470 already running, 440 no database name), later ones standard codes with a message (409 Conflict, or 400/422).
 */
const STANDARD_REFUSAL = ['400', '422'];

/** 470 or 409: Relational Migrator runs one migration job at a time and refuses a start while one runs. */
export function isJobAlreadyRunning(error: NodeApiError): boolean {
	const status = error.httpCode ?? '';
	if (status === '470' || status === '409') return true;
	return STANDARD_REFUSAL.includes(status) && /already running|in progress|one (migration )?job at a time/i.test(refusalText(error));
}

/** 440, or 400/422 saying so: a connection (the JDBC URL or the MongoDB connection string) names no database. */
export function isMissingDatabaseName(error: NodeApiError): boolean {
	const status = error.httpCode ?? '';
	return status === '440' || (STANDARD_REFUSAL.includes(status) && /database name|no database/i.test(refusalText(error)));
}

/** 400/422 refusing a CDC mode: servers since June 2026 run snapshot migration jobs only. */
export function isModeRefused(error: NodeApiError, mode: string): boolean {
	if (mode === 'SNAPSHOT' || !STANDARD_REFUSAL.includes(error.httpCode ?? '')) return false;
	return /snapshot|\bcdc\b|mode/i.test(refusalText(error));
}

/** Which side a "no database name" refusal is about, when its own words say so. */
export function missingDatabaseSide(error: NodeApiError): 'jdbc' | 'mongodb' | undefined {
	const text = refusalText(error);
	const jdbc = /jdbc|relational|source/i.test(text);
	const mongo = /mongo|destination|target/i.test(text);
	return jdbc === mongo ? undefined : jdbc ? 'jdbc' : 'mongodb';
}

/** The refusal's running job id, when the server gave one (both forms carry it as `jobId`). */
export function runningJobIdFrom(error: NodeApiError): string | undefined {
	const body = (error.errorResponse as IDataObject | undefined)?.body as IDataObject | undefined;
	return typeof body?.jobId === 'string' && body.jobId !== '' ? body.jobId : undefined;
}

/** Adds a sentence to a vendor error's description (the error stays the NodeApiError, status kept). */
export function withHint<E extends NodeApiError>(error: E, hint: string): E {
	error.description = `${error.description ?? ''} ${hint}`.trim();
	return error;
}

/** What a user can do about an "already running" refusal when "If a Job Is Already Running" is "Fail". */
export function alreadyRunningHint(error: NodeApiError): string {
	const runningId = runningJobIdFrom(error);
	return `Another migration job is running${runningId ? ` (${runningId})` : ''}. Set "If a Job Is Already Running" to "Attach to the Running Job" to continue with it instead.`;
}

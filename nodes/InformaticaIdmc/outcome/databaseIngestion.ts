/**
 * Database Ingestion (DBMI) states -> the job model: GET job/status, POST job/metrics.
 * Part of nodes/InformaticaIdmc/outcome/: the one place this vendor maps its states (see index.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../shared/jobOutcome';
import { statusMapper, toIsoTimestamp } from '../../shared/jobOutcome';

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

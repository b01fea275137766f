import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { JobOutcome, JobStatus } from '../shared/jobOutcome';
import { outcomeToJson, statusMapper, toIsoTimestamp } from '../shared/jobOutcome';
import { withFields } from '../shared/records';

/**
 * CData Sync publishes no status enum (see docs/vendor-apis.md, CData Sync statuses). Values seen in practice, in any letter case:
 * Starting, Testing, Running, In progress; Successful, Success, SUCCESS; Failed, Error; partial outcomes
 * "7 of 13 Tasks Failed"; and a job that never ran.
 */
const mapStatus = statusMapper({
	starting: 'running',
	testing: 'running',
	running: 'running',
	'in progress': 'running',
	inprogress: 'running',
	queued: 'running',
	executing: 'running',
	cancelling: 'running',
	canceling: 'running',
	successful: 'succeeded',
	success: 'succeeded',
	succeeded: 'succeeded',
	completed: 'succeeded',
	complete: 'succeeded',
	warning: 'warning',
	warnings: 'warning',
	'completed with warnings': 'warning',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
	errors: 'failed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	aborted: 'cancelled',
	stopped: 'cancelled',
});

/** Statuses of a job that has never run: no outcome at all. */
const NEVER_RAN = new Set(['', 'none', 'never run', 'never', 'not run', 'not started', 'idle', 'null', 'undefined']);

const PARTIAL = /^\s*(\d+)\s+of\s+(\d+)\s+tasks?\s+failed\s*$/i;

export interface CDataStatus {
	/** Undefined when the job has never run. */
	status: JobStatus | undefined;
	rawStatus: string;
	/** False for a value this package does not know (it is then treated as still running). */
	known: boolean;
	/** For "n of m Tasks Failed". */
	failedTasks?: number;
	totalTasks?: number;
}

/**
 * The one place CData Sync status values become the package's outcomes:
 * "n of m Tasks Failed" is a warning when some tasks succeeded, a failure when all failed, a success when none failed.
 */
export function normaliseStatus(raw: unknown): CDataStatus {
	const rawStatus = raw === undefined || raw === null ? '' : String(raw).trim();
	const partial = PARTIAL.exec(rawStatus);
	if (partial) {
		const failedTasks = Number(partial[1]);
		const totalTasks = Number(partial[2]);
		const status: JobStatus = failedTasks === 0 ? 'succeeded' : failedTasks >= totalTasks ? 'failed' : 'warning';
		return { status, rawStatus, known: true, failedTasks, totalTasks };
	}
	if (NEVER_RAN.has(rawStatus.toLowerCase())) return { status: undefined, rawStatus, known: true };
	const mapped = mapStatus(rawStatus.replace(/\s+/g, ' '));
	return { status: mapped.status, rawStatus, known: mapped.known };
}

/** Squashed spellings by key: answers repeat the same few keys on every item and poll, and `field` names are constants. */
const squashed = new Map<string, string>();

function squash(key: string): string {
	let out = squashed.get(key);
	if (out === undefined) {
		out = key.toLowerCase().replace(/[_\-\s]/g, '');
		if (squashed.size >= 5000) squashed.clear();
		squashed.set(key, out);
	}
	return out;
}

/** A record's non-empty values by squashed key, the first key of each spelling winning (as `field` reads them). */
function fieldIndex(record: IDataObject | undefined): Map<string, unknown> {
	const index = new Map<string, unknown>();
	if (!record || typeof record !== 'object') return index;
	for (const key of Object.keys(record)) {
		const value = record[key];
		if (value === undefined || value === null || value === '') continue;
		const squashed = squash(key);
		if (!index.has(squashed)) index.set(squashed, value);
	}
	return index;
}

/** The first of `names` (squashed) that the index holds. */
function lookUp(index: Map<string, unknown>, names: string[]): unknown {
	for (const name of names) {
		const value = index.get(squash(name));
		if (value !== undefined) return value;
	}
	return undefined;
}

/**
 * Reads a field whatever its spelling: V2 objects use snake_case (`run_start_date`), history records use the
 * V1-style PascalCase names (see docs/vendor-apis.md, CData Sync history fields) (`RunStartDate`). Both are compared without case and underscores.
 */
export function field(record: IDataObject | undefined, ...names: string[]): unknown {
	return lookUp(fieldIndex(record), names);
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A status answer (`GET /jobs/{id}/status`, execute, cancel) or a history record as a JobOutcome.
 * Never-run jobs come back with `status` undefined.
 */
export function outcomeFrom(record: IDataObject, jobId?: string): { outcome: JobOutcome; status: CDataStatus } {
	// One pass over the record's keys for the seven fields read below.
	const index = fieldIndex(record);
	const read = (...names: string[]) => lookUp(index, names);
	const status = normaliseStatus(read('status', 'job_status', 'state'));
	const details = text(read('details', 'detail', 'message', 'error_message'));
	const outcome: JobOutcome = {
		status: status.status ?? 'running',
		rawStatus: status.rawStatus,
		jobId: text(read('job_id', 'jobid')) ?? jobId,
		runId: text(read('run_id', 'history_id', 'id')),
		name: text(read('job_name', 'jobname', 'name')),
		startedAt: toIsoTimestamp(read('run_start_date', 'runstartdate', 'start_time', 'started_at')),
		endedAt: toIsoTimestamp(read('run_end_date', 'runenddate', 'end_time', 'ended_at')),
	};
	if (outcome.jobId === undefined) delete outcome.jobId;
	if (status.status && (status.status === 'failed' || status.status === 'warning' || status.status === 'cancelled') && details) {
		outcome.error = { message: details };
	}
	return { outcome, status };
}

/** Whether a status is the finished run read before the start (same run id, or same start, end and status). */
function isPreviousRun(previous: JobOutcome | undefined, outcome: JobOutcome): boolean {
	if (!previous || previous.status === 'running') return false;
	if (previous.runId && outcome.runId) return outcome.runId === previous.runId;
	return previous.startedAt !== undefined && outcome.startedAt === previous.startedAt && outcome.endedAt === previous.endedAt && outcome.rawStatus === previous.rawStatus;
}

/**
 * Right after a start, a status of another run (or of no run yet) is still the previous one: not this run's end.
 * With a run id in the start's answer, any other run id is stale; without one (some Sync versions answer execute
 * without it), the status read before the start tells the previous run apart, as Database Ingestion does.
 */
export function staleAfterStart(startedRunId: string | undefined, previous?: JobOutcome): (outcome: JobOutcome) => boolean {
	return (outcome) =>
		NEVER_RAN.has(outcome.rawStatus.toLowerCase()) ||
		(startedRunId ? !!outcome.runId && outcome.runId !== startedRunId : isPreviousRun(previous, outcome));
}

/** The raw record with the normalised fields on top: `outcome` (null for a job that never ran), `rawStatus`, times. */
export function withOutcome(record: IDataObject, jobId?: string): IDataObject {
	const { outcome, status } = outcomeFrom(record, jobId);
	const json = withFields(record, outcomeToJson(outcome));
	if (status.status === undefined) json.outcome = null;
	if (!status.known) json.statusRecognised = false;
	if (status.totalTasks !== undefined) {
		json.failedTasks = status.failedTasks;
		json.totalTasks = status.totalTasks;
	}
	return json;
}

/**
 * Sync refuses to update or delete a running job (see docs/vendor-apis.md, CData Sync job management). Its answer's
 * wording is not documented, so a 4xx is checked against the job's status; when the job runs, the error (still the
 * NodeApiError, status kept) names it.
 */
export async function explainRunningRefusal(
	error: unknown,
	jobId: string,
	verb: 'updated' | 'deleted',
	readStatus: () => Promise<IDataObject>,
): Promise<never> {
	const e = error as NodeApiError & { httpCode?: string | null; description?: string | null };
	const code = Number(e?.httpCode);
	if (e instanceof NodeApiError && code >= 400 && code < 500 && code !== 401 && code !== 404) {
		let running = /running/i.test(`${e.message} ${e.description ?? ''}`);
		let label = jobId;
		try {
			const status = await readStatus();
			const name = field(status, 'job_name', 'jobname', 'name');
			if (name) label = `"${String(name)}" (${jobId})`;
			running = normaliseStatus(field(status, 'status')).status === 'running' || (running && field(status, 'status') === undefined);
		} catch {
			// keep what the refusal itself said
		}
		if (running) {
			const vendorMessage = e.message;
			e.message = `Job ${label} is running and cannot be ${verb}`;
			e.description = `CData Sync does not allow a running job to be ${verb}. Cancel it (Job > Cancel) or wait until it ends, then try again. Sync answered: ${vendorMessage}`;
		}
	}
	throw error;
}

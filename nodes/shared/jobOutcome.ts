import type { IDataObject } from 'n8n-workflow';

/** The package's one normalised view of a job run, whatever the vendor. */
export type JobStatus = 'running' | 'succeeded' | 'warning' | 'failed' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['running', 'succeeded', 'warning', 'failed', 'cancelled'];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'warning', 'failed', 'cancelled'];

export interface JobFailure {
	message: string;
	code?: string;
	details?: IDataObject;
}

export interface JobOutcome {
	status: JobStatus;
	/** The vendor's own status value, unchanged (a number is kept as its string form). */
	rawStatus: string;
	jobId?: string;
	runId?: string;
	name?: string;
	/** ISO 8601 timestamps in UTC. */
	startedAt?: string;
	endedAt?: string;
	error?: JobFailure;
	/** Vendor extras that a user wants next to the outcome: row counts, statistics. */
	details?: IDataObject;
}

export function isTerminal(status: JobStatus): boolean {
	return TERMINAL_STATUSES.includes(status);
}

/** A status is a failure for the user when it failed or was cancelled, or is a warning they asked to treat as one. */
export function isFailure(status: JobStatus, treatWarningAsFailure = false): boolean {
	return status === 'failed' || status === 'cancelled' || (treatWarningAsFailure && status === 'warning');
}

/** Builds a vendor's state-to-status mapper that fails loudly in tests and maps unknown values to `fallback`. */
export function statusMapper(
	table: Record<string, JobStatus>,
	fallback: JobStatus = 'running',
): (raw: unknown) => { status: JobStatus; known: boolean } {
	const normalised = new Map(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v]));
	return (raw: unknown) => {
		const key = String(raw ?? '').trim().toLowerCase();
		const status = normalised.get(key);
		return status ? { status, known: true } : { status: fallback, known: false };
	};
}

/** toISOString's own form; days 29 to 31 are left to the parse, which rolls "02-30" over to March. */
const ISO_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Parses a vendor timestamp into ISO UTC; undefined when absent or unreadable. */
export function toIsoTimestamp(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	// Already what toISOString writes (UTC, milliseconds, "Z"): the same text, without a parse on every poll.
	if (typeof value === 'string' && ISO_UTC.test(value)) return value;
	const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The outcome as a flat object for a node's output. */
export function outcomeToJson(outcome: JobOutcome): IDataObject {
	const json: IDataObject = { outcome: outcome.status, rawStatus: outcome.rawStatus };
	if (outcome.jobId !== undefined) json.jobId = outcome.jobId;
	if (outcome.runId !== undefined) json.runId = outcome.runId;
	if (outcome.name !== undefined) json.name = outcome.name;
	if (outcome.startedAt) json.startedAt = outcome.startedAt;
	if (outcome.endedAt) json.endedAt = outcome.endedAt;
	if (outcome.startedAt && outcome.endedAt) {
		json.durationSeconds = Math.round((Date.parse(outcome.endedAt) - Date.parse(outcome.startedAt)) / 100) / 10;
	}
	if (outcome.error) json.error = { ...outcome.error } as IDataObject;
	if (outcome.details) json.details = outcome.details;
	return json;
}

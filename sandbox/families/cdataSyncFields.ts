/**
 * The request bodies of CData's Job Management page: the field lists of job create and update, their spellings and
 * types, and the body reader every route uses (unknown fields and wrong types are a 400).
 */
import { HttpError } from '../core/httpError';

const JOB_TYPES = ['Standard', 'SyncAll', 'LoadFolder', 'ChangeDataCapture', 'ReverseETL'];
const INTERVAL_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const VERBOSITY = [1, 2, 3, 5];

/** Field spellings the page uses for the same thing (EmailErrorOnly on create, Email_Error_Only on update). */
const ALIASES: Record<string, string> = { emailerroronly: 'email_error_only', 'pipeline id': 'pipeline_id', pipelineid: 'pipeline_id' };

export type FieldKind = 'string' | 'boolean' | 'number' | 'strings' | 'object' | 'connection' | 'schedule' | 'verbosity' | 'unit' | 'date' | 'type';

export const CREATE_FIELDS: Record<string, FieldKind> = {
	name: 'string',
	type: 'type',
	source_connection: 'connection',
	destination_connection: 'connection',
	source_connection_id: 'string',
	destination_connection_id: 'string',
	schedule: 'schedule',
	cron: 'string',
	send_email: 'boolean',
	email_to: 'string',
	email_error_only: 'boolean',
	enable_parallel_processing: 'boolean',
	worker_pool: 'number',
	verbosity: 'verbosity',
	destination_schema: 'string',
	table_name_prefix: 'string',
	use_gmt_datetime: 'boolean',
	history_mode: 'boolean',
	truncate_table_data: 'boolean',
	drop_table: 'boolean',
	auto_truncate_strings: 'boolean',
	continue_on_error: 'boolean',
	deletion_behavior: 'string',
	alter_schema: 'boolean',
	replicate_interval: 'number',
	replicate_interval_unit: 'unit',
	replicate_start_date: 'date',
	batch_size: 'number',
	pre_job_event: 'string',
	post_job_event: 'string',
	cdc_engine_settings: 'object',
	labels: 'strings',
	pipeline_id: 'string',
	queries: 'strings',
};

/** What an update may change: the create fields not fixed at creation, and the e-mail subject. */
export const UPDATE_FIELDS: Record<string, FieldKind> = {
	...Object.fromEntries(
		[
			'name', 'schedule', 'cron', 'send_email', 'email_to', 'email_error_only', 'verbosity', 'table_name_prefix',
			'use_gmt_datetime', 'truncate_table_data', 'drop_table', 'auto_truncate_strings', 'continue_on_error',
			'alter_schema', 'replicate_interval', 'replicate_interval_unit', 'replicate_start_date', 'batch_size',
			'pre_job_event', 'post_job_event', 'labels', 'pipeline_id',
		].map((key) => [key, CREATE_FIELDS[key]]),
	),
	email_subject: 'string',
};

export function cdataError(status: number, code: string, message: string): HttpError {
	return new HttpError(status, { error: { code, message } });
}

function fieldKey(key: string): string {
	const k = key.trim().toLowerCase().replace(/-/g, '_');
	return ALIASES[k] ?? k;
}

/** Lower-cases and checks a body against the page's field list: unknown fields and wrong types are a 400. */
export function readBody(body: unknown, fields: Record<string, FieldKind>): Record<string, unknown> {
	if (body === undefined || body === null) return {};
	if (typeof body !== 'object' || Array.isArray(body)) throw cdataError(400, 'INVALID_BODY', 'The request body must be a JSON object.');
	const out: Record<string, unknown> = {};
	for (const [rawKey, value] of Object.entries(body as Record<string, unknown>)) {
		const key = fieldKey(rawKey);
		const kind = fields[key];
		if (!kind) throw cdataError(400, 'UNKNOWN_FIELD', `Unknown field "${rawKey}".`);
		const bad = (what: string) => cdataError(400, 'INVALID_FIELD', `Field "${rawKey}" ${what}.`);
		switch (kind) {
			case 'string':
				if (typeof value !== 'string') throw bad('must be a string');
				break;
			case 'boolean':
				if (typeof value !== 'boolean') throw bad('must be true or false');
				break;
			case 'number':
				if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw bad('must be a non-negative number');
				break;
			case 'strings':
				if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad('must be an array of strings');
				break;
			case 'object':
				if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('must be an object');
				break;
			case 'connection':
				if (typeof value !== 'string' && !(value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'))
					throw bad('must be an object with an id (and name)');
				break;
			case 'schedule': {
				const s = value as { enabled?: unknown; cron?: unknown };
				if (!s || typeof s !== 'object' || Array.isArray(s)) throw bad('must be an object {enabled, cron}');
				if (s.enabled !== undefined && typeof s.enabled !== 'boolean') throw bad('.enabled must be true or false');
				if (s.cron !== undefined && typeof s.cron !== 'string') throw bad('.cron must be a string');
				break;
			}
			case 'verbosity':
				if (!VERBOSITY.includes(Number(value))) throw bad(`must be one of ${VERBOSITY.join(', ')}`);
				break;
			case 'unit':
				if (typeof value !== 'string' || !INTERVAL_UNITS.includes(value.toLowerCase())) throw bad(`must be one of ${INTERVAL_UNITS.join(', ')}`);
				break;
			case 'date':
				if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw bad('must be a date in the form yyyy-MM-dd');
				break;
			case 'type':
				if (typeof value !== 'string' || !JOB_TYPES.includes(value)) throw bad(`must be one of ${JOB_TYPES.join(', ')}`);
				break;
		}
		out[key] = value;
	}
	return out;
}

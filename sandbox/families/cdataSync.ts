/**
 * CData Sync REST API V2, job management (CData's "Job Management API" page; docs/vendor-apis.md, "CData Sync"):
 * workspaces, jobs CRUD, execute (optionally selected tasks), cancel, status, history, tasks CRUD, move, last-run,
 * task history. Auth: `x-cdata-authtoken: <token>` or HTTP Basic with the token as password.
 *
 * The page documents paths and request bodies but no answer shapes; the sandbox assumes (and docs/cdata-sync.md says):
 * snake_case objects for workspaces, jobs, tasks and status; history records with the field names docs/vendor-apis.md lists
 * (PascalCase: Id, JobId, JobName, RunStartDate, Status, Details, Runtime, RecordsAffected, LogFile); lists as JSON
 * arrays; errors as `{"error":{"code","message"}}`. Update and delete answer on both `/v2/jobs/{id}` and the page's
 * literal spelling `/v2/jobs{id}`.
 *
 * Scripts (POST /__sandbox/script, family "cdataSync") are looked up by job id, then job name:
 * success → "Successful"; warning → "<n> of <m> Tasks Failed" (m ≥ 2; a one-task run says "Warning");
 * failure → "Failed" with the script's message in Details; stuck → stays "Running".
 */
import { CDATA_SYNC, FAMILY } from '../core/constants';
import type { SandboxContext } from '../core/context';
import { HttpError } from '../core/httpError';
import type { LifecycleJob } from '../core/lifecycle';
import { standardRun } from '../core/lifecycle';
import type { RouteRequest, SandboxApp } from '../core/router';

export const name = FAMILY.cdataSync;

const V2 = CDATA_SYNC.v2Prefix;
const JOB_TYPES = ['Standard', 'SyncAll', 'LoadFolder', 'ChangeDataCapture', 'ReverseETL'];
const INTERVAL_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const VERBOSITY = [1, 2, 3, 5];
export const CDATA_STATUS = { none: 'None', starting: 'Starting', running: 'Running', success: 'Successful', failed: 'Failed', cancelled: 'Cancelled', warning: 'Warning' } as const;

interface Workspace {
	id: string;
	name: string;
	is_default: boolean;
	created_at: string;
	updated_at: string;
}

interface Task {
	id: string;
	job_id: string;
	query: string;
	is_active: boolean;
	created_at: string;
	updated_at: string;
}

interface HistoryRecord {
	Id: string;
	JobId: string;
	JobName: string;
	RunStartDate: string;
	Status: string;
	Details: string;
	Runtime: number | null;
	RecordsAffected: number;
	LogFile: string;
}

interface TaskHistoryRecord extends HistoryRecord {
	TaskId: string;
	Query: string;
}

interface Run {
	history: HistoryRecord;
	lifecycle: LifecycleJob<string>;
	taskIds: string[];
	startedAt: number;
	endedAt?: number;
}

interface Job {
	id: string;
	workspace_id: string;
	name: string;
	type: string;
	source_connection: { id: string; name: string } | null;
	destination_connection: { id: string; name: string } | null;
	schedule: { enabled: boolean; cron: string };
	settings: Record<string, unknown>;
	tasks: Task[];
	created_at: string;
	updated_at: string;
	run?: Run;
	history: HistoryRecord[];
	taskHistory: TaskHistoryRecord[];
}

/** Field spellings the page uses for the same thing (EmailErrorOnly on create, Email_Error_Only on update). */
const ALIASES: Record<string, string> = { emailerroronly: 'email_error_only', 'pipeline id': 'pipeline_id', pipelineid: 'pipeline_id' };

type FieldKind = 'string' | 'boolean' | 'number' | 'strings' | 'object' | 'connection' | 'schedule' | 'verbosity' | 'unit' | 'date' | 'type';

const CREATE_FIELDS: Record<string, FieldKind> = {
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
const UPDATE_FIELDS: Record<string, FieldKind> = {
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
function readBody(body: unknown, fields: Record<string, FieldKind>): Record<string, unknown> {
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

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody((status, message) => ({ error: { code: String(status), message } }));
	const workspaces = new Map<string, Workspace>();
	const jobs = new Map<string, Job>();
	let historySeq = 1000;

	const uuid = () => {
		const hex = () => ctx.rng.int(0, 15).toString(16);
		const part = (n: number) => Array.from({ length: n }, hex).join('');
		return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
	};
	const taskId = () => `87${String(ctx.rng.int(1e8, 1e9 - 1))}${String(ctx.rng.int(1e7, 1e8 - 1))}`;
	const now = () => ctx.clock.iso();

	const requireToken = (req: RouteRequest) => {
		const header = req.headers['x-cdata-authtoken'];
		let token = Array.isArray(header) ? header[0] : header;
		const authorization = req.headers.authorization;
		if (!token && authorization && /^basic /i.test(authorization)) {
			const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
			token = decoded.slice(decoded.indexOf(':') + 1);
		}
		if (req.forcedUnauthorized || token !== CDATA_SYNC.token) {
			throw new HttpError(401, { error: { code: '401', message: token ? 'Invalid auth token.' : 'Authentication required: send the x-cdata-authtoken header.' } });
		}
	};

	const workspaceOf = (id: string) => {
		const ws = workspaces.get(id) ?? [...workspaces.values()].find((w) => w.name === id);
		if (!ws) throw cdataError(404, 'NOT_FOUND', `Workspace "${id}" was not found.`);
		return ws;
	};
	const jobOf = (id: string) => {
		const job = jobs.get(id);
		if (!job) throw cdataError(404, 'NOT_FOUND', `Job "${id}" was not found.`);
		return job;
	};
	const taskOf = (job: Job, id: string) => {
		const task = job.tasks.find((t) => t.id === id);
		if (!task) throw cdataError(404, 'NOT_FOUND', `Task "${id}" was not found in job "${job.name}".`);
		return task;
	};
	const isRunning = (job: Job) => !!job.run && !job.run.lifecycle.finished;

	const taskJson = (job: Job, task: Task) => ({ ...task, index: job.tasks.indexOf(task) });
	const jobJson = (job: Job) => ({
		id: job.id,
		name: job.name,
		type: job.type,
		workspace_id: job.workspace_id,
		source_connection: job.source_connection,
		destination_connection: job.destination_connection,
		schedule: job.schedule,
		...job.settings,
		task_count: job.tasks.length,
		created_at: job.created_at,
		updated_at: job.updated_at,
	});
	const statusJson = (job: Job) => {
		const run = job.run;
		const last = job.history[0];
		if (!run && !last) return { job_id: job.id, job_name: job.name, status: CDATA_STATUS.none, run_id: null, run_start_date: null, run_end_date: null, details: '' };
		if (!run) {
			const end = Date.parse(last.RunStartDate) + (last.Runtime ?? 0);
			return {
				job_id: job.id,
				job_name: job.name,
				status: last.Status,
				run_id: last.Id,
				run_start_date: last.RunStartDate,
				run_end_date: ctx.clock.iso(end),
				details: last.Details,
				records_affected: last.RecordsAffected,
			};
		}
		return {
			job_id: job.id,
			job_name: job.name,
			status: run.lifecycle.state,
			run_id: run.history.Id,
			run_start_date: run.history.RunStartDate,
			run_end_date: run.endedAt ? ctx.clock.iso(run.endedAt) : null,
			details: run.history.Details,
			tasks_total: run.taskIds.length,
			records_affected: run.history.RecordsAffected,
		};
	};

	const applySettings = (job: Job, fields: Record<string, unknown>) => {
		for (const [key, value] of Object.entries(fields)) {
			if (key === 'name') job.name = String(value);
			else if (key === 'type') job.type = String(value);
			else if (key === 'schedule') job.schedule = { ...job.schedule, ...(value as object) };
			else if (key === 'cron') job.schedule = { ...job.schedule, cron: String(value) };
			else if (key === 'source_connection_id') job.source_connection = { id: String(value), name: job.source_connection?.name ?? '' };
			else if (key === 'destination_connection_id') job.destination_connection = { id: String(value), name: job.destination_connection?.name ?? '' };
			else if (key === 'source_connection' || key === 'destination_connection') {
				const conn = typeof value === 'string' ? { id: value, name: '' } : { id: String((value as { id: string }).id), name: String((value as { name?: string }).name ?? '') };
				job[key] = conn;
			} else if (key === 'queries') continue;
			else job.settings[key] = value;
		}
	};

	const newTask = (job: Job, query: string, active = true): Task => ({ id: taskId(), job_id: job.id, query, is_active: active, created_at: now(), updated_at: now() });

	const finishRun = (job: Job, run: Run, status: string, message: string | undefined, failedTasks: number) => {
		run.endedAt = ctx.clock.now();
		run.history.Status = status;
		run.history.Runtime = run.endedAt - run.startedAt;
		run.history.RecordsAffected = status === CDATA_STATUS.cancelled ? 0 : ctx.rng.int(10, 5000);
		if (status === CDATA_STATUS.success) run.history.Details = `${run.taskIds.length} tasks completed.`;
		else if (status === CDATA_STATUS.cancelled) run.history.Details = 'The job was cancelled by the user.';
		else run.history.Details = message ?? (status === CDATA_STATUS.failed ? '[500] Could not connect to the destination.' : `${failedTasks} of ${run.taskIds.length} tasks failed.`);
		run.taskIds.forEach((id, index) => {
			const task = job.tasks.find((t) => t.id === id);
			const taskFailed = status === CDATA_STATUS.failed || (index < failedTasks && status !== CDATA_STATUS.success);
			job.taskHistory.unshift({
				...run.history,
				Id: String(++historySeq),
				TaskId: id,
				Query: task?.query ?? '',
				Status: status === CDATA_STATUS.cancelled ? CDATA_STATUS.cancelled : taskFailed ? CDATA_STATUS.failed : CDATA_STATUS.success,
				Details: taskFailed ? run.history.Details : 'Completed.',
				RecordsAffected: taskFailed ? 0 : ctx.rng.int(1, 1000),
			});
		});
	};

	const startRun = (job: Job, taskIds: string[]): Run => {
		const script = ctx.scripts.take(name, job.id, job.name);
		const runTime = script?.runTimeMs ?? ctx.config.runTimeMs;
		const total = taskIds.length;
		const failedTasks = script?.outcome === 'warning' ? (total >= 2 ? Math.max(1, Math.floor(total / 2)) : 1) : script?.outcome === 'failure' ? total : 0;
		const final =
			script?.outcome === 'stuck'
				? undefined
				: script?.outcome === 'failure'
					? CDATA_STATUS.failed
					: script?.outcome === 'warning'
						? total >= 2
							? `${failedTasks} of ${total} Tasks Failed`
							: CDATA_STATUS.warning
						: CDATA_STATUS.success;
		const startedAt = ctx.clock.now();
		const history: HistoryRecord = {
			Id: String(++historySeq),
			JobId: job.id,
			JobName: job.name,
			RunStartDate: ctx.clock.iso(startedAt),
			Status: CDATA_STATUS.starting,
			Details: '',
			Runtime: null,
			RecordsAffected: 0,
			LogFile: `${job.name}_${startedAt}.log`,
		};
		job.history.unshift(history);
		const terminal = [CDATA_STATUS.success, CDATA_STATUS.failed, CDATA_STATUS.cancelled, CDATA_STATUS.warning, ...(final ? [final] : [])];
		const run = { history, taskIds, startedAt } as Run;
		ctx.counters.start(name, job.id);
		run.lifecycle = ctx.lifecycle<string>({
			family: name,
			id: job.id,
			terminal,
			...standardRun<string>(runTime, { queued: CDATA_STATUS.starting, running: CDATA_STATUS.running, final }),
			onTransition: (to) => {
				history.Status = to;
				if (terminal.includes(to)) finishRun(job, run, to, script?.message, to === final ? failedTasks : to === CDATA_STATUS.failed ? total : 0);
			},
		});
		job.run = run;
		return run;
	};

	const seed = () => {
		const created = '2025-01-10T08:00:00.000Z';
		const ws = (wsName: string, isDefault: boolean): Workspace => {
			const w = { id: uuid(), name: wsName, is_default: isDefault, created_at: created, updated_at: created };
			workspaces.set(w.id, w);
			return w;
		};
		const def = ws('Default', true);
		const finance = ws('Finance', false);
		const addJob = (w: Workspace, jobName: string, type: string, queries: string[], lastRun?: { status: string; details: string; ago: number }) => {
			const job: Job = {
				id: uuid(),
				workspace_id: w.id,
				name: jobName,
				type,
				source_connection: { id: uuid(), name: 'Salesforce1' },
				destination_connection: { id: uuid(), name: 'Snowflake1' },
				schedule: { enabled: false, cron: '' },
				settings: {},
				tasks: [],
				created_at: created,
				updated_at: created,
				history: [],
				taskHistory: [],
			};
			job.tasks = queries.map((q) => newTask(job, q));
			jobs.set(job.id, job);
			if (lastRun) {
				const start = ctx.clock.now() - lastRun.ago;
				job.history.push({
					Id: String(++historySeq),
					JobId: job.id,
					JobName: job.name,
					RunStartDate: ctx.clock.iso(start),
					Status: lastRun.status,
					Details: lastRun.details,
					Runtime: 42_000,
					RecordsAffected: 1234,
					LogFile: `${job.name}_${start}.log`,
				});
			}
			return job;
		};
		addJob(def, 'SalesforceToSnowflake', 'Standard', ['REPLICATE [Account]', 'REPLICATE [Contact]', 'REPLICATE [Opportunity]'], {
			status: CDATA_STATUS.success,
			details: '3 tasks completed.',
			ago: 3_600_000,
		});
		addJob(def, 'HubSpotToPostgres', 'Standard', ['REPLICATE [Contacts]', 'REPLICATE [Deals]', 'REPLICATE [Companies]', 'REPLICATE [Owners]', 'REPLICATE [Tickets]'], {
			status: '2 of 5 Tasks Failed',
			details: 'Table [Owners]: permission denied.',
			ago: 7_200_000,
		});
		addJob(def, 'NightlySyncAll', 'SyncAll', ['REPLICATE [Orders]', 'REPLICATE [Customers]']);
		addJob(finance, 'NetSuiteToSqlServer', 'Standard', ['REPLICATE [Invoice]', 'REPLICATE [Vendor]'], {
			status: CDATA_STATUS.failed,
			details: '[500] Login failed for user sync.',
			ago: 86_400_000,
		});
		addJob(finance, 'QuickBooksToBigQuery', 'ReverseETL', ['REPLICATE [Bills]', 'REPLICATE [Payments]']);
	};

	ctx.onReset((seedData) => {
		workspaces.clear();
		jobs.clear();
		historySeq = 1000;
		if (seedData) seed();
	});

	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(id);
		if (!job) return undefined;
		if (!job.run || job.run.lifecycle.finished) startRun(job, job.tasks.filter((t) => t.is_active).map((t) => t.id));
		job.run!.lifecycle.force(to);
		return statusJson(job);
	});

	// Workspaces (the Workspace Management page): only what job management needs to pick one.
	app.route('GET', `${V2}/workspaces`, (req) => {
		requireToken(req);
		return { status: 200, body: [...workspaces.values()] };
	});
	app.route('GET', `${V2}/workspaces/:workspaceId`, (req) => {
		requireToken(req);
		return { status: 200, body: workspaceOf(req.params.workspaceId) };
	});

	app.route('GET', `${V2}/workspaces/:workspaceId/jobs`, (req) => {
		requireToken(req);
		const ws = workspaceOf(req.params.workspaceId);
		return { status: 200, body: [...jobs.values()].filter((j) => j.workspace_id === ws.id).map(jobJson) };
	});

	app.route('POST', `${V2}/workspaces/:workspaceId/jobs`, (req) => {
		requireToken(req);
		const ws = workspaceOf(req.params.workspaceId);
		const fields = readBody(req.body, CREATE_FIELDS);
		if (typeof fields.name !== 'string' || fields.name.trim() === '') throw cdataError(400, 'INVALID_FIELD', 'Field "name" is required.');
		if ([...jobs.values()].some((j) => j.workspace_id === ws.id && j.name.toLowerCase() === String(fields.name).toLowerCase()))
			throw cdataError(409, 'CONFLICT', `A job named "${String(fields.name)}" already exists in workspace "${ws.name}".`);
		const stamp = now();
		const job: Job = {
			id: uuid(),
			workspace_id: ws.id,
			name: '',
			type: 'Standard',
			source_connection: null,
			destination_connection: null,
			schedule: { enabled: false, cron: '' },
			settings: {},
			tasks: [],
			created_at: stamp,
			updated_at: stamp,
			history: [],
			taskHistory: [],
		};
		applySettings(job, fields);
		job.tasks = ((fields.queries as string[] | undefined) ?? []).map((q) => newTask(job, q));
		jobs.set(job.id, job);
		return { status: 200, body: jobJson(job) };
	});

	const updateJob = (req: RouteRequest) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const fields = readBody(req.body, UPDATE_FIELDS);
		if (isRunning(job)) throw cdataError(409, 'JOB_RUNNING', `The job "${job.name}" is running and cannot be updated.`);
		applySettings(job, fields);
		job.updated_at = now();
		return { status: 200, body: jobJson(job) };
	};
	const deleteJob = (req: RouteRequest) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		if (isRunning(job)) throw cdataError(409, 'JOB_RUNNING', `The job "${job.name}" is running and cannot be deleted.`);
		jobs.delete(job.id);
		return { status: 204 };
	};
	// The page writes `/v2/jobs{job_id}` for update and delete; every other call uses `/v2/jobs/{job_id}`: accept both.
	app.route('PUT', `${V2}/jobs/:jobId`, updateJob);
	app.route('PUT', `${V2}/jobs:jobId`, updateJob);
	app.route('DELETE', `${V2}/jobs/:jobId`, deleteJob);
	app.route('DELETE', `${V2}/jobs:jobId`, deleteJob);

	app.route('POST', `${V2}/jobs/:jobId/execute`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const body = (req.body ?? {}) as Record<string, unknown>;
		const tasksField = Object.entries(body).find(([k]) => k.toLowerCase() === 'tasks')?.[1];
		if (tasksField !== undefined && (!Array.isArray(tasksField) || tasksField.some((t) => typeof t !== 'string' && typeof t !== 'number')))
			throw cdataError(400, 'INVALID_FIELD', 'Field "tasks" must be an array of task ids.');
		if (isRunning(job)) throw cdataError(409, 'JOB_RUNNING', `The job "${job.name}" is already running.`);
		let taskIds: string[];
		if (Array.isArray(tasksField) && tasksField.length > 0) {
			taskIds = tasksField.map(String);
			for (const id of taskIds) taskOf(job, id);
		} else {
			taskIds = job.tasks.filter((t) => t.is_active).map((t) => t.id);
		}
		if (taskIds.length === 0) throw cdataError(400, 'NO_TASKS', `The job "${job.name}" has no active tasks to run.`);
		startRun(job, taskIds);
		return { status: 200, body: statusJson(job) };
	});

	app.route('POST', `${V2}/jobs/:jobId/cancel`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		if (!isRunning(job)) throw cdataError(409, 'JOB_NOT_RUNNING', `The job "${job.name}" is not running.`);
		ctx.counters.stop(name, job.id, job.run!.history.Id);
		job.run!.lifecycle.force(CDATA_STATUS.cancelled);
		return { status: 200, body: statusJson(job) };
	});

	app.route('GET', `${V2}/jobs/:jobId/status`, (req) => {
		requireToken(req);
		return { status: 200, body: statusJson(jobOf(req.params.jobId)) };
	});

	app.route('GET', `${V2}/jobs/:jobId/history`, (req) => {
		requireToken(req);
		return { status: 200, body: jobOf(req.params.jobId).history };
	});
	app.route('GET', `${V2}/jobs/:jobId/history/:historyId`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const record = job.history.find((h) => h.Id === req.params.historyId);
		if (!record) throw cdataError(404, 'NOT_FOUND', `History "${req.params.historyId}" was not found for job "${job.name}".`);
		return { status: 200, body: record };
	});

	app.route('GET', `${V2}/jobs/:jobId/tasks`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		return { status: 200, body: job.tasks.map((t) => taskJson(job, t)) };
	});
	app.route('GET', `${V2}/jobs/:jobId/tasks/last-run`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		return {
			status: 200,
			body: job.tasks.map((task) => {
				const last = job.taskHistory.find((h) => h.TaskId === task.id);
				return {
					task_id: task.id,
					query: task.query,
					status: last?.Status ?? CDATA_STATUS.none,
					run_start_date: last?.RunStartDate ?? null,
					details: last?.Details ?? '',
					records_affected: last?.RecordsAffected ?? 0,
				};
			}),
		};
	});
	app.route('GET', `${V2}/jobs/:jobId/tasks/:taskId`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		return { status: 200, body: taskJson(job, taskOf(job, req.params.taskId)) };
	});

	const readTaskBody = (body: unknown, allowIndex: boolean) => {
		const fields = readBody(body, { query: 'string', is_active: 'boolean', ...(allowIndex ? { index: 'number' as const } : {}) });
		return fields as { query?: string; is_active?: boolean; index?: number };
	};
	app.route('POST', `${V2}/jobs/:jobId/tasks`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const fields = readTaskBody(req.body, false);
		if (!fields.query || fields.query.trim() === '') throw cdataError(400, 'INVALID_FIELD', 'Field "query" is required.');
		const task = newTask(job, fields.query, fields.is_active ?? true);
		job.tasks.push(task);
		return { status: 200, body: taskJson(job, task) };
	});
	app.route('PUT', `${V2}/jobs/:jobId/tasks/:taskId`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const task = taskOf(job, req.params.taskId);
		const fields = readTaskBody(req.body, true);
		if (fields.query !== undefined) task.query = fields.query;
		if (fields.is_active !== undefined) task.is_active = fields.is_active;
		if (fields.index !== undefined) {
			if (!Number.isInteger(fields.index) || fields.index >= job.tasks.length) throw cdataError(400, 'INVALID_FIELD', `Field "index" must be between 0 and ${job.tasks.length - 1}.`);
			job.tasks.splice(job.tasks.indexOf(task), 1);
			job.tasks.splice(fields.index, 0, task);
		}
		task.updated_at = now();
		return { status: 200, body: taskJson(job, task) };
	});
	app.route('DELETE', `${V2}/jobs/:jobId/tasks/:taskId`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const task = taskOf(job, req.params.taskId);
		if (isRunning(job) && job.run!.taskIds.includes(task.id))
			throw cdataError(409, 'TASK_RUNNING', `The task "${task.id}" of job "${job.name}" is running and cannot be deleted.`);
		job.tasks.splice(job.tasks.indexOf(task), 1);
		return { status: 204 };
	});
	app.route('POST', `${V2}/jobs/:jobId/tasks/:taskId/move`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const task = taskOf(job, req.params.taskId);
		const fields = readBody(req.body, { from_index: 'number', to_index: 'number' }) as { from_index?: number; to_index?: number };
		const current = job.tasks.indexOf(task);
		if (fields.from_index === undefined || fields.to_index === undefined) throw cdataError(400, 'INVALID_FIELD', 'Fields "from_index" and "to_index" are required.');
		if (fields.from_index !== current) throw cdataError(400, 'INVALID_FIELD', `The task is at index ${current}, not ${fields.from_index}.`);
		if (!Number.isInteger(fields.to_index) || fields.to_index >= job.tasks.length) throw cdataError(400, 'INVALID_FIELD', `Field "to_index" must be between 0 and ${job.tasks.length - 1}.`);
		job.tasks.splice(current, 1);
		job.tasks.splice(fields.to_index, 0, task);
		return { status: 200, body: job.tasks.map((t) => taskJson(job, t)) };
	});
	app.route('GET', `${V2}/jobs/:jobId/tasks/:taskId/history`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		const task = taskOf(job, req.params.taskId);
		return { status: 200, body: job.taskHistory.filter((h) => h.TaskId === task.id) };
	});

	ctx.exposeState(name, () => ({
		workspaces: [...workspaces.values()],
		jobs: [...jobs.values()].map((j) => ({ ...jobJson(j), tasks: j.tasks.map((t) => taskJson(j, t)), status: statusJson(j) })),
	}));
}

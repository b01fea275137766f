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
import { standardRun } from '../core/lifecycle';
import type { RouteRequest, SandboxApp } from '../core/router';
import { CREATE_FIELDS, UPDATE_FIELDS, cdataError, readBody } from './cdataSyncFields';
import {
	CDATA_STATUS,
	applySettings,
	historyRecord,
	isRunning,
	jobJson,
	lastRunJson,
	newJob,
	statusJson,
	taskJson,
	type Job,
	type Run,
	type Task,
	type Workspace,
} from './cdataSyncJob';
import { seedData } from './cdataSyncSeed';

export const name = FAMILY.cdataSync;

const V2 = CDATA_SYNC.v2Prefix;

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
		const history = historyRecord(String(++historySeq), job, startedAt, ctx.clock, { Status: CDATA_STATUS.starting, Details: '', Runtime: null, RecordsAffected: 0 });
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

	ctx.onReset((withSeed) => {
		workspaces.clear();
		jobs.clear();
		historySeq = 1000;
		if (withSeed) seedData(workspaces, jobs, { uuid, newTask, historyId: () => String(++historySeq), clock: ctx.clock });
	});

	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(id);
		if (!job) return undefined;
		if (!job.run || job.run.lifecycle.finished) startRun(job, job.tasks.filter((t) => t.is_active).map((t) => t.id));
		job.run!.lifecycle.force(to);
		return statusJson(job, ctx.clock);
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
		const job = newJob({ id: uuid(), workspace_id: ws.id, name: '', type: 'Standard', source_connection: null, destination_connection: null }, stamp);
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
		return { status: 200, body: statusJson(job, ctx.clock) };
	});

	app.route('POST', `${V2}/jobs/:jobId/cancel`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		if (!isRunning(job)) throw cdataError(409, 'JOB_NOT_RUNNING', `The job "${job.name}" is not running.`);
		ctx.counters.stop(name, job.id, job.run!.history.Id);
		job.run!.lifecycle.force(CDATA_STATUS.cancelled);
		return { status: 200, body: statusJson(job, ctx.clock) };
	});

	app.route('GET', `${V2}/jobs/:jobId/status`, (req) => {
		requireToken(req);
		const job = jobOf(req.params.jobId);
		// config.cdataStatusLagMs: a run just started is not on the status yet; the previous run still shows.
		const lagging = job.run && ctx.clock.now() - Date.parse(job.run.history.RunStartDate) < ctx.config.cdataStatusLagMs;
		return { status: 200, body: statusJson(lagging ? { ...job, run: undefined, history: job.history.filter((h) => h !== job.run!.history) } : job, ctx.clock) };
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
		return { status: 200, body: lastRunJson(job) };
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
		jobs: [...jobs.values()].map((j) => ({ ...jobJson(j), tasks: j.tasks.map((t) => taskJson(j, t)), status: statusJson(j, ctx.clock) })),
	}));
}

/**
 * Informatica IDMC Database Ingestion and Replication (DBMI), as in docs/vendor-apis.md ("Database Ingestion and
 * Replication", from Informatica's page of that name). Every call lives under `/saas/dbmi/public/api/v2/...` (the page's `<serverUrl>/dbmi/public/api/v2`)
 * and accepts the session as `IDS-SESSION-ID` or `icSessionId`. Errors: `{"status":"failed","code":<http>,"message"}`.
 *
 * The job state machine (states, what each action is allowed from, timings) is `informaticaDbmiJob.ts`; the answers'
 * shapes are `informaticaDbmiViews.ts`; tasks and seed data `informaticaDbmiTasks.ts`. This file is the routes.
 *
 * Scripts (`family: informaticaDbmi`): keys looked up are the task name, then the job id. `failure` ends the run
 * `failed` with the script's message as errorMessage, `warning` runs `running_with_warning` then `completed`,
 * `stuck` stays `running`, `runTimeMs` overrides the run time.
 *
 * Task creation checks: taskName present and made of letters, digits, `_ - . space` (400); nativeData an object with
 * `source` and `target` objects (422); projectId/projectID and folderId/folderID known (404); name unique in the
 * folder (409). The task mode comes from nativeData `loadType` / `mode` / `taskMode` (also under `properties`):
 * a value containing COMBINED → CDC_COMBINED, CDC or INCREMENTAL → CDC, anything else → UNLOAD (initial load).
 * Tables come from nativeData `tables` (array of "SCHEMA.TABLE" strings or `{name}`), else three sample tables.
 */
import { FAMILY } from '../core/constants';
import type { SandboxContext } from '../core/context';
import type { RouteRequest, SandboxApp } from '../core/router';
import { informaticaError } from '../core/sessions';
import { informaticaErrorFormatter, requireSession } from './informaticaLogin';
import { ACTIVE, DbmiJobMachine, JOB_ACTIONS, type DbmiJob, type DbmiTask, type JobAction } from './informaticaDbmiJob';
import { createdTaskAnswer, newTask, parentInfo, project, seedTasks, taskPath } from './informaticaDbmiTasks';
import { logAnswer, metricsAnswer, SORT_FIELDS, statusView, refreshProgress, type MetricsQuery, type SortField } from './informaticaDbmiViews';

export const name = FAMILY.informaticaDbmi;

const PREFIX = '/saas/dbmi/public/api/v2';
const SCHEMA_ACTIONS = new Set(['REPLICATE', 'IGNORE', 'STOP_TABLE', 'STOP_JOB']);

const fail = (status: number, message: string) => informaticaError('dbmi', status, String(status), message);
const notFoundJob = (id: unknown) => fail(404, `Mass Ingestion Databases could not find the job with ID '${id ?? 0}'.`);

function body(req: RouteRequest): Record<string, unknown> {
	return req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}

/** jobId as a string ("15") or a number (15): both are accepted, as the page shows both. */
function parseId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

/** resume's `parameters`: 400 unless each schemaChangeOptions rule has a pattern and a known action. */
function checkResumeParameters(parameters: unknown): void {
	if (parameters === undefined || parameters === null) return;
	const options = ((parameters as Record<string, unknown>).resumeOptions ?? {}) as Record<string, unknown>;
	const rules = options.schemaChangeOptions;
	const valid =
		typeof parameters === 'object' &&
		(rules === undefined ||
			(Array.isArray(rules) &&
				rules.every((r) => r && typeof r === 'object' && typeof r.pattern === 'string' && r.pattern && SCHEMA_ACTIONS.has(String(r.action)))));
	if (!valid) throw fail(400, 'Invalid resume options: schemaChangeOptions needs a pattern and an action (REPLICATE, IGNORE, STOP_TABLE, STOP_JOB).');
}

/** metricsOptions (body) over the query: 400 for a bad limit, offset or sort. */
function metricsQuery(opts: Record<string, unknown>): MetricsQuery {
	const limit = opts.limit === undefined || opts.limit === null ? 25 : Number(opts.limit);
	const offset = opts.offset === undefined || opts.offset === null ? 0 : Number(opts.offset);
	if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
		throw fail(400, 'Missing jobId or invalid request body: limit must be a positive integer and offset zero or more.');
	}
	let sort = opts.sort;
	if (typeof sort === 'string') sort = sort.split(',');
	let sortField: SortField | undefined;
	let descending = false;
	if (sort !== undefined && sort !== null) {
		const [field, order] = Array.isArray(sort) ? sort.map(String) : [];
		if (!SORT_FIELDS.includes(field as SortField) || (order !== undefined && !/^(asc|desc)$/i.test(order))) {
			throw fail(400, `Missing jobId or invalid request body: sort must be [${SORT_FIELDS.join('|')}, asc|desc].`);
		}
		sortField = field as SortField;
		descending = /^desc$/i.test(order ?? 'asc');
	}
	const stateFilter = opts.stateFilter ? String(opts.stateFilter).toUpperCase() : undefined;
	const search = opts.search ? String(opts.search).toLowerCase() : '';
	return { limit, offset, sortField, descending, stateFilter, search };
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter);
	const tasks = new Map<number, DbmiTask>();
	let nextTaskId = 100;
	const machine = new DbmiJobMachine({
		schedule: (ms, fn) => ctx.schedule(ms, fn),
		now: () => ctx.clock.now(),
		iso: () => ctx.clock.iso(),
		log: (line) => ctx.log(line),
		runTimeMs: () => ctx.config.runTimeMs,
		task: (taskId) => tasks.get(taskId),
	});
	const jobs = machine.jobs;
	const taskOf = (job: DbmiJob) => tasks.get(job.taskId)!;

	const taskByParam = (raw: string): DbmiTask => {
		const id = parseId(raw);
		const task = id === undefined ? undefined : tasks.get(id);
		if (!task) throw fail(404, `The taskid '${raw}' is not found for the projectId/folderId or taskName.`);
		return task;
	};
	const jobFrom = (raw: unknown): DbmiJob => {
		if (raw === undefined || raw === null || raw === '') throw notFoundJob(0);
		const id = parseId(raw);
		const job = id === undefined ? undefined : jobs.get(id);
		if (!job) throw notFoundJob(raw);
		return job;
	};

	app.route('POST', `${PREFIX}/task/create`, (req) => {
		requireSession(ctx, req);
		const b = body(req);
		const taskName = typeof b.taskName === 'string' ? b.taskName.trim() : '';
		if (!taskName || !/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,99}$/.test(taskName)) {
			throw fail(400, 'The taskName is syntactically invalid. It is either empty or contains illegal characters.');
		}
		const nativeData = b.nativeData;
		if (!nativeData || typeof nativeData !== 'object' || Array.isArray(nativeData)) {
			throw fail(422, 'The nativeData task payload is incomplete or invalid. It either contains missing mandatory properties or unsupported configurations.');
		}
		const nd = nativeData as Record<string, unknown>;
		const missing = ['source', 'target'].filter((k) => !nd[k] || typeof nd[k] !== 'object');
		if (missing.length) {
			throw fail(422, `The nativeData task payload is incomplete or invalid. Missing mandatory properties: ${missing.join(', ')}.`);
		}
		// The field table spells projectId/folderId, the example projectID/folderID: accept both.
		const projectId = String(b.projectId ?? b.projectID ?? '').trim();
		const folderId = String(b.folderId ?? b.folderID ?? '').trim();
		const p = project(projectId || undefined);
		if (!p) throw fail(404, 'The specified projectId does not exist in the project.');
		if (folderId && !p.folders.some((f) => f.id === folderId)) throw fail(404, 'The specified folderId does not exist within the given project.');
		for (const t of tasks.values()) {
			if (t.name === taskName && t.projectId === p.id && t.folderId === folderId) {
				throw fail(409, 'A task with the same name already exists in the folder or project.');
			}
		}
		const task = newTask({
			taskId: nextTaskId++,
			documentId: ctx.rng.string(22),
			name: taskName,
			projectId: p.id,
			folderId,
			nativeData: nd,
			createdTime: ctx.clock.iso(),
		});
		tasks.set(task.taskId, task);
		return { status: 200, body: createdTaskAnswer(task) };
	});

	app.route('GET', `${PREFIX}/tasks/fetchId`, (req) => {
		requireSession(ctx, req);
		const taskName = (req.query.taskName ?? '').trim();
		const projectId = (req.query.projectId ?? '').trim();
		const folderId = (req.query.folderId ?? '').trim();
		if (!taskName) throw fail(400, 'Invalid folderId, projectId, or taskName.');
		if (projectId && !project(projectId)) throw fail(400, 'Invalid folderId, projectId, or taskName.');
		const matches = [...tasks.values()].filter(
			(t) => t.name === taskName && (!projectId || t.projectId === projectId) && (!folderId || t.folderId === folderId),
		);
		if (!matches.length) throw fail(404, 'The taskid is not found for the projectId/folderId or taskName.');
		return { status: 200, body: matches.map((t) => ({ name: t.name, parentInfo: parentInfo(t), taskId: t.taskId })) };
	});

	app.route('POST', `${PREFIX}/task/deploy/:taskId`, (req) => {
		requireSession(ctx, req);
		const task = taskByParam(req.params.taskId);
		const current = task.jobId !== undefined ? jobs.get(task.jobId) : undefined;
		if (current && ACTIVE.has(current.status)) {
			throw fail(409, `Job ${current.jobId} of task ${task.taskId} is ${current.status}; it cannot be deployed now.`);
		}
		const job = machine.deploy(task);
		return {
			status: 200,
			body: { status: 'success', code: 202, message: 'Deployment started', data: { jobId: job.jobId, deploymentStatus: 'processing_deploy' } },
		};
	});

	app.route('GET', `${PREFIX}/task/fetch/:taskId/job`, (req) => {
		requireSession(ctx, req);
		const task = taskByParam(req.params.taskId);
		const job = task.jobId !== undefined ? jobs.get(task.jobId) : undefined;
		if (!job) throw fail(404, `No deployed job found for task ${task.taskId}. Deploy the task first.`);
		return { status: 200, body: { jobId: job.jobId, assetName: job.assetName, location: 'Default' } };
	});

	/** What each job action does once the state allows it (the table of allowed states and refusals is JOB_ACTIONS). */
	const perform: Record<JobAction, (job: DbmiJob, b: Record<string, unknown>) => void> = {
		start: (job) => {
			ctx.counters.start(name, job.jobId);
			// POST /__sandbox/config {dbmiStartNoEffect: N}: the next N starts are accepted and change nothing.
			if (ctx.config.dbmiStartNoEffect > 0) {
				ctx.config.dbmiStartNoEffect--;
				return;
			}
			machine.run(job, 'start', ctx.scripts.take(name, taskOf(job).name, job.jobId));
		},
		stop: (job) => {
			ctx.counters.stop(name, job.jobId, job.runId);
			machine.stop(job);
		},
		resume: (job, b) => {
			job.resumes++;
			job.lastResumeOptions = b.parameters ?? null;
			if (ctx.config.dbmiStartNoEffect > 0) {
				ctx.config.dbmiStartNoEffect--;
				return;
			}
			machine.run(job, 'resume', ctx.scripts.take(name, taskOf(job).name, job.jobId));
		},
		undeploy: (job) => machine.undeploy(job),
	};
	for (const { action, allowedFrom, refusal } of JOB_ACTIONS) {
		app.route('POST', `${PREFIX}/job/${action}`, (req) => {
			requireSession(ctx, req);
			const b = body(req);
			const job = jobFrom(b.jobId);
			if (action === 'resume') checkResumeParameters(b.parameters);
			if (!allowedFrom.has(job.status)) throw fail(409, refusal);
			perform[action](job, b);
			return {
				status: 200,
				body: {
					status: 'Success',
					code: 202,
					message: `Job with org id 2HimcQ9cXW5kLUCOUkXGi8 and job name ${job.assetName} has been accepted to ${action} successfully.`,
				},
			};
		});
	}

	// Documented as a GET with a JSON body: the jobId is read from the query or the body.
	app.route('GET', `${PREFIX}/job/status`, (req) => {
		requireSession(ctx, req);
		const raw = req.query.jobId ?? body(req).jobId;
		if (raw === undefined || raw === '') throw fail(400, 'Missing jobId.');
		const job = jobFrom(raw);
		refreshProgress(job, ctx.clock.now());
		return { status: 200, body: statusView(job, taskOf(job), ctx.clock.now()) };
	});

	// jobId in the URL and in the body; paging, filter, sort and search in parameters.metricsOptions (or the query).
	app.route('POST', `${PREFIX}/job/metrics`, (req) => {
		requireSession(ctx, req);
		const b = body(req);
		const fromQuery = req.query.jobId;
		const fromBody = b.jobId;
		if ((fromQuery === undefined || fromQuery === '') && (fromBody === undefined || fromBody === null || fromBody === '')) {
			throw fail(400, 'Missing jobId or invalid request body.');
		}
		if (fromQuery !== undefined && fromBody !== undefined && parseId(fromQuery) !== parseId(fromBody)) {
			throw fail(400, 'Missing jobId or invalid request body: the jobId in the URL and in the body differ.');
		}
		const job = jobFrom(fromBody ?? fromQuery);
		if (job.runs === 0 || job.status === 'undeployed') throw fail(409, 'Mass ingestion job not in valid state for stats collection.');
		const parameters = (b.parameters ?? {}) as Record<string, unknown>;
		const query = metricsQuery({ ...req.query, ...((parameters.metricsOptions ?? {}) as Record<string, unknown>) });
		return { status: 200, body: metricsAnswer(job, taskOf(job), query, ctx.clock.now()) };
	});

	app.route('GET', `${PREFIX}/job/:jobId/log`, (req) => {
		requireSession(ctx, req);
		const job = jobFrom(req.params.jobId);
		if (job.status === 'undeployed' || job.status === 'processing_undeploy') {
			throw fail(409, 'Mass Ingestion job not in valid state for logs retrieval.');
		}
		return { status: 200, body: logAnswer(job, taskOf(job)) };
	});

	// Control API: forced transitions, state, seed.
	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(Number(id));
		if (!job) return undefined;
		machine.force(job, String(to).toLowerCase());
		return statusView(job, taskOf(job), ctx.clock.now());
	});

	// The platform's v3 objects resource lists Database Ingestion tasks as type DBMI_TASK, by path (project/folder/name).
	ctx.v3Catalogue.add(() =>
		[...tasks.values()].map((t) => ({ id: t.documentId, path: taskPath(t), type: 'DBMI_TASK', description: t.taskMode, updateTime: t.createdTime })),
	);

	ctx.exposeState(name, () => ({
		tasks: [...tasks.values()].map((t) => ({ taskId: t.taskId, name: t.name, projectId: t.projectId, folderId: t.folderId, taskMode: t.taskMode, jobId: t.jobId ?? null })),
		jobs: [...jobs.values()].map((j) => ({
			...statusView(j, taskOf(j), ctx.clock.now()),
			runs: j.runs,
			runId: j.runId,
			resumes: j.resumes,
			lastResumeOptions: j.lastResumeOptions ?? null,
		})),
	}));

	ctx.onReset((seedData) => {
		machine.reset();
		tasks.clear();
		nextTaskId = 100;
		if (!seedData) return;
		for (const { task, jobId } of seedTasks()) {
			tasks.set(task.taskId, task);
			if (jobId === undefined) continue;
			machine.addJob(task, 'deployed', jobId).deployTime = '2025-11-03T08:20:00.000Z';
		}
	});
}

/**
 * Informatica IDMC Database Ingestion and Replication (DBMI), as in docs/vendor-apis.md ("Database Ingestion and
 * Replication", from Informatica's page of that name). Every call lives under `/saas/dbmi/public/api/v2/...` (the page's `<serverUrl>/dbmi/public/api/v2`)
 * and accepts the session as `IDS-SESSION-ID` or `icSessionId`. Errors: `{"status":"failed","code":<http>,"message"}`.
 *
 * State machine of a job (status values lower case, as job/status answers them):
 *   deploy:   processing_deploy → deployed                     (after runTimeMs / 2)
 *   start:    starting → running → completed | failed          (running at 10 %, the end at runTimeMs)
 *             CDC jobs (task mode CDC or CDC_COMBINED) stay `running` until stopped (a `failure` script still fails them)
 *   stop:     stopping → stopped                               (after runTimeMs / 10)
 *   resume:   like start, from stopped, failed or aborted
 *   undeploy: processing_undeploy → undeployed                 (after runTimeMs / 2; the task has no job any more)
 * Start is allowed from deployed, completed, stopped, failed and aborted (deployed and not active), 409 otherwise.
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
import type { ScheduledTimer } from '../core/timers';
import { informaticaErrorFormatter, requireSession } from './informaticaLogin';

export const name = FAMILY.informaticaDbmi;

const PREFIX = '/saas/dbmi/public/api/v2';

type TaskMode = 'UNLOAD' | 'CDC' | 'CDC_COMBINED';

interface Project {
	id: string;
	name: string;
	folders: Array<{ id: string; name: string }>;
}

interface DbmiTask {
	taskId: number;
	documentId: string;
	name: string;
	projectId: string;
	folderId: string;
	nativeData: Record<string, unknown>;
	taskMode: TaskMode;
	srcVendor: string;
	tgtVendor: string;
	tables: string[];
	createdTime: string;
	jobId?: number;
}

interface TableProgress {
	srcName: string;
	tgtName: string;
	state: string;
	recordsRead: number;
	recordsWritten: number;
	inserts: number;
	updates: number;
	deletes: number;
	runId: number;
	duration: number;
}

interface DbmiJob {
	jobId: number;
	taskId: number;
	assetName: string;
	status: string;
	deployTime?: string;
	startTime?: string;
	endTime?: string;
	errorMessage: string | null;
	lastAction: string;
	runId: number;
	runs: number;
	resumes: number;
	lastResumeOptions?: unknown;
	tables: TableProgress[];
	/** Run plan of the current run, for progress in metrics. */
	runStartedAt?: number;
	runTimeMs?: number;
	pending: ScheduledTimer[];
}

const ACTIVE = new Set(['processing_deploy', 'starting', 'running', 'running_with_warning', 'on_hold', 'stopping', 'resuming', 'processing_undeploy']);
const STARTABLE = new Set(['deployed', 'completed', 'stopped', 'failed', 'aborted']);
const STOPPABLE = new Set(['starting', 'running', 'running_with_warning', 'on_hold', 'resuming']);
const RESUMABLE = new Set(['stopped', 'failed', 'aborted']);
const UNDEPLOYABLE = new Set(['aborted', 'completed', 'deployed', 'failed', 'stopped']);
const ENDED = new Set(['completed', 'failed', 'stopped', 'aborted', 'undeployed']);
const SCHEMA_ACTIONS = new Set(['REPLICATE', 'IGNORE', 'STOP_TABLE', 'STOP_JOB']);
const SORT_FIELDS = ['srcTable', 'tgtTable', 'state', 'recordsRead', 'recordsWritten'] as const;

const DEFAULT_PROJECT: Project = { id: '6E442DkEnGbhO1L31w2UW3', name: 'Default', folders: [] };
const PROJECTS: Project[] = [
	DEFAULT_PROJECT,
	{
		id: '1lHbX3urKB8dHJ071tXV8F',
		name: 'Sales_Replication',
		folders: [
			{ id: '5GX14m3CuFAeVWqnsSX9mC', name: 'Oracle_to_Snowflake' },
			{ id: '7oUOa49tVKzexgnzp3zyIc', name: 'SQLServer_CDC' },
		],
	},
];
const SPACE = { parentId: '7cCn5thwWFLhiZoSosphKL', parentName: 'REG', parentType: 'Space' };

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

function taskModeOf(nativeData: Record<string, unknown>): TaskMode {
	const props = (nativeData.properties ?? {}) as Record<string, unknown>;
	const raw = String(nativeData.loadType ?? nativeData.mode ?? nativeData.taskMode ?? props.loadType ?? props.mode ?? props.taskMode ?? '').toUpperCase();
	if (raw.includes('COMBINED')) return 'CDC_COMBINED';
	if (raw.includes('CDC') || raw.includes('INCREMENTAL')) return 'CDC';
	return 'UNLOAD';
}

function tablesOf(nativeData: Record<string, unknown>): string[] {
	const list = Array.isArray(nativeData.tables) ? nativeData.tables : [];
	const names = list
		.map((t) => (typeof t === 'string' ? t : t && typeof t === 'object' ? String((t as Record<string, unknown>).name ?? '') : ''))
		.filter(Boolean);
	return names.length ? names : ['SALES.ORDERS', 'SALES.ORDER_LINES', 'SALES.CUSTOMERS'];
}

function vendorOf(side: unknown, fallback: string): string {
	const s = (side ?? {}) as Record<string, unknown>;
	return String(s.type ?? s.vendor ?? fallback).toUpperCase();
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter);
	const tasks = new Map<number, DbmiTask>();
	const jobs = new Map<number, DbmiJob>();
	let nextTaskId = 100;
	let nextJobId = 20;
	let nextRunId = 570;

	const project = (id: string | undefined) => (id ? PROJECTS.find((p) => p.id === id) : DEFAULT_PROJECT);

	const parentInfo = (task: DbmiTask) => {
		const p = project(task.projectId) ?? DEFAULT_PROJECT;
		const info: Array<Record<string, string>> = [SPACE, { parentId: p.id, parentName: p.name, parentType: 'Project' }];
		const folder = p.folders.find((f) => f.id === task.folderId);
		if (folder) info.push({ parentId: folder.id, parentName: folder.name, parentType: 'Folder' });
		return info;
	};

	const isCdc = (task: DbmiTask) => task.taskMode !== 'UNLOAD';

	// ── State changes ──────────────────────────────────────────────────────────────────────────────────────
	const clearPending = (job: DbmiJob) => {
		for (const timer of job.pending) timer.cancel();
		job.pending = [];
	};
	const later = (job: DbmiJob, ms: number, fn: () => void) => job.pending.push(ctx.schedule(Math.max(1, Math.round(ms)), fn));

	const setStatus = (job: DbmiJob, to: string, message?: string | null) => {
		job.status = to;
		const task = tasks.get(job.taskId);
		if (to === 'running' || to === 'running_with_warning') {
			for (const t of job.tables) if (t.state === 'QUEUED' || t.state === 'NOT_STARTED') t.state = 'RUNNING';
		}
		if (ENDED.has(to) && to !== 'undeployed') {
			job.endTime = ctx.clock.iso();
			const tableState = to === 'completed' ? 'COMPLETED' : to === 'failed' ? 'ERROR' : 'STOPPED';
			let failedOne = false;
			for (const t of job.tables) {
				if (to === 'completed') {
					t.state = 'COMPLETED';
					t.recordsRead = t.recordsWritten = t.inserts;
				} else if (t.state !== 'COMPLETED') {
					// A failed run: the first unfinished table is in error, the others stopped.
					t.state = to === 'failed' && !failedOne ? tableState : 'STOPPED';
					if (to === 'failed') failedOne = true;
				}
			}
			if (message !== undefined) job.errorMessage = message;
		}
		if (to === 'deployed') {
			job.deployTime ??= ctx.clock.iso();
			job.lastAction = 'Job was deployed by a user.';
			if (task) task.jobId = job.jobId;
		}
		if (to === 'undeployed') {
			job.lastAction = 'Job was undeployed by a user.';
			if (task && task.jobId === job.jobId) task.jobId = undefined;
		}
		if (ENDED.has(to) || to === 'deployed') clearPending(job);
		ctx.log(`dbmi job ${job.jobId} → ${to}`);
	};

	const newJob = (task: DbmiTask, status: string): DbmiJob => {
		const jobId = nextJobId++;
		const job: DbmiJob = {
			jobId,
			taskId: task.taskId,
			assetName: `${task.name}_${jobId}`,
			status,
			errorMessage: null,
			lastAction: 'Job was deployed by a user.',
			runId: 0,
			runs: 0,
			resumes: 0,
			tables: [],
			pending: [],
		};
		jobs.set(jobId, job);
		task.jobId = jobId;
		return job;
	};

	const deploy = (task: DbmiTask): DbmiJob => {
		const existing = task.jobId !== undefined ? jobs.get(task.jobId) : undefined;
		const job = existing && existing.status !== 'undeployed' ? existing : newJob(task, 'processing_deploy');
		clearPending(job);
		job.status = 'processing_deploy';
		job.lastAction = 'Job deployment was requested by a user.';
		later(job, ctx.config.runTimeMs / 2, () => setStatus(job, 'deployed'));
		return job;
	};

	const run = (job: DbmiJob, kind: 'start' | 'resume') => {
		const task = tasks.get(job.taskId)!;
		const script = ctx.scripts.take(name, task.name, job.jobId);
		const runTime = script?.runTimeMs ?? ctx.config.runTimeMs;
		clearPending(job);
		job.runId = nextRunId++;
		job.runs++;
		job.status = kind === 'start' ? 'starting' : 'resuming';
		job.startTime = ctx.clock.iso();
		job.endTime = undefined;
		job.errorMessage = null;
		job.lastAction = kind === 'start' ? 'Job was started by a user.' : 'Job was resumed by a user.';
		job.runStartedAt = ctx.clock.now();
		job.runTimeMs = runTime;
		if (kind === 'start' || job.tables.length === 0) {
			job.tables = task.tables.map((table, i) => ({
				srcName: table,
				tgtName: `TARGET.${table.split('.').pop()}`,
				state: 'QUEUED',
				recordsRead: 0,
				recordsWritten: 0,
				inserts: 100 + i * 37,
				updates: isCdc(task) ? i * 3 : 0,
				deletes: isCdc(task) ? i : 0,
				runId: job.runId * 10 + i,
				duration: 0,
			}));
		} else {
			for (const t of job.tables) if (t.state !== 'COMPLETED') t.state = 'QUEUED';
		}
		const running = script?.outcome === 'warning' ? 'running_with_warning' : 'running';
		later(job, runTime * 0.1, () => {
			setStatus(job, running);
			if (script?.outcome === 'warning') job.errorMessage = script.message ?? 'Some tables reported warnings.';
		});
		if (script?.outcome === 'stuck') return;
		if (script?.outcome === 'failure') {
			later(job, runTime, () => setStatus(job, 'failed', script.message ?? `Run ${job.runId} of job ${job.assetName} failed.`));
		} else if (!isCdc(task)) {
			later(job, runTime, () => setStatus(job, 'completed', script?.outcome === 'warning' ? job.errorMessage : null));
		}
		// CDC jobs keep running until stopped.
	};

	const stop = (job: DbmiJob) => {
		clearPending(job);
		job.status = 'stopping';
		job.lastAction = 'Job was stopped by a user.';
		later(job, ctx.config.runTimeMs / 10, () => setStatus(job, 'stopped'));
	};

	const undeploy = (job: DbmiJob) => {
		clearPending(job);
		job.status = 'processing_undeploy';
		later(job, ctx.config.runTimeMs / 2, () => setStatus(job, 'undeployed'));
	};

	// ── Views ──────────────────────────────────────────────────────────────────────────────────────────────
	const jobConfig = (job: DbmiJob) => {
		const task = tasks.get(job.taskId)!;
		return {
			taskId: task.documentId,
			taskMode: task.taskMode,
			srcConnId: '0100010B000000000002',
			tgtConnId: '0100010B000000000003',
			deployTime: job.deployTime ?? null,
			schedulerJobName: null,
			schedulerId: '',
			agentId: '',
			isRunOnOtherAgentEnabled: false,
			isServerless: false,
			deployVersion: '58.0.0-SNAPSHOT',
			featureTags: null,
			srcVendor: task.srcVendor,
			tgtVendor: task.tgtVendor,
			cdcGroupJobId: null,
			cdcGroupInmdtStrgConId: null,
			mapOfApplyJobDetails: {},
		};
	};

	const durationSeconds = (job: DbmiJob) => {
		if (!job.startTime) return 0;
		const end = job.endTime ? Date.parse(job.endTime) : ctx.clock.now();
		return Math.max(0, Math.round((end - Date.parse(job.startTime)) / 1000));
	};

	const statusView = (job: DbmiJob) => ({
		jobId: job.jobId,
		assetName: job.assetName,
		assetType: 'DBMI_TASK',
		startedBy: 'sandbox@example.com',
		orgId: '2HimcQ9cXW5kLUCOUkXGi8',
		runtimeEnv: '01000125000000000002',
		status: job.status,
		durationInSeconds: durationSeconds(job),
		endTime: job.endTime ?? null,
		location: 'Default',
		startTime: job.startTime ?? null,
		errorMessage: job.errorMessage,
		lastAction: job.lastAction,
		jobConfig: jobConfig(job),
	});

	/** Progress of the running tables, derived from the time the run has had. */
	const refreshProgress = (job: DbmiJob) => {
		if (!job.runStartedAt || !job.runTimeMs) return;
		const share = Math.min(1, (ctx.clock.now() - job.runStartedAt) / job.runTimeMs);
		job.tables.forEach((t) => {
			if (t.state === 'RUNNING') {
				t.recordsRead = Math.round(t.inserts * share);
				t.recordsWritten = t.recordsRead;
				t.duration = ctx.clock.now() - job.runStartedAt!;
			}
		});
	};

	const metricsEntry = (job: DbmiJob, task: DbmiTask, t: TableProgress) => {
		const base = {
			jobName: job.assetName,
			taskName: task.taskMode === 'UNLOAD' ? `UNLOAD-${task.srcVendor}-${t.srcName.split('.').pop()}` : task.taskMode,
			runId: String(t.runId),
			recordsRead: t.recordsRead,
			recordsWritten: t.recordsWritten,
			duration: t.duration,
		};
		if (task.taskMode === 'UNLOAD') {
			return {
				...base,
				captureProgress: null,
				subTasks: [
					{ srcName: t.srcName, tgtName: t.tgtName, state: t.state, inserts: 0, updates: 0, deletes: 0, unloadCount: t.recordsRead, lobs: 0 },
				],
			};
		}
		// The CDC example spells these keys capitalised, with spaces.
		return {
			...base,
			captureProgress: { sourceTime: (job.startTime ?? ctx.clock.iso()).replace(/[-:T]/g, '').slice(0, 14) },
			subTasks: [
				{
					srcName: t.srcName,
					tgtName: t.tgtName,
					state: t.state,
					Inserts: t.recordsRead,
					Updates: t.updates,
					Deletes: t.deletes,
					LOBs: 0,
					'Unload Count': 0,
					'Transition State': 'Normal',
					'Transition State Error Detail': '',
					'Transition State Count': '',
					'Unload Identifier': `${job.jobId}${t.runId}`.padEnd(32, '0'),
				},
			],
		};
	};

	// ── Lookups ────────────────────────────────────────────────────────────────────────────────────────────
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
	const accepted = (job: DbmiJob, verb: string) => ({
		status: 200,
		body: {
			status: 'Success',
			code: 202,
			message: `Job with org id 2HimcQ9cXW5kLUCOUkXGi8 and job name ${job.assetName} has been accepted to ${verb} successfully.`,
		},
	});

	// ── Routes ─────────────────────────────────────────────────────────────────────────────────────────────
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
		const task: DbmiTask = {
			taskId: nextTaskId++,
			documentId: ctx.rng.string(22),
			name: taskName,
			projectId: p.id,
			folderId,
			nativeData: nd,
			taskMode: taskModeOf(nd),
			srcVendor: vendorOf(nd.source, 'ORACLE'),
			tgtVendor: vendorOf(nd.target, 'SNOWFLAKE'),
			tables: tablesOf(nd),
			createdTime: ctx.clock.iso(),
		};
		tasks.set(task.taskId, task);
		const now = task.createdTime;
		return {
			status: 200,
			body: {
				'@odata.context': '$metadata#Documents',
				id: task.documentId,
				name: task.name,
				description: task.taskMode,
				owner: '29JnX3zg0EVild2QuRlUc2',
				createdBy: '29JnX3zg0EVild2QuRlUc2',
				lastUpdatedBy: '29JnX3zg0EVild2QuRlUc2',
				lastAccessedBy: '29JnX3zg0EVild2QuRlUc2',
				createdTime: now,
				lastUpdatedTime: now,
				lastAccessedTime: now,
				expiresBy: '2038-01-18T00:00:00Z',
				parentInfo: parentInfo(task),
				documentType: 'APPMI_TASK',
				contentType: 'JSON',
				documentState: 'VALID',
				aclRule: 'org',
				subcontainerCount: 0,
				customAttributes: null,
				// The task ID for every later call, as a string (fetchId answers it as a number).
				repoInfo: { repoParams: [], repoPath: null, repoHandle: String(task.taskId), frsPath: null },
				isSourceControlled: false,
				checkedOutById: null,
			},
		};
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
		const job = deploy(task);
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

	app.route('POST', `${PREFIX}/job/start`, (req) => {
		requireSession(ctx, req);
		const job = jobFrom(body(req).jobId);
		if (!STARTABLE.has(job.status)) throw fail(409, 'Job is already running or not in DEPLOYED state.');
		ctx.counters.start(name, job.jobId);
		run(job, 'start');
		return accepted(job, 'start');
	});

	app.route('POST', `${PREFIX}/job/stop`, (req) => {
		requireSession(ctx, req);
		const job = jobFrom(body(req).jobId);
		if (!STOPPABLE.has(job.status)) throw fail(409, 'Job associated with JobID is not in "RUNNING" state');
		stop(job);
		return accepted(job, 'stop');
	});

	app.route('POST', `${PREFIX}/job/resume`, (req) => {
		requireSession(ctx, req);
		const b = body(req);
		const job = jobFrom(b.jobId);
		const parameters = b.parameters;
		if (parameters !== undefined && parameters !== null) {
			const options = ((parameters as Record<string, unknown>).resumeOptions ?? {}) as Record<string, unknown>;
			const rules = options.schemaChangeOptions;
			const valid =
				typeof parameters === 'object' &&
				(rules === undefined ||
					(Array.isArray(rules) &&
						rules.every((r) => r && typeof r === 'object' && typeof r.pattern === 'string' && r.pattern && SCHEMA_ACTIONS.has(String(r.action)))));
			if (!valid) throw fail(400, 'Invalid resume options: schemaChangeOptions needs a pattern and an action (REPLICATE, IGNORE, STOP_TABLE, STOP_JOB).');
		}
		if (!RESUMABLE.has(job.status)) {
			throw fail(409, 'Cannot resume as job is already running or not in "STOPPED", "FAILED", or "ABORTED" state');
		}
		job.resumes++;
		job.lastResumeOptions = parameters ?? null;
		run(job, 'resume');
		return accepted(job, 'resume');
	});

	app.route('POST', `${PREFIX}/job/undeploy`, (req) => {
		requireSession(ctx, req);
		const job = jobFrom(body(req).jobId);
		if (!UNDEPLOYABLE.has(job.status)) throw fail(409, 'Job associated with JobID is not in "STOPPED", "FAILED" or "ABORTED" state');
		undeploy(job);
		return accepted(job, 'undeploy');
	});

	// Documented as a GET with a JSON body: the jobId is read from the query or the body.
	app.route('GET', `${PREFIX}/job/status`, (req) => {
		requireSession(ctx, req);
		const raw = req.query.jobId ?? body(req).jobId;
		if (raw === undefined || raw === '') throw fail(400, 'Missing jobId.');
		const job = jobFrom(raw);
		refreshProgress(job);
		return { status: 200, body: statusView(job) };
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
		const task = tasks.get(job.taskId)!;
		if (job.runs === 0 || job.status === 'undeployed') throw fail(409, 'Mass ingestion job not in valid state for stats collection.');
		const parameters = (b.parameters ?? {}) as Record<string, unknown>;
		const opts = { ...req.query, ...((parameters.metricsOptions ?? {}) as Record<string, unknown>) } as Record<string, unknown>;
		const limit = opts.limit === undefined || opts.limit === null ? 25 : Number(opts.limit);
		const offset = opts.offset === undefined || opts.offset === null ? 0 : Number(opts.offset);
		if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
			throw fail(400, 'Missing jobId or invalid request body: limit must be a positive integer and offset zero or more.');
		}
		let sort = opts.sort;
		if (typeof sort === 'string') sort = sort.split(',');
		let sortField: (typeof SORT_FIELDS)[number] | undefined;
		let descending = false;
		if (sort !== undefined && sort !== null) {
			const [field, order] = Array.isArray(sort) ? sort.map(String) : [];
			if (!SORT_FIELDS.includes(field as (typeof SORT_FIELDS)[number]) || (order !== undefined && !/^(asc|desc)$/i.test(order))) {
				throw fail(400, `Missing jobId or invalid request body: sort must be [${SORT_FIELDS.join('|')}, asc|desc].`);
			}
			sortField = field as (typeof SORT_FIELDS)[number];
			descending = /^desc$/i.test(order ?? 'asc');
		}
		const stateFilter = opts.stateFilter ? String(opts.stateFilter).toUpperCase() : undefined;
		const search = opts.search ? String(opts.search).toLowerCase() : '';

		refreshProgress(job);
		let tables = job.tables.filter(
			(t) =>
				(!stateFilter || t.state === stateFilter) &&
				(!search || t.srcName.toLowerCase().includes(search) || t.tgtName.toLowerCase().includes(search)),
		);
		if (sortField) {
			const key = (t: TableProgress): string | number =>
				sortField === 'srcTable' ? t.srcName : sortField === 'tgtTable' ? t.tgtName : sortField === 'state' ? t.state : t[sortField!];
			tables = [...tables].sort((a, b2) => {
				const [x, y] = [key(a), key(b2)];
				const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
				return descending ? -c : c;
			});
		}
		const page = tables.slice(offset, offset + limit);
		const statusCounts = new Map<string, number>();
		for (const t of tables) statusCounts.set(t.state, (statusCounts.get(t.state) ?? 0) + 1);
		const totalRead = task.taskMode === 'UNLOAD' ? tables.reduce((s, t) => s + t.recordsRead, 0) : 0;
		const totalWritten = task.taskMode === 'UNLOAD' ? tables.reduce((s, t) => s + t.recordsWritten, 0) : 0;
		const seconds = Math.max(1, durationSeconds(job));
		return {
			status: 200,
			body: {
				jobInfo: {
					jobId: job.jobId,
					runId: job.runId,
					assetId: `${task.documentId}_${job.jobId}`,
					jobName: job.assetName,
					assetName: job.assetName,
					assetType: 'DBMI_TASK',
					startedBy: 'sandbox@example.com',
					correlationId: `${task.documentId.slice(0, 16)}_DBMI`,
					orgId: '2HimcQ9cXW5kLUCOUkXGi8',
					runtimeEnv: '01000125000000000002',
					status: job.status,
					duration: seconds,
					endTime: job.endTime ?? null,
					jobConfig: jobConfig(job),
					location: 'Default',
					startTime: job.startTime ?? null,
				},
				metricsInfo: page.map((t) => metricsEntry(job, task, t)),
				counts: {
					total: tables.length,
					statusCounts: [...statusCounts.entries()].map(([status, counts]) => ({ status, counts })),
					totalUnload: { totalRead, totalWritten },
				},
				currentThroughput: job.tables.reduce((s, t) => s + t.recordsWritten, 0) / seconds,
			},
		};
	});

	app.route('GET', `${PREFIX}/job/:jobId/log`, (req) => {
		requireSession(ctx, req);
		const job = jobFrom(req.params.jobId);
		if (job.status === 'undeployed' || job.status === 'processing_undeploy') {
			throw fail(409, 'Mass Ingestion job not in valid state for logs retrieval.');
		}
		const task = tasks.get(job.taskId)!;
		if (job.runs === 0) {
			return {
				status: 200,
				body: { agentId: null, logPath: null, errorMessage: `Unable to obtain log path for ingestion job '${job.assetName}' with run ID ${job.runId}` },
			};
		}
		return {
			status: 200,
			body: {
				agentId: '01000308000000000002',
				logPath: `C:\\DBMI_Agents\\Sandbox\\apps\\Database_Ingestion\\logs\\tasks\\${job.assetName}-${task.taskMode}-${job.runId}.log`,
				errorMessage: null,
			},
		};
	});

	// ── Control API: forced transitions, state, seed ───────────────────────────────────────────────────────
	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(Number(id));
		if (!job) return undefined;
		clearPending(job);
		setStatus(job, String(to).toLowerCase());
		return statusView(job);
	});

	ctx.exposeState(name, () => ({
		tasks: [...tasks.values()].map((t) => ({ taskId: t.taskId, name: t.name, projectId: t.projectId, folderId: t.folderId, taskMode: t.taskMode, jobId: t.jobId ?? null })),
		jobs: [...jobs.values()].map((j) => ({ ...statusView(j), runs: j.runs, resumes: j.resumes, lastResumeOptions: j.lastResumeOptions ?? null })),
	}));

	const addTask = (taskId: number, taskName: string, folderId: string, nativeData: Record<string, unknown>): DbmiTask => {
		const task: DbmiTask = {
			taskId,
			documentId: `seed${taskId}`.padEnd(22, 'x'),
			name: taskName,
			projectId: PROJECTS[1].id,
			folderId,
			nativeData,
			taskMode: taskModeOf(nativeData),
			srcVendor: vendorOf(nativeData.source, 'ORACLE'),
			tgtVendor: vendorOf(nativeData.target, 'SNOWFLAKE'),
			tables: tablesOf(nativeData),
			createdTime: '2025-11-03T08:15:00.000Z',
		};
		tasks.set(taskId, task);
		return task;
	};

	ctx.onReset((seedData) => {
		for (const job of jobs.values()) clearPending(job);
		tasks.clear();
		jobs.clear();
		nextTaskId = 100;
		nextJobId = 20;
		nextRunId = 570;
		if (!seedData) return;
		// A deployed initial-load task (job 15), a deployed CDC task (job 16), a task never deployed.
		const initial = addTask(2, 'orders_oracle_to_snowflake_initial', '5GX14m3CuFAeVWqnsSX9mC', {
			loadType: 'INITIAL_LOAD',
			source: { type: 'ORACLE', connectionId: '0100010B000000000002' },
			target: { type: 'SNOWFLAKE', connectionId: '0100010B000000000003' },
			tables: ['SALES.ORDERS', 'SALES.ORDER_LINES', 'SALES.CUSTOMERS', 'SALES.PRODUCTS'],
		});
		const cdc = addTask(3, 'customers_sqlserver_to_databricks_cdc', '7oUOa49tVKzexgnzp3zyIc', {
			loadType: 'COMBINED',
			source: { type: 'SQLSERVER', connectionId: '0100010B000000000004' },
			target: { type: 'DATABRICKS', connectionId: '0100010B000000000005' },
			tables: ['dbo.Customers', 'dbo.Addresses'],
		});
		addTask(4, 'inventory_postgres_to_s3_initial', '5GX14m3CuFAeVWqnsSX9mC', {
			loadType: 'INITIAL_LOAD',
			source: { type: 'POSTGRESQL', connectionId: '0100010B000000000006' },
			target: { type: 'AMAZONS3V2', connectionId: '0100010B000000000007' },
			tables: ['inventory.stock', 'inventory.warehouses'],
		});
		for (const [task, jobId] of [
			[initial, 15],
			[cdc, 16],
		] as const) {
			const job: DbmiJob = {
				jobId,
				taskId: task.taskId,
				assetName: `${task.name}_${jobId}`,
				status: 'deployed',
				deployTime: '2025-11-03T08:20:00.000Z',
				errorMessage: null,
				lastAction: 'Job was deployed by a user.',
				runId: 0,
				runs: 0,
				resumes: 0,
				tables: [],
				pending: [],
			};
			jobs.set(jobId, job);
			task.jobId = jobId;
		}
	});
}

/**
 * Informatica Data Integration jobs (docs/vendor-apis.md, "Data Integration jobs" and "v3 lookup and import"):
 * POST /api/v2/job (+ callbackURL), POST /api/v2/job/stop (?cleanStop=true), the activity monitor, the activity log
 * (numeric state, US Eastern times plus *Utc twins), session logs, POST /api/v2/mttask (to add tasks), and the v3
 * lookup and objects resources over the same tasks.
 *
 * Scripts are looked up by task id, then federated id, then task name. Starts are counted per task id.
 */
import { FAMILY, INFORMATICA } from '../core/constants';
import type { SandboxContext } from '../core/context';
import type { LifecycleJob } from '../core/lifecycle';
import { idFromSeed } from '../core/rng';
import type { RouteRequest, SandboxApp } from '../core/router';
import { informaticaError } from '../core/sessions';
import { informaticaErrorFormatter, requireSession } from './informaticaLogin';

export const name = FAMILY.informaticaDataIntegration;

export const TASK_TYPES = ['MTT', 'DSS', 'DRS', 'DMASK', 'PCS', 'WORKFLOW'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export interface DiTask {
	/** v2 task id (usable for tasks in the Default project). */
	id: string;
	/** v3 id, the taskFederatedId. */
	federatedId: string;
	name: string;
	type: TaskType;
	/** Project/Folder/Name. */
	path: string;
	description: string;
	updateTime: string;
}

type RunState = 'QUEUED' | 'INITIALIZED' | 'RUNNING' | 'STOPPING' | 'SUCCESS' | 'WARNING' | 'FAILED' | 'STOPPED';
const TERMINAL: RunState[] = ['SUCCESS', 'WARNING', 'FAILED', 'STOPPED'];
/** Activity log `state`: 1 success, 2 warning, 3 failed (stopped runs are failures with a message). */
const NUMERIC_STATE: Partial<Record<RunState, number>> = { SUCCESS: 1, WARNING: 2, FAILED: 3, STOPPED: 3 };

export interface DiRun {
	/** Activity log entry id. */
	logId: string;
	runId: number;
	task: DiTask;
	state: RunState;
	startedAt: number;
	endedAt?: number;
	errorMsg: string;
	log?: string;
	rows: { successSourceRows: number; failedSourceRows: number; successTargetRows: number; failedTargetRows: number };
	callbackURL?: string;
	callback?: {
		attempts: number;
		delivered: boolean;
		/** The retry time ran out without a 200. */
		gaveUp: boolean;
		duplicatesSent: number;
		lastStatus?: number | string;
		/** Every POST: its time and the receiver's status (or the connection error's code). */
		history: Array<{ at: string; status: number | string; duplicate?: true }>;
	};
	job?: LifecycleJob<RunState>;
	startedBy: string;
}

const EASTERN = new Intl.DateTimeFormat('en-US', {
	timeZone: 'America/New_York',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

/** The activity log's local times: US Eastern, no offset, e.g. 2024-03-05T10:15:30.000. */
export function easternTime(ms: number): string {
	const parts = Object.fromEntries(EASTERN.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
	const millis = String(new Date(ms).getUTCMilliseconds()).padStart(3, '0');
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${millis}`;
}

function task(id: string, type: TaskType, path: string, federatedId = idFromSeed(path)): DiTask {
	return {
		id,
		federatedId,
		name: path.split('/').pop()!,
		type,
		path,
		description: `Sandbox ${type} task`,
		updateTime: '2024-02-26T08:40:09.000Z',
	};
}

export const SEED_TASKS: DiTask[] = [
	task('0100000Z000009', 'MTT', 'Default/Sales/m_load_orders', 'jJGyAmd8Q8odiyvToQhhAQ'),
	task('0100000Z00000A', 'MTT', 'Default/MappingTask1'),
	task('0100000Z00000B', 'MTT', 'Finance/Warehouse/m_customer_dim'),
	task('0100000I000001', 'DSS', 'Default/CRM/sync_accounts'),
	task('0100000G000002', 'DRS', 'Default/CRM/rep_salesforce'),
	task('0100000M000003', 'DMASK', 'Finance/Privacy/mask_customers'),
	task('0100000P000004', 'PCS', 'Default/Legacy/pc_legacy_orders'),
	task('0034J90000000M', 'WORKFLOW', 'Default/Sales/wf_nightly_load'),
];

const v2Error = (status: number, code: string, message: string) => informaticaError('v2', status, code, message);
const v3Error = (status: number, code: string, message: string) => informaticaError('v3', status, code, message);

function asString(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

function callbackAllowed(url: string): boolean {
	try {
		const u = new URL(url);
		// The sandbox only ever calls back to this machine.
		return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
	} catch {
		return false;
	}
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter);
	const tasks: DiTask[] = [];
	const runs: DiRun[] = [];
	let logSeq = 0;

	const nextLogId = () => `0000010000000${String(++logSeq).padStart(7, '0')}`;
	const nextRunId = (t: DiTask) => runs.filter((r) => r.task.id === t.id).reduce((max, r) => Math.max(max, r.runId), 0) + 1;

	function seed(): void {
		tasks.push(...SEED_TASKS.map((t) => ({ ...t })));
		// Finished history, oldest first: a day ago, spaced 20 minutes apart.
		const now = ctx.clock.now();
		const history: Array<[string, RunState, string, string | undefined]> = [
			['0100000Z000009', 'SUCCESS', '', undefined],
			['0100000I000001', 'SUCCESS', '', undefined],
			['0100000Z00000B', 'WARNING', 'Some rows were rejected by the target.', undefined],
			['0100000Z000009', 'FAILED', 'ORA-00942: table or view does not exist', 'READER_1_1_1> RR_4035 SQL Error [ORA-00942: table or view does not exist]'],
			['0100000G000002', 'SUCCESS', '', undefined],
			['0034J90000000M', 'SUCCESS', '', undefined],
		];
		history.forEach(([taskId, state, errorMsg, log], i) => {
			const t = tasks.find((x) => x.id === taskId)!;
			const startedAt = now - 24 * 3600_000 + i * 20 * 60_000;
			const failedRows = state === 'WARNING' ? 12 : state === 'FAILED' ? 1 : 0;
			runs.push({
				logId: nextLogId(),
				runId: nextRunId(t),
				task: t,
				state,
				startedAt,
				endedAt: startedAt + 95_000,
				errorMsg,
				log,
				rows: { successSourceRows: 1000, failedSourceRows: 0, successTargetRows: 1000 - failedRows, failedTargetRows: failedRows },
				startedBy: INFORMATICA.userName,
			});
		});
	}

	ctx.onReset((seedData) => {
		tasks.length = 0;
		runs.length = 0;
		logSeq = 0;
		if (seedData) seed();
	});

	// --- helpers ------------------------------------------------------------------------------------------

	function findTask(body: Record<string, unknown>): DiTask {
		const taskId = asString(body.taskId);
		const federatedId = asString(body.taskFederatedId);
		const taskName = asString(body.taskName);
		const taskType = asString(body.taskType);
		if (!taskId && !federatedId && !taskName) throw v2Error(400, 'JOB_01', 'Provide taskId, taskFederatedId or taskName.');
		if (!taskType) throw v2Error(400, 'JOB_02', 'taskType is required.');
		const type = taskType.toUpperCase();
		if (!(TASK_TYPES as readonly string[]).includes(type)) {
			throw v2Error(400, 'JOB_03', `Invalid taskType ${taskType}. Use one of ${TASK_TYPES.join(', ')}.`);
		}
		const found = tasks.find((t) =>
			federatedId ? t.federatedId === federatedId : taskId ? t.id === taskId : t.name === taskName,
		);
		const what = federatedId ?? taskId ?? taskName;
		if (!found) throw v2Error(404, 'JOB_04', `Task ${what} was not found.`);
		if (found.type !== type) throw v2Error(400, 'JOB_05', `Task ${what} is of type ${found.type}, not ${type}.`);
		// The v2 task id alone only reaches tasks in the Default project (Informatica's "job" page; docs/vendor-apis.md).
		if (!federatedId && taskId && !found.path.startsWith('Default/')) {
			throw v2Error(404, 'JOB_04', `Task ${what} was not found in the Default folder. Use taskFederatedId.`);
		}
		return found;
	}

	const active = (r: DiRun) => !TERMINAL.includes(r.state);

	/** The retry plan of one callback, read from the live config when the run ends (see SandboxConfig). */
	function callbackPlan() {
		const c = ctx.config;
		const unit = Math.max(10, c.runTimeMs);
		const firstIntervalMs = c.callbackRetryIntervalMs || unit;
		return {
			firstIntervalMs,
			maxIntervalMs: Math.max(firstIntervalMs, c.callbackMaxIntervalMs || 6 * firstIntervalMs),
			retryForMs: c.callbackRetryForMs || 60 * unit,
			timeoutMs: c.callbackTimeoutMs || 5000,
			duplicates: c.callbackDuplicates,
		};
	}

	/**
	 * Like the vendor ("job" page, Job Status): POSTs the status when the run ends; a non-200 answer, no answer within
	 * the timeout or a refused connection is a failed attempt; three immediate attempts, then intervals doubling up to
	 * the maximum, until retryForMs after the first attempt. Duplicates (callbackDuplicates) follow an accepted one.
	 */
	function deliverCallback(run: DiRun): void {
		const url = run.callbackURL;
		if (!url) return;
		const plan = callbackPlan();
		const callback: NonNullable<DiRun['callback']> = { attempts: 0, delivered: false, gaveUp: false, duplicatesSent: 0, history: [] };
		run.callback = callback;
		const body = JSON.stringify({
			'@type': 'callbackUrlResponse',
			endTime: ctx.clock.iso(run.endedAt),
			objectId: run.task.id,
			objectName: run.task.name,
			runId: run.runId,
			status: run.state === 'FAILED' || run.state === 'STOPPED' ? 'FAILED' : 'COMPLETED',
		});
		const firstAt = ctx.clock.now();
		const post = async (duplicate: boolean): Promise<number | string> => {
			let status: number | string;
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body,
					signal: AbortSignal.timeout(plan.timeoutMs),
				});
				status = res.status;
				await res.arrayBuffer().catch(() => undefined);
			} catch (error) {
				status = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
			}
			callback.lastStatus = status;
			callback.history.push({ at: ctx.clock.iso(), status, ...(duplicate ? { duplicate: true } : {}) });
			return status;
		};
		const sendDuplicate = async (): Promise<void> => {
			callback.duplicatesSent++;
			await post(true);
			if (callback.duplicatesSent < plan.duplicates) ctx.schedule(plan.firstIntervalMs, () => void sendDuplicate());
		};
		const attempt = async (): Promise<void> => {
			callback.attempts++;
			if ((await post(false)) === 200) {
				callback.delivered = true;
				if (plan.duplicates > 0) ctx.schedule(plan.firstIntervalMs, () => void sendDuplicate());
				return;
			}
			const failed = callback.attempts;
			const delay = failed < 3 ? 0 : Math.min(plan.maxIntervalMs, plan.firstIntervalMs * 2 ** (failed - 3));
			if (ctx.clock.now() + delay - firstAt <= plan.retryForMs) {
				ctx.schedule(delay, () => void attempt());
				return;
			}
			callback.gaveUp = true;
			ctx.log(`callback to ${url} for run ${run.runId} gave up after ${callback.attempts} attempts (${ctx.clock.now() - firstAt} ms)`);
		};
		ctx.schedule(0, () => void attempt());
	}

	function startRun(t: DiTask, callbackURL: string | undefined): DiRun {
		const script = ctx.scripts.take(name, t.id, t.federatedId, t.name);
		const runTime = script?.runTimeMs ?? ctx.config.runTimeMs;
		const final: RunState | undefined =
			script?.outcome === 'stuck' ? undefined : script?.outcome === 'failure' ? 'FAILED' : script?.outcome === 'warning' ? 'WARNING' : 'SUCCESS';
		const run: DiRun = {
			logId: '',
			runId: nextRunId(t),
			task: t,
			state: 'QUEUED',
			startedAt: ctx.clock.now(),
			errorMsg: '',
			log: script?.log,
			rows: { successSourceRows: 0, failedSourceRows: 0, successTargetRows: 0, failedTargetRows: 0 },
			callbackURL,
			startedBy: INFORMATICA.userName,
		};
		runs.push(run);
		ctx.counters.start(name, t.id);
		const steps: Array<{ atMs: number; to: RunState }> = [
			{ atMs: Math.round(runTime * 0.05), to: 'INITIALIZED' },
			{ atMs: Math.round(runTime * 0.1), to: 'RUNNING' },
		];
		if (final) steps.push({ atMs: runTime, to: final });
		run.job = ctx.lifecycle<RunState>({
			family: name,
			id: `${t.id}:${run.runId}`,
			initial: 'QUEUED',
			steps,
			terminal: TERMINAL,
			onTransition: (to) => {
				run.state = to;
				if (to === 'RUNNING') run.rows = { ...run.rows, successSourceRows: 500, successTargetRows: 500 };
				if (!TERMINAL.includes(to)) return;
				run.endedAt = ctx.clock.now();
				run.logId = nextLogId();
				const rejected = to === 'WARNING' ? 7 : to === 'FAILED' ? 1 : 0;
				run.rows = { successSourceRows: 1000, failedSourceRows: 0, successTargetRows: 1000 - rejected, failedTargetRows: rejected };
				if (to === 'FAILED') run.errorMsg = script?.message ?? 'The task failed.';
				if (to === 'WARNING') run.errorMsg = script?.message ?? `${rejected} rows were rejected by the target.`;
				if (to === 'STOPPED') run.errorMsg = run.errorMsg || 'The job was stopped by the user.';
				deliverCallback(run);
			},
		});
		return run;
	}

	function sessionLogText(run: DiRun): string {
		const lines = [
			`Session log for task [${run.task.name}] (${run.task.type}), run id [${run.runId}]`,
			`${ctx.clock.iso(run.startedAt)} : INFO : (1234 | MAPPING) : TM_6014 Initializing session [s_${run.task.name}]`,
			`${ctx.clock.iso(run.startedAt)} : INFO : (1234 | READER_1_1_1) : RR_4049 SQL Query issued to database`,
		];
		if (run.log) lines.push(run.log);
		if (run.errorMsg && run.state !== 'SUCCESS') lines.push(`${ctx.clock.iso(run.endedAt)} : ERROR : (1234 | WRITER_1_*_1) : ${run.errorMsg}`);
		lines.push(
			`${ctx.clock.iso(run.endedAt)} : INFO : (1234 | MAPPING) : TM_6020 Session [s_${run.task.name}] completed. ` +
				`Source rows: ${run.rows.successSourceRows}, target rows: ${run.rows.successTargetRows}, rejected: ${run.rows.failedTargetRows}`,
		);
		return lines.join('\n') + '\n';
	}

	function monitorRow(run: DiRun, details: boolean) {
		const row: Record<string, unknown> = {
			'@type': 'activityMonitorEntry',
			id: `${run.task.id}_${run.runId}`,
			type: run.task.type,
			taskId: run.task.id,
			taskName: run.task.name,
			objectName: run.task.name,
			runId: run.runId,
			startTime: easternTime(run.startedAt),
			startTimeUtc: ctx.clock.iso(run.startedAt),
			executionState: run.state,
			agentId: '01000008000000000002',
			runtimeEnvironmentId: '01000025000000000002',
			startedBy: run.startedBy,
		};
		if (details) Object.assign(row, run.rows, { entries: [] });
		return row;
	}

	function logRow(run: DiRun) {
		const base = {
			id: run.logId,
			type: run.task.type,
			objectId: run.task.id,
			objectName: run.task.name,
			runId: run.runId,
			agentId: '01000008000000000002',
			runtimeEnvironmentId: '01000025000000000002',
			startTime: easternTime(run.startedAt),
			endTime: easternTime(run.endedAt!),
			startTimeUtc: ctx.clock.iso(run.startedAt),
			endTimeUtc: ctx.clock.iso(run.endedAt),
			// Textual states on request (POST /__sandbox/config {activityLogStates: 'text'}), as other answers give them.
			state: ctx.config.activityLogStates === 'text' ? run.state : NUMERIC_STATE[run.state] ?? 3,
			...run.rows,
			errorMsg: run.errorMsg,
			startedBy: run.startedBy,
			runContextType: 'REST_API',
			isStopped: run.state === 'STOPPED',
		};
		return {
			'@type': 'activityLogEntry',
			...base,
			entries: [{ '@type': 'activityLogEntry', ...base, id: `${run.logId}_1`, objectName: `s_${run.task.name}`, entries: [] }],
		};
	}

	// --- v2 job -----------------------------------------------------------------------------------------

	app.route('POST', `${INFORMATICA.v2Prefix}/job`, (req) => {
		requireSession(ctx, req);
		const body = (req.body ?? {}) as Record<string, unknown>;
		const t = findTask(body);
		const callbackURL = asString(body.callbackURL);
		if (callbackURL && !callbackAllowed(callbackURL)) {
			throw v2Error(400, 'JOB_06', `callbackURL ${callbackURL} is not a valid URL (the sandbox calls back to 127.0.0.1 or localhost only).`);
		}
		// Without a runtime object a task runs one instance at a time.
		if (!body.runtime && runs.some((r) => r.task.id === t.id && active(r))) {
			throw v2Error(409, 'JOB_07', `Task ${t.name} is already running. Wait for it to finish or allow simultaneous runs.`);
		}
		const run = startRun(t, callbackURL);
		return {
			status: 200,
			body: {
				'@type': 'job',
				taskId: t.id,
				taskFederatedId: t.federatedId,
				taskName: t.name,
				taskType: t.type,
				runId: run.runId,
				callbackURL: callbackURL ?? null,
			},
		};
	});

	app.route('POST', `${INFORMATICA.v2Prefix}/job/stop`, (req) => {
		requireSession(ctx, req);
		const t = findTask((req.body ?? {}) as Record<string, unknown>);
		const clean = ['true', '1'].includes(String(req.query.cleanStop ?? '').toLowerCase());
		const running = runs.filter((r) => r.task.id === t.id && active(r) && r.state !== 'STOPPING');
		if (running.length === 0) throw v2Error(400, 'JOB_08', `Task ${t.name} is not running.`);
		for (const run of running) {
			ctx.counters.stop(name, t.id, run.runId);
			run.job!.cancelPending();
			run.job!.force('STOPPING');
			run.errorMsg = clean ? 'The job was stopped cleanly by the user.' : 'The job was stopped by the user.';
			// A clean stop lets the current step finish first, so it takes longer.
			ctx.schedule(Math.max(5, Math.round(ctx.config.runTimeMs * (clean ? 0.3 : 0.1))), () => run.job!.force('STOPPED'));
		}
		return { status: 200, body: { '@type': 'success', description: `Stop request for task ${t.name} accepted.` } };
	});

	// Creates a mapping task (the real v2 mttask resource, reduced to what tests need to add many tasks).
	app.route('POST', `${INFORMATICA.v2Prefix}/mttask`, (req) => {
		requireSession(ctx, req);
		const body = (req.body ?? {}) as Record<string, unknown>;
		const taskName = asString(body.name);
		if (!taskName) throw v2Error(400, 'MTT_01', 'name is required.');
		if (tasks.some((t) => t.name === taskName && t.type === 'MTT')) throw v2Error(409, 'MTT_02', `A mapping task named ${taskName} already exists.`);
		const t = task(`01000Z${String(tasks.length + 1).padStart(8, '0')}`, 'MTT', `Default/${taskName}`);
		tasks.push(t);
		return { status: 200, body: { '@type': 'mtTask', id: t.id, federatedId: t.federatedId, name: t.name } };
	});

	// --- activity ---------------------------------------------------------------------------------------

	app.route('GET', `${INFORMATICA.v2Prefix}/activity/activityMonitor`, (req) => {
		requireSession(ctx, req);
		const details = String(req.query.details ?? 'false').toLowerCase() === 'true';
		return { status: 200, body: runs.filter(active).sort((a, b) => b.startedAt - a.startedAt).map((r) => monitorRow(r, details)) };
	});

	app.route('GET', `${INFORMATICA.v2Prefix}/activity/activityLog`, (req) => {
		requireSession(ctx, req);
		const { taskId, runId } = req.query;
		const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
		const rowLimit = req.query.rowLimit === undefined ? 200 : Number(req.query.rowLimit);
		if (!Number.isInteger(offset) || offset < 0) throw v2Error(400, 'ACT_01', 'offset must be a non-negative integer.');
		if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 1000) throw v2Error(400, 'ACT_02', 'rowLimit must be between 1 and 1000.');
		if (runId !== undefined && !taskId) throw v2Error(400, 'ACT_03', 'taskId is required when runId is given.');
		const rows = runs
			.filter((r) => !active(r))
			.filter((r) => !taskId || r.task.id === taskId || r.task.federatedId === taskId)
			.filter((r) => runId === undefined || String(r.runId) === String(runId))
			.sort((a, b) => b.endedAt! - a.endedAt! || (b.logId > a.logId ? 1 : -1))
			.slice(offset, offset + rowLimit)
			.map(logRow);
		// Other answer shapes on request (POST /__sandbox/config {activityLogShape}): one row as an object, or {entries}.
		const shape = ctx.config.activityLogShape;
		if (shape === 'object') return { status: 200, body: rows[0] ?? {} };
		if (shape === 'entries') return { status: 200, body: { entries: rows } };
		return { status: 200, body: rows };
	});

	app.route('GET', `${INFORMATICA.v2Prefix}/activity/activityLog/:id/sessionLog`, (req) => {
		requireSession(ctx, req);
		const run = runs.find((r) => r.logId && (r.logId === req.params.id || `${r.logId}_1` === req.params.id));
		if (!run) throw v2Error(404, 'ACT_04', `Activity log entry ${req.params.id} was not found.`);
		return { status: 200, body: sessionLogText(run), headers: { 'content-type': 'text/plain; charset=utf-8' } };
	});

	app.route('GET', `${INFORMATICA.v2Prefix}/activity/activityLog/:id`, (req) => {
		requireSession(ctx, req);
		const run = runs.find((r) => r.logId && r.logId === req.params.id);
		if (!run) throw v2Error(404, 'ACT_04', `Activity log entry ${req.params.id} was not found.`);
		return { status: 200, body: logRow(run) };
	});

	// --- v3 lookup and objects --------------------------------------------------------------------------

	/** Tasks plus the projects and folders their paths imply, plus the assets other families add to ctx.v3Catalogue. */
	function v3Objects() {
		const containers = new Map<string, { id: string; path: string; type: string }>();
		for (const t of tasks) {
			const parts = t.path.split('/').slice(0, -1);
			parts.forEach((_, i) => {
				const path = parts.slice(0, i + 1).join('/');
				const type = i === 0 ? 'Project' : 'Folder';
				if (!containers.has(path)) containers.set(path, { id: idFromSeed(`container:${path}`), path, type });
			});
		}
		const view = (o: { id: string; path: string; type: string; description?: string; updateTime?: string }) => ({
			id: o.id,
			path: o.path,
			type: o.type,
			description: o.description ?? '',
			updatedBy: INFORMATICA.userName,
			updateTime: o.updateTime ?? '2024-01-15T09:30:00.000Z',
		});
		return [
			...[...containers.values()].map(view),
			...tasks.map((t) => view({ id: t.federatedId, path: t.path, type: t.type, description: t.description, updateTime: t.updateTime })),
			// Other families' assets (Database Ingestion tasks), as the platform lists every asset type here.
			...ctx.v3Catalogue.objects().map(view),
		];
	}

	app.route('POST', `${INFORMATICA.v3Prefix}/lookup`, (req) => {
		requireSession(ctx, req);
		const wanted = (req.body as { objects?: unknown } | undefined)?.objects;
		if (!Array.isArray(wanted) || wanted.length === 0) throw v3Error(400, 'APP_60001', 'Provide objects to look up.');
		const all = v3Objects();
		const found = wanted.map((w: Record<string, unknown>) => {
			const id = asString(w?.id);
			const path = asString(w?.path);
			const type = asString(w?.type);
			if (!id && !(path && type)) throw v3Error(400, 'APP_60002', 'Each object needs an id, or a path and a type.');
			const match = id
				? all.find((o) => o.id === id)
				: all.find((o) => o.path.toLowerCase() === path!.toLowerCase() && o.type.toUpperCase() === type!.toUpperCase());
			if (!match) throw v3Error(404, 'APP_60003', id ? `Object with id ${id} not found.` : `Object ${path} of type ${type} not found.`);
			return match;
		});
		return { status: 200, body: { objects: found } };
	});

	// GET objects?q=type=='MTT' and location=='Default/Sales'&limit=&skip= (the v3 objects resource, reduced).
	app.route('GET', `${INFORMATICA.v3Prefix}/objects`, (req: RouteRequest) => {
		requireSession(ctx, req);
		const q = req.query.q ?? '';
		const limit = req.query.limit === undefined ? 25 : Number(req.query.limit);
		const skip = req.query.skip === undefined ? 0 : Number(req.query.skip);
		if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw v3Error(400, 'APP_60004', 'limit must be between 1 and 200.');
		const terms = [...q.matchAll(/(\w+)\s*==\s*'([^']*)'/g)].map((m) => [m[1].toLowerCase(), m[2]] as const);
		const objects = v3Objects().filter((o) =>
			terms.every(([field, value]) => {
				if (field === 'type') return o.type.toUpperCase() === value.toUpperCase();
				if (field === 'location') return o.path.startsWith(`${value}/`);
				if (field === 'name') return o.path.split('/').pop()!.toLowerCase().includes(value.toLowerCase());
				return true;
			}),
		);
		return { status: 200, body: { count: objects.length, objects: objects.slice(skip, skip + limit) } };
	});

	ctx.onTransition(name, (id, to) => {
		const run = runs.find((r) => `${r.task.id}:${r.runId}` === id || String(r.runId) === id);
		if (!run?.job) return undefined;
		run.job.force(to as RunState);
		return { id, state: run.state };
	});

	ctx.exposeState(name, () => ({
		tasks: tasks.map((t) => ({ ...t })),
		runs: runs.map((r) => ({
			logId: r.logId,
			runId: r.runId,
			taskId: r.task.id,
			taskName: r.task.name,
			state: r.state,
			callbackURL: r.callbackURL,
			callback: r.callback,
		})),
	}));
}

/**
 * Informatica taskflows published as services (docs/vendor-apis.md, "Taskflows"): all on the pod host without /saas.
 *   POST /active-bpel/rt/{API name}            JSON inputs; answers {"RunId": "<Long>"}
 *   GET  /active-bpel/services/tf/status/{id}  one run: assetName, assetType TASKFLOW, status, times, errorMessage...
 *   GET  /active-bpel/services/tf/status       ?runId&runStatus&startTime&endTime&offset&rowLimit (max 50, default 10)
 *   PUT  /active-bpel/services/tf/terminate    {"runid": ["…"]}, at most 200 ids
 * Session header: IDS-SESSION-ID (the run page) or INFA-SESSION-ID (the status page). Run ids are Longs beyond
 * 2^53, written unquoted in JSON as the status page shows them.
 * Run states: RUNNING -> SUCCESS | FAILED | SUSPENDED (scripts: failure = FAILED, warning = SUSPENDED on a faulted step,
 * stuck = RUNNING until terminated or forced); terminate -> STOPPED. Scripts are looked up by API name.
 */
import { FAMILY, INFORMATICA } from '../core/constants';
import type { SandboxContext } from '../core/context';
import { HttpError } from '../core/httpError';
import type { LifecycleJob } from '../core/lifecycle';
import type { RouteRequest, SandboxApp } from '../core/router';
import { informaticaErrorBody } from '../core/sessions';
import { requireSession } from './informaticaLogin';

export const name = FAMILY.informaticaTaskflow;

type RunState = 'RUNNING' | 'SUCCESS' | 'FAILED' | 'SUSPENDED' | 'STOPPED';
const TERMINAL: RunState[] = ['SUCCESS', 'FAILED', 'SUSPENDED', 'STOPPED'];

export interface PublishedTaskflow {
	apiName: string;
	assetName: string;
	location: string;
	/** Input fields the Start step requires. */
	requiredInputs: string[];
}

/** The taskflows the sandbox has published as services. */
export const PUBLISHED_TASKFLOWS: PublishedTaskflow[] = [
	{ apiName: 'tf_nightly_load', assetName: 'tf_nightly_load', location: 'Default/Sales', requiredInputs: [] },
	{ apiName: 'tf_customer_sync', assetName: 'Customer Sync', location: 'Default/CRM', requiredInputs: ['customerId'] },
];

interface TaskflowRun {
	runId: string;
	taskflow: PublishedTaskflow;
	inputs: Record<string, unknown>;
	state: RunState;
	startedAt: number;
	endedAt?: number;
	errorMessage: string;
	job?: LifecycleJob<RunState>;
}

/** A taskflow service error; the pages show no error body, so the v3 shape is used. */
const err = (status: number, code: string, message: string) => new HttpError(status, informaticaErrorBody('v3', status, code, message));

/** The session from IDS-SESSION-ID (run page) or INFA-SESSION-ID (status page). */
function taskflowSession(ctx: SandboxContext, req: RouteRequest): void {
	if (req.headers['infa-session-id'] !== undefined) requireSession(ctx, req, 'v3');
	else requireSession(ctx, req, 'dbmi'); // reads ids-session-id (or icSessionId)
}

/** JSON with the Long run ids unquoted, as the status page writes them. */
function longJson(value: unknown): { status: number; body: string; headers: Record<string, string> } {
	const text = JSON.stringify(value).replace(/"runId":"(\d+)"/g, '"runId":$1');
	return { status: 200, body: text, headers: { 'content-type': 'application/json' } };
}

const RUN_STATUS_FILTER: Record<string, RunState> = { success: 'SUCCESS', failed: 'FAILED', suspended: 'SUSPENDED', running: 'RUNNING' };

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody((status, message) => informaticaErrorBody('v3', status, `SYS_${status}`, message));
	const runs: TaskflowRun[] = [];
	let seq = 0n;
	ctx.onReset(() => {
		runs.length = 0;
		seq = 0n;
	});
	// A Long beyond 2^53, like 20262247166322413568.
	const nextRunId = () => String(20262247166322413568n + ++seq * 7919n);

	const view = (run: TaskflowRun) => ({
		assetName: run.taskflow.assetName,
		assetType: 'TASKFLOW',
		duration: String(Math.round(((run.endedAt ?? ctx.clock.now()) - run.startedAt) / 1000)),
		endTime: run.endedAt ? ctx.clock.iso(run.endedAt) : null,
		errorMessage: run.errorMessage || null,
		location: run.taskflow.location,
		runId: run.runId,
		runtimeEnv: '01000025000000000003',
		runtimeEnvName: 'Cloud Hosted Agent',
		startTime: ctx.clock.iso(run.startedAt),
		startedBy: INFORMATICA.userName,
		status: run.state,
	});

	const findRun = (runId: string): TaskflowRun => {
		const run = runs.find((r) => r.runId === runId.trim());
		if (!run) throw err(404, 'TF_404', `Taskflow run ${runId} was not found.`);
		return run;
	};

	app.route('POST', `${INFORMATICA.taskflowPrefix}/rt/:apiName`, (req) => {
		taskflowSession(ctx, req);
		const taskflow = PUBLISHED_TASKFLOWS.find((t) => t.apiName === req.params.apiName);
		if (!taskflow) throw err(404, 'TF_001', `No taskflow is published as a service under the API name ${req.params.apiName}.`);
		const inputs = (req.body ?? {}) as Record<string, unknown>;
		if (typeof inputs !== 'object' || Array.isArray(inputs)) throw err(400, 'TF_002', 'The request body must be a JSON object of input fields.');
		const missing = taskflow.requiredInputs.filter((f) => inputs[f] === undefined || inputs[f] === '');
		if (missing.length) throw err(400, 'TF_003', `The taskflow ${taskflow.apiName} needs the input field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
		const run: TaskflowRun = { runId: nextRunId(), taskflow, inputs, state: 'RUNNING', startedAt: ctx.clock.now(), errorMessage: '' };
		runs.push(run);
		ctx.counters.start(name, taskflow.apiName);
		const script = ctx.scripts.take(name, taskflow.apiName, taskflow.assetName);
		const final: RunState | undefined =
			script?.outcome === 'stuck' ? undefined : script?.outcome === 'failure' ? 'FAILED' : script?.outcome === 'warning' ? 'SUSPENDED' : 'SUCCESS';
		run.job = ctx.lifecycle<RunState>({
			family: name,
			id: run.runId,
			initial: 'RUNNING',
			steps: final ? [{ atMs: script?.runTimeMs ?? ctx.config.runTimeMs, to: final }] : [],
			terminal: TERMINAL,
			onTransition: (to) => {
				run.state = to;
				if (TERMINAL.includes(to)) run.endedAt = ctx.clock.now();
				if (to === 'FAILED') run.errorMessage = script?.message ?? 'A step of the taskflow failed.';
				if (to === 'SUSPENDED') run.errorMessage = script?.message ?? 'The taskflow is suspended on a faulted step.';
				if (to === 'STOPPED') run.errorMessage = 'The taskflow was terminated.';
			},
		});
		return { status: 200, body: `{"RunId":"${run.runId}"}`, headers: { 'content-type': 'application/json' } };
	});

	app.route('GET', `${INFORMATICA.taskflowPrefix}/services/tf/status/:runId`, (req) => {
		taskflowSession(ctx, req);
		return longJson(view(findRun(req.params.runId)));
	});

	app.route('GET', `${INFORMATICA.taskflowPrefix}/services/tf/status`, (req) => {
		taskflowSession(ctx, req);
		const q = req.query;
		const rowLimit = q.rowLimit === undefined ? 10 : Number(q.rowLimit);
		const offset = q.offset === undefined ? 0 : Number(q.offset);
		if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 50) throw err(400, 'TF_010', 'rowLimit must be between 1 and 50.');
		if (!Number.isInteger(offset) || offset < 0) throw err(400, 'TF_011', 'offset must be 0 or more.');
		let state: RunState | undefined;
		if (q.runStatus !== undefined) {
			// The query parameters are case sensitive (Success, Failed, Suspended, Running).
			state = /^[A-Z][a-z]+$/.test(q.runStatus) ? RUN_STATUS_FILTER[q.runStatus.toLowerCase()] : undefined;
			if (!state) throw err(400, 'TF_012', `runStatus must be Success, Failed, Suspended or Running, not ${q.runStatus}.`);
		}
		const time = (value: string | undefined, label: string) => {
			if (value === undefined) return undefined;
			const ms = Date.parse(value);
			if (Number.isNaN(ms)) throw err(400, 'TF_013', `${label} must be a UTC date and time such as 2021-06-10T05:48:28Z.`);
			return ms;
		};
		// Without a time or run filter the list covers the last 24 hours (the status page's own example).
		const unfiltered = q.startTime === undefined && q.endTime === undefined && q.runId === undefined;
		const from = unfiltered ? ctx.clock.now() - 24 * 3600 * 1000 : time(q.startTime, 'startTime');
		const to = time(q.endTime, 'endTime');
		const rows = runs
			.filter((r) => (q.runId === undefined || r.runId === q.runId) && (!state || r.state === state))
			.filter((r) => (from === undefined || r.startedAt >= from) && (to === undefined || r.startedAt < to))
			.sort((a, b) => b.startedAt - a.startedAt || Number(BigInt(b.runId) - BigInt(a.runId)))
			.slice(offset, offset + rowLimit);
		return longJson(rows.map(view));
	});

	app.route('PUT', `${INFORMATICA.taskflowPrefix}/services/tf/terminate`, (req) => {
		taskflowSession(ctx, req);
		const ids = (req.body as { runid?: unknown } | undefined)?.runid;
		if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))) {
			throw err(400, 'TF_020', 'Give the run IDs as {"runid": ["<run ID>", ...]}, each in double quotation marks.');
		}
		if (ids.length > 200) throw err(400, 'TF_021', 'At most 200 taskflows can be terminated at a time.');
		const found = (ids as string[]).map((id) => {
			const run = runs.find((r) => r.runId === id);
			if (!run) throw err(400, 'TF_022', `The run ID ${id} does not exist or is not valid.`);
			return run;
		});
		const results = found.map((run) => {
			if (run.state !== 'RUNNING') return { runId: run.runId, status: run.state, message: `The taskflow run is not running (${run.state}).` };
			run.job?.force('STOPPED');
			return { runId: run.runId, status: 'STOPPED', message: 'Terminated.' };
		});
		return longJson({ results });
	});

	ctx.onTransition(name, (id, to) => {
		const run = runs.find((r) => r.runId === id);
		if (!run?.job) return undefined;
		run.job.force(to as RunState);
		return { id, state: run.state };
	});

	ctx.exposeState(name, () => ({
		published: PUBLISHED_TASKFLOWS.map((t) => ({ ...t })),
		runs: runs.map((r) => ({ runId: r.runId, apiName: r.taskflow.apiName, state: r.state, inputs: r.inputs })),
	}));
}

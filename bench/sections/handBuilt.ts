/**
 * 6. Versus the hand-built workflows: the users' alternative today (bench/hand-built/*-hand-built.json, HTTP Request
 * nodes: log in, start, Wait, read the status, IF, loop, re-login on 401, error branch) beside the package's one node
 * (bench/hand-built/*-package.json), in one real n8n (the line of scripts/n8n/lines.ts, 2.41.1 by default) against
 * the same sandbox, the same job length and the same poll interval. Full mode only: --quick prints the goal rows as
 * not measured. Run it under the machine's n8n lock when several real n8n instances could start at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FAMILY } from '../../sandbox/core/constants';
import type { LoggedRequest } from '../../sandbox/core/requestLog';
import { adaptToSandbox, importWorkflows, sandboxCredentials } from '../../scripts/lib/examples';
import { createInstance, type Json, type N8nInstance, packPackage, removePacked, type PackedPackage } from '../../scripts/n8n/n8n';
import { lineLabel } from '../../scripts/n8n/lines';
import type { BenchContext, Section } from '../lib/context';
import type { Row } from '../lib/report';
import { fmt, round, sleepMs, stat } from '../lib/stats';
import { ensureBuilt } from './footprint';

const SECTION = '6. Versus hand-built workflows';
/** Job length L and poll interval P, the same for both sides. The hand-built files ship with a 10 s Wait; the bench sets P. */
const JOB_MS = 5000;
const POLL_S = 2;
const FAULT_SHARE = 0.2;
/** Each Informatica session answers this many authenticated requests, then 401: it expires mid-wait. */
const SESSION_EXPIRE_EVERY = 3;
/** "Detection no slower": the package's median may exceed the hand-built one by this much (timer and scheduling jitter). */
const DETECTION_TOLERANCE_MS = 100;
const GOAL_NODE_FACTOR = 5;
const DEFAULT_SANDBOX = 'http://127.0.0.1:8787';
const EXAMPLE_CDATA_JOB = '10579e1b-e4b2-48d1-af9e-69595b47dbfe';
const CDATA_JOB_NAME = 'SalesforceToSnowflake';
const DBMI_JOB = '15';

type Side = 'hand-built' | 'package';
type Vendor = 'Informatica Database Ingestion' | 'CData Sync';

interface Flow {
	vendor: Vendor;
	side: Side;
	file: string;
	webhookPath: string;
	/** The node whose end is "the workflow goes on": the package node, or the hand-built loop's "Finished?" IF. */
	detector: string;
	workflow: Json;
	id?: string;
}

interface RunResult {
	ok: boolean;
	status: string;
	requests: number;
	logins: number;
	/** Job end (sandbox) to the detector node's end (n8n), ms. */
	detectionMs?: number;
	dataBytes: number;
	durationMs: number;
	error?: string;
	/** The vendor requests of a failed run, with the fault injected into each. */
	trace?: string[];
}

export const FLOWS: Array<Omit<Flow, 'workflow'>> = [
	{ vendor: 'Informatica Database Ingestion', side: 'hand-built', file: 'database-ingestion-hand-built.json', webhookPath: 'bench-hand-built-dbmi', detector: 'Finished?' },
	{ vendor: 'Informatica Database Ingestion', side: 'package', file: 'database-ingestion-package.json', webhookPath: 'bench-package-dbmi', detector: 'Informatica: start ingestion job and wait' },
	{ vendor: 'CData Sync', side: 'hand-built', file: 'cdata-sync-hand-built.json', webhookPath: 'bench-hand-built-cdata', detector: 'Finished?' },
	{ vendor: 'CData Sync', side: 'package', file: 'cdata-sync-package.json', webhookPath: 'bench-package-cdata', detector: 'CData Sync: execute job and wait' },
];

/** The generic credential of the hand-built CData Sync workflow: Header Auth with the token. */
const CDATA_HEADER_CREDENTIAL = { id: 'sbxCDataHeader01', name: 'CData Sync token header (sandbox)', type: 'httpHeaderAuth' };

/** Points a bench workflow at this sandbox, this CData job id and the poll interval P. */
function prepare(workflow: Json, sandboxUrl: string, cdataJobId: string): Json {
	const text = JSON.stringify(workflow).split(DEFAULT_SANDBOX).join(sandboxUrl).split(EXAMPLE_CDATA_JOB).join(cdataJobId);
	const copy = JSON.parse(text) as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.wait') node.parameters.amount = POLL_S;
		const wait = node.parameters.waitOptions as Record<string, unknown> | undefined;
		if (wait) wait.pollIntervalSeconds = POLL_S;
	}
	return copy as unknown as Json;
}

type RawRun = { startTime: number; executionTime: number };

function detectorEnd(data: Json, node: string): number | undefined {
	const runData = ((data.resultData as Json | undefined)?.runData ?? {}) as Record<string, RawRun[]>;
	const runs = runData[node];
	if (!runs?.length) return undefined;
	const last = runs[runs.length - 1];
	return last.startTime + last.executionTime;
}

function runError(data: Json): string | undefined {
	const resultData = (data.resultData ?? {}) as { error?: { message?: string; description?: string; node?: { name?: string } }; lastNodeExecuted?: string };
	if (!resultData.error) return undefined;
	const e = resultData.error;
	return `${e.node?.name ?? resultData.lastNodeExecuted ?? '?'}: ${e.message ?? '?'}${e.description ? ` (${e.description})` : ''}`;
}

function jobEnd(ctx: BenchContext, vendor: Vendor, cdataJobId: string): { ended: boolean; endMs?: number } {
	if (vendor === 'CData Sync') {
		const state = ctx.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; status: { status: string; run_end_date: string | null } }> };
		const job = state.jobs.find((j) => j.id === cdataJobId);
		const running = ['Queued', 'Starting', 'Running'].includes(job?.status.status ?? '');
		return { ended: !running, endMs: job?.status.run_end_date ? Date.parse(job.status.run_end_date) : undefined };
	}
	const state = ctx.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string; endTime: string | null }> };
	const job = state.jobs.find((j) => String(j.jobId) === DBMI_JOB);
	const running = ['starting', 'running', 'running_with_warning', 'stopping', 'resuming'].includes(job?.status ?? '');
	return { ended: !running, endMs: job?.endTime ? Date.parse(job.endTime) : undefined };
}

function traceLine(r: LoggedRequest): string {
	return `${r.time.slice(11, 23)} ${r.method} ${r.path}${r.query.jobId ? `?jobId=${r.query.jobId}` : ''} -> ${r.status ?? 'no answer'}${r.fault ? ` [fault: ${r.fault}]` : ''}`;
}

async function runOnce(ctx: BenchContext, n8n: N8nInstance, flow: Flow, cdataJobId: string): Promise<RunResult> {
	// The previous run (a failed one may leave its job running) must be over: a start on a running job is refused.
	for (let i = 0; i < 100 && !jobEnd(ctx, flow.vendor, cdataJobId).ended; i++) await sleepMs(200);
	const lastSeq = ctx.sandbox.requests(1)[0]?.seq ?? 0;
	ctx.sandbox.counters.reset();
	const executionId = await n8n.startByWebhook(flow.id!, flow.webhookPath, {});
	const summary = await n8n.waitForExecution(executionId, { timeoutMs: 180_000, intervalMs: 250 });
	const counted = ctx.sandbox.counters.snapshot();
	const raw = await n8n.rest<{ data: unknown }>('GET', `/rest/executions/${executionId}`);
	const dataBytes = Buffer.byteLength(typeof raw.data === 'string' ? raw.data : JSON.stringify(raw.data));
	const execution = await n8n.getExecution(executionId);
	const data = execution.data;
	const end = jobEnd(ctx, flow.vendor, cdataJobId);
	const detectedAt = detectorEnd(data, flow.detector);
	const ok = summary.status === 'success';
	const result: RunResult = {
		ok,
		status: summary.status,
		requests: counted.total,
		logins: counted.logins,
		detectionMs: ok && end.endMs !== undefined && detectedAt !== undefined ? detectedAt - end.endMs : undefined,
		dataBytes,
		durationMs: Date.parse(String(summary.stoppedAt ?? '')) - Date.parse(String(summary.startedAt ?? '')),
	};
	if (!ok) {
		result.error = runError(data) ?? `execution ${summary.status}`;
		result.trace = ctx.sandbox
			.requests(400)
			.filter((r) => r.seq > lastSeq)
			.map(traceLine);
		ctx.log(`hand-built: ${flow.side} ${flow.vendor} run FAILED: ${result.error}\n    ${result.trace.join('\n    ')}`);
	}
	return result;
}

/** The node counts need no n8n: read from the files, in every mode. */
function nodeRow(vendor: Vendor, hand: Flow, pkg: Flow): Row {
	const handNodes = count(hand);
	const pkgNodes = count(pkg);
	return {
		section: SECTION,
		metric: `${vendor}: nodes in the workflow, hand-built / package`,
		goal: `≥ ${GOAL_NODE_FACTOR}x fewer`,
		measured: `${handNodes} / ${pkgNodes} = ${round(handNodes / pkgNodes, 1)}x`,
		met: handNodes / pkgNodes >= GOAL_NODE_FACTOR,
		note: `Both counts include the Webhook trigger (${handNodes - 1} / ${pkgNodes - 1} without it). Files: bench/hand-built/${hand.file}, ${pkg.file}.`,
	};
}

/** The rows of a run without n8n: the node counts, and every other goal as not measured. */
function notMeasured(flows: Flow[], reason: string): Row[] {
	const goals: Array<[string, string]> = [
		['vendor requests per job, package vs hand-built', 'no more'],
		['job end → workflow goes on, package vs hand-built', 'no slower'],
		[`failed runs at ${FAULT_SHARE * 100}% transient faults, package (hand-built)`, '0 (report hand-built)'],
		['failed runs with a session expiring mid-wait, package (hand-built)', '0 (report hand-built)'],
	];
	return (['Informatica Database Ingestion', 'CData Sync'] as Vendor[]).flatMap((vendor) => [
		nodeRow(vendor, flows.find((f) => f.vendor === vendor && f.side === 'hand-built')!, flows.find((f) => f.vendor === vendor && f.side === 'package')!),
		...goals
			.filter(([metric]) => !(vendor === 'CData Sync' && metric.includes('session')))
			.map(([metric, goal]) => ({ section: SECTION, metric: `${vendor}: ${metric}`, goal, measured: 'not measured', met: null, note: reason })),
	]);
}

function count(flow: Flow): number {
	return (flow.workflow.nodes as unknown[]).length;
}

const median = (values: Array<number | undefined>) => stat(values.filter((v): v is number => v !== undefined));
const failures = (runs: RunResult[]) => runs.filter((r) => !r.ok).length;

function failureNote(side: string, runs: RunResult[]): string {
	const failed = runs.filter((r) => !r.ok);
	if (!failed.length) return '';
	const errors = [...new Set(failed.map((r) => r.error))].join(' | ');
	return ` ${side} failures: ${errors}.`;
}

export const handBuilt: Section = {
	id: 6,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const sandbox = ctx.sandbox;
		const cdataJobs = (sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs;
		const cdataJobId = cdataJobs.find((j) => j.name === CDATA_JOB_NAME)?.id;
		if (!cdataJobId) throw new Error(`the sandbox has no CData Sync job named ${CDATA_JOB_NAME}`);
		const dir = join(ctx.root, 'bench', 'hand-built');
		const flows: Flow[] = FLOWS.map((f) => {
			const workflow = prepare(JSON.parse(readFileSync(join(dir, f.file), 'utf8')) as Json, sandbox.url, cdataJobId);
			return { ...f, workflow: f.side === 'package' ? adaptToSandbox(workflow, sandbox) : workflow };
		});
		if (ctx.quick) return notMeasured(flows, 'Measured in a real n8n by the full run (`npm run bench`); --quick skips it.');
		const build = ensureBuilt(ctx);
		if (build.error) return notMeasured(flows, `Not run: ${build.error}.`);
		sandbox.config.set({ runTimeMs: JOB_MS });

		let packed: PackedPackage | undefined;
		let n8n: N8nInstance | undefined;
		const runs = new Map<string, RunResult[]>();
		const key = (flow: Flow, scenario: string) => `${flow.vendor}|${flow.side}|${scenario}`;
		try {
			ctx.log(`hand-built: packing the package, starting ${lineLabel()}`);
			packed = packPackage();
			n8n = await createInstance({ packTgz: packed, logLevel: 'warn' });
			await n8n.importCredentials([
				...sandboxCredentials(sandbox.url),
				{ ...CDATA_HEADER_CREDENTIAL, data: { name: 'x-cdata-authtoken', value: 'sandbox-token' } },
			]);
			const ids = await importWorkflows(n8n, flows.map((f) => f.workflow));
			flows.forEach((f, i) => (f.id = ids[i]));
			for (const f of flows) await n8n.activate(f.id!);
			await n8n.start();
			// One unmeasured run each: the first execution of a workflow loads its node types and (package) logs in.
			for (const f of flows) {
				ctx.log(`hand-built: warm-up, ${f.side} ${f.vendor}`);
				await runOnce(ctx, n8n, f, cdataJobId);
			}

			const scenarios: Array<{ name: string; reps: number; vendors: Vendor[]; setup(): void }> = [
				{ name: 'clean', reps: 5, vendors: ['Informatica Database Ingestion', 'CData Sync'], setup: () => undefined },
				{
					name: 'faults',
					reps: 10,
					vendors: ['Informatica Database Ingestion', 'CData Sync'],
					setup: () => void sandbox.faults.add({ kind: 'status', status: 503, share: FAULT_SHARE }),
				},
				{ name: 'expiring', reps: 5, vendors: ['Informatica Database Ingestion'], setup: () => void sandbox.config.set({ sessionExpireEvery: SESSION_EXPIRE_EVERY }) },
			];
			for (const scenario of scenarios) {
				sandbox.faults.clear();
				sandbox.config.set({ sessionExpireEvery: 0 });
				scenario.setup();
				for (const flow of flows.filter((f) => scenario.vendors.includes(f.vendor))) {
					ctx.log(`hand-built: ${scenario.name}, ${flow.side} ${flow.vendor}, ${scenario.reps} runs`);
					const list: RunResult[] = [];
					for (let i = 0; i < scenario.reps; i++) list.push(await runOnce(ctx, n8n, flow, cdataJobId));
					runs.set(key(flow, scenario.name), list);
				}
			}
		} finally {
			sandbox.faults.clear();
			sandbox.config.set({ sessionExpireEvery: 0 });
			await n8n?.dispose();
			removePacked(packed);
		}

		const rows: Row[] = [];
		for (const vendor of ['Informatica Database Ingestion', 'CData Sync'] as Vendor[]) {
			const hand = flows.find((f) => f.vendor === vendor && f.side === 'hand-built')!;
			const pkg = flows.find((f) => f.vendor === vendor && f.side === 'package')!;
			const get = (flow: Flow, scenario: string) => runs.get(key(flow, scenario)) ?? [];
			rows.push(nodeRow(vendor, hand, pkg));
			const handClean = get(hand, 'clean');
			const pkgClean = get(pkg, 'clean');
			const handReq = median(handClean.filter((r) => r.ok).map((r) => r.requests));
			const pkgReq = median(pkgClean.filter((r) => r.ok).map((r) => r.requests));
			const handLogins = median(handClean.filter((r) => r.ok).map((r) => r.logins));
			const pkgLogins = median(pkgClean.filter((r) => r.ok).map((r) => r.logins));
			rows.push({
				section: SECTION,
				metric: `${vendor}: vendor requests per job, package vs hand-built`,
				goal: 'no more',
				measured: `${fmt(pkgReq, '', 1)} vs ${fmt(handReq, '', 1)}`,
				met: pkgReq.n > 0 && handReq.n > 0 ? pkgReq.median <= handReq.median : false,
				note:
					`Job length ${JOB_MS / 1000} s, poll interval ${POLL_S} s on both sides, no faults; logins per job: package ${fmt(pkgLogins, '', 1)}, hand-built ${fmt(handLogins, '', 1)} ` +
					(handLogins.median > 0
						? `(the package's credential keeps its session between executions; the hand-built workflow logs in on every run). `
						: '(a token on every request: no login on either side). ') +
					`Failed clean runs: package ${failures(pkgClean)}/${pkgClean.length}, hand-built ${failures(handClean)}/${handClean.length}.` +
					(pkgReq.median > handReq.median ? ' The package reads the status once before the start: it decides "If the Job Is Already Running" before any start, and it tells a start whose answer was lost (5xx, timeout) from one that never happened, so it can send that start again safely; the hand-built Retry On Fail resends a start blindly.' : '') +
					failureNote('Package', pkgClean) +
					failureNote('Hand-built', handClean),
				data: { hand: handClean, package: pkgClean },
			});
			const handDet = median(handClean.map((r) => r.detectionMs));
			const pkgDet = median(pkgClean.map((r) => r.detectionMs));
			rows.push({
				section: SECTION,
				metric: `${vendor}: job end → workflow goes on, package vs hand-built`,
				goal: 'no slower',
				measured: `${fmt(pkgDet, 'ms', 0)} vs ${fmt(handDet, 'ms', 0)}`,
				met: pkgDet.n > 0 && handDet.n > 0 ? pkgDet.median <= handDet.median + DETECTION_TOLERANCE_MS : false,
				note: `From the job's end time in the sandbox to the end of the node that sees it (the package node; the hand-built "Finished?" IF); bounded by one poll interval (${POLL_S} s) on both sides. "No slower": within ${DETECTION_TOLERANCE_MS} ms of the hand-built median.`,
			});
			const handBytes = median(handClean.map((r) => r.dataBytes));
			const pkgBytes = median(pkgClean.map((r) => r.dataBytes));
			rows.push({
				section: SECTION,
				metric: `${vendor}: execution data n8n stores, package vs hand-built`,
				goal: 'report',
				measured: `${fmt(pkgBytes, 'B', 0)} vs ${fmt(handBytes, 'B', 0)}`,
				met: null,
				note: `The execution's stored data (GET /rest/executions/:id, the flatted string n8n saves); the hand-built loop stores every Wait, status read and IF run.`,
			});
			const scenariosOf: Array<[string, string, string]> = [
				['faults', `failed runs at ${FAULT_SHARE * 100}% transient faults`, `${FAULT_SHARE * 100}% of all vendor requests answered 503 (no Retry-After), seeded`],
				['expiring', 'failed runs with a session expiring mid-wait', `every Informatica session answers ${SESSION_EXPIRE_EVERY} requests, then 401`],
			];
			for (const [scenario, label, how] of scenariosOf) {
				if (vendor === 'CData Sync' && scenario === 'expiring') {
					rows.push({ section: SECTION, metric: `${vendor}: ${label}`, goal: 'report', measured: 'n/a', met: null, note: 'CData Sync authenticates every request with a token: there is no session to expire.' });
					continue;
				}
				const h = get(hand, scenario);
				const p = get(pkg, scenario);
				const trace = p.find((r) => !r.ok)?.trace;
				rows.push({
					section: SECTION,
					metric: `${vendor}: ${label}, package (hand-built)`,
					goal: '0 (report hand-built)',
					measured: `${failures(p)}/${p.length} (${failures(h)}/${h.length})`,
					met: p.length > 0 && failures(p) === 0,
					note:
						`${how}. Requests per job: package ${fmt(median(p.map((r) => r.requests)), '', 0)}, hand-built ${fmt(median(h.map((r) => r.requests)), '', 0)}.` +
						failureNote('Package', p) +
						failureNote('Hand-built', h) +
						(trace ? ` First failed package run's requests: ${trace.join('; ')}.` : ''),
					data: { hand: h, package: p },
				});
			}
		}
		return rows;
	},
};

/**
 * "If the Job Is Already Running" and stop on cancel on Database Ingestion Run Task and Import Start, through n8n-core
 * against the sandbox: attach (no extra start, attached: true, the run's outcome), fail, wait then start, cancel (one
 * stop for a run this item started, none for an attached one). The same engine's vendors are in jobRun.vendors.test.ts;
 * the status operations' waits are in jobRun.statusWait.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { FAMILY } from '../../../sandbox/core/constants';
import { buildExportPackage } from '../../../sandbox/families/informaticaImport';
import { informaticaCredential } from '../../harness/credentials';
import { InformaticaIdmcWithBinaryInput } from '../../harness/binaryInput';
import type { RunNodeResult } from '../../harness/n8n';
import { useSandboxEnv } from '../../harness/sandboxEnv';

const WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 20 };
const INITIAL_TASK = 'orders_oracle_to_snowflake_initial';

const env = useSandboxEnv({
	sandbox: { runTimeMs: 400 },
	nodeTypes: [InformaticaIdmc, InformaticaIdmcWithBinaryInput],
	credentialTypes: [InformaticaIdmcApi],
	credentials: (sandbox) => ({ informaticaIdmcApi: informaticaCredential(sandbox) }),
});

const run = async (parameters: INodeParameters, cancelWhen?: Promise<unknown>) => await env.harness.runNode({ type: 'informaticaIdmc', parameters, cancelWhen });
const waiting = (extra: INodeParameters = {}): INodeParameters => ({ waitForCompletion: true, waitOptions: WAIT, ...extra });
const starts = (key: string) => env.sandbox.counters.snapshot().starts[key] ?? 0;
const count = (method: string, match: (path: string) => boolean) => env.sandbox.requests().filter((r) => r.method === method && match(r.path)).length;

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Runs the node and cancels the execution (as n8n's Stop button does) once `ready` holds and two more status reads went out. */
async function runAndCancel(parameters: INodeParameters, ready: () => boolean, reads: () => number): Promise<RunNodeResult> {
	let cancel!: () => void;
	const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
	const running = run(parameters, cancelWhen);
	await until(ready, 'the run');
	const seen = reads();
	await until(() => reads() >= seen + 2, 'status reads');
	cancel();
	return await running;
}

describe('Database Ingestion Run Task: if the job is already running', () => {
	const key = `${FAMILY.informaticaDbmi}:15`;
	const runTask = (extra: INodeParameters = {}) => ({ resource: 'databaseIngestionTask', operation: 'runTask', taskName: INITIAL_TASK, ...extra });
	const stops = () => count('POST', (path) => path.endsWith('/dbmi/public/api/v2/job/stop'));
	const statusReads = () => count('GET', (path) => path.endsWith('/job/status'));
	/**
	 * Someone else's run of the task's job (job 15), waited on until the status shows it running: a start takes effect
	 * asynchronously, and until then the status still shows the previous run (of the test before).
	 */
	const startElsewhere = async () => {
		const other = await run({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', ifAlreadyRunning: 'fail', ...waiting({ waitUntil: 'running' }) });
		expect(other.error).toBeUndefined();
		expect(starts(key)).toBe(1);
	};

	it('attach (the default): no start, waits for that run, its outcome, attached: true', async () => {
		await startElsewhere();
		const result = await run(runTask(waiting()));
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ taskId: '2', jobId: '15', outcome: 'succeeded', attached: true, startedByThisItem: false, wait: { end: 'finished' } });
		expect(json.steps).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'start', result: 'skipped' })]));
		expect(starts(key)).toBe(1);
	});

	it('attach without a wait returns the running run, attached, and starts nothing', async () => {
		await startElsewhere();
		const result = await run(runTask());
		expect(result.items[0].json).toMatchObject({ jobId: '15', outcome: 'running', attached: true, startedByThisItem: false });
		expect(starts(key)).toBe(1);
	});

	it('fail: a NodeOperationError naming the running job, before any start', async () => {
		await startElsewhere();
		const result = await run(runTask(waiting({ ifAlreadyRunning: 'fail' })));
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^Database Ingestion job 15 is already running/);
		expect(starts(key)).toBe(1);
	});

	it('wait for it, then start: one more start after the running run ended', async () => {
		await startElsewhere();
		const result = await run(runTask(waiting({ ifAlreadyRunning: 'waitThenStart' })));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', attached: false, startedByThisItem: true, previousRun: { outcome: 'succeeded' } });
		expect(starts(key)).toBe(2);
	});

	it('a job with no run going is started once, as before', async () => {
		const result = await run(runTask(waiting()));
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', attached: false, startedByThisItem: true });
		expect(starts(key)).toBe(1);
	});

	it('cancel: one stop call for the run this item started, outcome cancelled', async () => {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		const result = await runAndCancel(runTask(waiting()), () => starts(key) === 1, statusReads);
		expect(result.run.status).toBe('canceled');
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', startedByThisItem: true, stoppedOnCancel: true, wait: { end: 'aborted' } });
		expect(stops()).toBe(1);
	});

	it('cancel: no stop call for a run this item attached to', async () => {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		await startElsewhere();
		// Run Task reads the status twice before it attaches (its deployment check and the look for a running run):
		// the cancel comes during the wait that follows (read 3 and two more), not while those are in flight.
		const before = statusReads();
		const result = await runAndCancel(runTask(waiting()), () => statusReads() >= before + 3, statusReads);
		expect(result.run.status).toBe('canceled');
		expect(result.items[0].json).toMatchObject({ attached: true, stoppedOnCancel: false, wait: { end: 'aborted' } });
		expect(stops()).toBe(0);
		expect(starts(key)).toBe(1);
	});
});

describe('Import Start: an import job runs once', () => {
	const importKey = (id: string) => `${FAMILY.informaticaImport}:${id}`;
	const importStarts = () => count('POST', (path) => /\/import\/(?!package)[^/]+$/.test(path));
	const importReads = () => count('GET', (path) => /\/import\/[^/]+$/.test(path));
	const upload = async (): Promise<string> => {
		const result = await env.harness.runNode({
			type: 'informaticaIdmcWithBinaryInput',
			parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' },
			items: [{ zip: buildExportPackage([{ path: 'Default/Sales/m_load_orders', type: 'MTT' }]).toString('base64') }],
		});
		return String(result.items[0].json.jobId);
	};
	const startImport = (id: string, extra: INodeParameters = {}) => ({ resource: 'import', operation: 'startImport', importJobId: id, ...extra });

	it('attach (the default) to an import in progress: no second start, its outcome, attached: true', async () => {
		const id = await upload();
		expect((await run(startImport(id))).items[0].json).toMatchObject({ rawStatus: 'IN_PROGRESS', attached: false, startedByThisItem: true });
		const result = await run(startImport(id, waiting()));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id, outcome: 'succeeded', rawStatus: 'SUCCESSFUL', attached: true, startedByThisItem: false, wait: { end: 'finished' } });
		expect(starts(importKey(id))).toBe(1);
		expect(importStarts()).toBe(1);
	});

	it('attach to an import that already ended: its outcome at once, no start call', async () => {
		const id = await upload();
		await run(startImport(id, waiting()));
		const result = await run(startImport(id));
		expect(result.items[0].json).toMatchObject({ id, outcome: 'succeeded', attached: true, startedByThisItem: false });
		expect(importStarts()).toBe(1);
	});

	it('fail: a NodeOperationError naming the import, for one in progress and for one that ended', async () => {
		const id = await upload();
		await run(startImport(id));
		const running = await run(startImport(id, waiting({ ifAlreadyRunning: 'fail' })));
		expect(running.error?.name).toBe('NodeOperationError');
		expect(running.error?.message).toMatch(new RegExp(`^import job ${id} is already running`));
		await until(() => (env.sandbox.state(FAMILY.informaticaImport) as { jobs: Array<{ state: string }> }).jobs[0].state === 'SUCCESSFUL', 'the import');
		const ended = await run(startImport(id, { ifAlreadyRunning: 'fail' }));
		expect(ended.error?.message).toBe(`import job ${id} was already started and ended SUCCESSFUL`);
		expect(importStarts()).toBe(1);
	});

	it('"Wait for It, Then Start a New Run" is not a choice (n8n refuses the value) and nothing is sent: an import job id starts once', async () => {
		const id = await upload();
		const before = env.sandbox.counters.snapshot().total;
		const result = await run(startImport(id, { ifAlreadyRunning: 'waitThenStart' }));
		expect(result.error?.message).toMatch(/"If the Import Was Already Started"/);
		expect(env.sandbox.counters.snapshot().total).toBe(before);
	});

	it('a start refused as already started (409) attaches to the import', async () => {
		const id = await upload();
		// The check's answer is held back while someone else starts the import.
		env.sandbox.config.set({ runTimeMs: 2500 });
		env.sandbox.faults.add({ match: { method: 'GET', path: `/import/${id}` }, kind: 'slow', delayMs: 1500, next: 1 });
		const mine = run(startImport(id, waiting()));
		await until(() => importReads() === 1, 'the check');
		await env.harness.runNode({ type: 'informaticaIdmc', parameters: startImport(id, { ifAlreadyRunning: 'fail' }) });
		const result = await mine;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', attached: true, startedByThisItem: false });
		expect(env.sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/import/${id}`)).map((r) => r.status)).toEqual([200, 409]);
		expect(starts(importKey(id))).toBe(1);
	});

	it('cancel: the import API has no stop, so the import is left running and no stop is offered', async () => {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		const id = await upload();
		const result = await runAndCancel(startImport(id, waiting()), () => starts(importKey(id)) === 1, importReads);
		expect(result.items[0].json).toMatchObject({ outcome: 'running', startedByThisItem: true, stoppedOnCancel: false, wait: { end: 'aborted' } });
		const options = new InformaticaIdmc().description.properties.filter((p) => p.name === 'waitOptions' && p.displayOptions?.show?.operation?.includes('startImport'));
		expect((options[0].options as Array<{ name: string }>).map((o) => o.name)).not.toEqual(expect.arrayContaining(['stopOnCancel']));
	});
});

/**
 * One run per start, in a real n8n 2.41.1 (`n8n start`, webhooks, the REST API) against the sandbox:
 *   1. `kill -9` of n8n start during a Database Ingestion start-and-wait and a CData Sync execute-and-wait; n8n
 *      started again on the same user folder; the same webhooks called again: both executions succeed by following
 *      the runs still going (If the Job Is Already Running: Attach, the default), and the sandbox counts one start each.
 *   2. Failed-only triggers (CData Sync, Database Ingestion) fire once for a job that failed and then succeeded
 *      between two polls. CData Sync shows the failed run (its history); Database Ingestion's API shows only the
 *      latest run, so the re-run there is a resume (which follows only a failed, stopped or aborted run) and the item
 *      says runs may have been missed (docs/triggers.md: a plain start after an unseen run cannot be detected).
 *   3. Cancelling a running start-and-wait through n8n's REST API sends one stop call for that job (Stop the Job When
 *      the Execution Is Cancelled, on by default) and the execution ends cancelled.
 * Workflows: examples/webhook-*.json and examples/trigger-*-failed-only.json.
 */
import { CDATA_SYNC, FAMILY, INFORMATICA } from '../../sandbox/core/constants';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { adaptToSandbox, EXAMPLES, importWorkflows, readExample, sandboxCredentials, WEBHOOK_PATHS } from '../../scripts/lib/examples';
import { createInstance, type ExecutionSummary, type Json, N8nInstance, packPackage, removePacked, type PackedPackage } from '../../scripts/n8n/n8n';
import { assertDistBuilt } from './builtPackage';

const DI_JOB = 15;
const DI_TASK = 'orders_oracle_to_snowflake_initial';
const CDATA_JOB = 'SalesforceToSnowflake';
/** Long enough to outlive a kill and a restart of n8n (8-19 s until ready, over 60 s seen on a busy machine). */
const LONG_RUN_MS = 150_000;
/** The triggers poll at these seconds of every minute (n8n wants each cron entry to be at least a minute apart). */
const POLL_SECONDS = 15;

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Json }> | null> }; error?: Json }>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pollEvery(workflow: Json, seconds: number): Json {
	const nodes = (workflow.nodes as Array<{ parameters: Json }>).map((node) =>
		node.parameters.pollTimes
			? {
					...node,
					parameters: {
						...node.parameters,
						pollTimes: { item: Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom', cronExpression: `${i * seconds} * * * * *` })) },
					},
				}
			: node,
	);
	return { ...workflow, nodes };
}

describe('one run per start in n8n 2.41.1: crash and re-run, triggers between polls, cancel', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let packed: PackedPackage | undefined;
	const ids: Record<'di' | 'cdata' | 'cdataTrigger' | 'diTrigger', string> = { di: '', cdata: '', cdataTrigger: '', diTrigger: '' };

	beforeAll(async () => {
		assertDistBuilt();
		sandbox = await startSandbox({ runTimeMs: 1_000 });
		packed = packPackage();
		n8n = await createInstance({ packTgz: packed, logLevel: 'info' });
		await n8n.importCredentials(sandboxCredentials(sandbox.url));
		const workflows = [
			readExample(EXAMPLES.webhookDatabaseIngestion),
			readExample(EXAMPLES.webhookCDataSync),
			pollEvery(readExample(EXAMPLES.triggerCDataSyncFailedOnly), POLL_SECONDS),
			pollEvery(readExample(EXAMPLES.triggerDatabaseIngestionFailedOnly), POLL_SECONDS),
		].map((workflow) => adaptToSandbox(workflow, sandbox));
		[ids.di, ids.cdata, ids.cdataTrigger, ids.diTrigger] = await importWorkflows(n8n, workflows);
		// Published before start: n8n registers the webhooks and the pollers at boot.
		for (const id of Object.values(ids)) await n8n.publish(id);
		await n8n.start();
		console.log(`n8n start until ready: ${n8n.startMs} ms`);
	});

	afterAll(async () => {
		await n8n?.dispose();
		removePacked(packed);
		await sandbox?.close();
	});

	const starts = () => sandbox.counters.snapshot().starts;
	const requests = () => sandbox.counters.snapshot().requests;
	const cdataJobId = () =>
		(sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((job) => job.name === CDATA_JOB)!.id;
	const diStatus = () =>
		(sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((job) => job.jobId === DI_JOB)!.status;
	const cdataStatus = () =>
		(sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ name: string; status: { status: string } }> }).jobs.find((job) => job.name === CDATA_JOB)!.status.status;

	/** Waits until neither job has a run going (a run of an earlier test that went on, e.g. after a failed attach). */
	async function jobsIdle(): Promise<void> {
		await until('no run of either job going', () => !/^(starting|running|stopping)/.test(diStatus()) && !/^(Starting|Running)$/.test(cdataStatus()), LONG_RUN_MS + 30_000);
	}

	async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${n8n.serverLogTail(30)}`);
			await sleep(200);
		}
	}

	/** The first item (or the error) of a node in a finished execution. */
	async function nodeResult(executionId: string, node: string): Promise<{ json?: Json; error?: Json }> {
		const execution = await n8n.getExecution(executionId);
		const resultData = execution.data.resultData as { runData: RunData; error?: Json };
		const run = resultData.runData[node]?.[0];
		return { json: run?.data?.main?.[0]?.[0]?.json, error: run?.error ?? resultData.error };
	}

	function summary(execution: ExecutionSummary, result: { json?: Json; error?: Json }): Json {
		const message = result.error?.message ?? result.error?.description;
		return { status: execution.status, ...(message ? { error: message } : {}) };
	}

	// The vendors' own APIs, as another client (a scheduler, a person) would start jobs.
	async function vendor(method: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> {
		const response = await fetch(`${sandbox.url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text}`);
		return JSON.parse(text) as Json;
	}
	async function startDatabaseIngestionJob(): Promise<void> {
		const login = await vendor('POST', INFORMATICA.loginPathV2, { '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password });
		await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/start`, { jobId: String(DI_JOB) }, { icSessionId: String(login.icSessionId) });
	}
	async function resumeDatabaseIngestionJob(): Promise<void> {
		const login = await vendor('POST', INFORMATICA.loginPathV2, { '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password });
		await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/resume`, { jobId: String(DI_JOB) }, { icSessionId: String(login.icSessionId) });
	}
	async function executeCDataJob(): Promise<void> {
		await vendor('POST', `${CDATA_SYNC.v2Prefix}/jobs/${cdataJobId()}/execute`, {}, { 'x-cdata-authtoken': CDATA_SYNC.token });
	}

	test('kill -9 of n8n start mid-wait, restart on the same folder, re-run by webhook: both succeed, one start each', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: DI_TASK, outcome: 'success', runTimeMs: LONG_RUN_MS });
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: CDATA_JOB, outcome: 'success', runTimeMs: LONG_RUN_MS });
		const diKey = `${FAMILY.informaticaDbmi}:${DI_JOB}`;
		const cdataKey = `${FAMILY.cdataSync}:${cdataJobId()}`;
		const startsBefore = starts();
		const startsSince = (key: string) => (starts()[key] ?? 0) - (startsBefore[key] ?? 0);

		const killedDi = await n8n.startByWebhook(ids.di, WEBHOOK_PATHS.databaseIngestion);
		const killedCData = await n8n.startByWebhook(ids.cdata, WEBHOOK_PATHS.cdataSync);
		await until('both jobs running in the sandbox', () => diStatus() === 'running' && cdataStatus() === 'Running');
		await sleep(2_000); // both nodes are in their wait loops now
		expect([await n8n.executionStatus(killedDi), await n8n.executionStatus(killedCData)]).toEqual(['running', 'running']);
		expect([startsSince(diKey), startsSince(cdataKey)]).toEqual([1, 1]);

		const killedAt = Date.now();
		await n8n.kill();
		await n8n.start();
		console.log(`kill -9, then n8n start on the same folder until ready: ${Date.now() - killedAt} ms (start ${n8n.startMs} ms)`);
		expect([diStatus(), cdataStatus()]).toEqual(['running', 'Running']); // the runs went on meanwhile

		const [diAgain, cdataAgain] = await Promise.all([
			n8n.runByWebhook(ids.di, WEBHOOK_PATHS.databaseIngestion, {}, { timeoutMs: LONG_RUN_MS + 60_000 }),
			n8n.runByWebhook(ids.cdata, WEBHOOK_PATHS.cdataSync, {}, { timeoutMs: LONG_RUN_MS + 60_000 }),
		]);
		const diNode = await nodeResult(diAgain.id, 'Informatica: start ingestion job and wait');
		const cdataNode = await nodeResult(cdataAgain.id, 'CData Sync: execute job and wait');
		console.log(`re-run outputs:\n  Database Ingestion ${JSON.stringify(diNode).slice(0, 800)}\n  CData Sync ${JSON.stringify(cdataNode).slice(0, 800)}`);

		// What n8n made of the executions it was running when it was killed.
		const killed = { databaseIngestion: await n8n.executionStatus(killedDi), cdataSync: await n8n.executionStatus(killedCData) };
		console.log(`status n8n gives the killed executions after the restart: ${JSON.stringify(killed)}`);

		expect({
			databaseIngestion: { ...summary(diAgain, diNode), starts: startsSince(diKey) },
			cdataSync: { ...summary(cdataAgain, cdataNode), starts: startsSince(cdataKey) },
		}).toEqual({
			databaseIngestion: { status: 'success', starts: 1 },
			cdataSync: { status: 'success', starts: 1 },
		});
		expect(diNode.json).toMatchObject({ outcome: 'succeeded' });
		expect(cdataNode.json).toMatchObject({ outcome: 'succeeded' });
		expect(killed).toEqual({ databaseIngestion: 'crashed', cdataSync: 'crashed' });
	}, LONG_RUN_MS + 300_000);

	test('failed-only triggers fire once for a job that failed and then succeeded between two polls', async () => {
		await jobsIdle();
		const baseline = { cdata: (await n8n.listExecutions(ids.cdataTrigger)).length, di: (await n8n.listExecutions(ids.diTrigger)).length };
		// Just after a poll (polls run at every POLL_SECONDS of the clock): the whole fail-then-succeed fits before the next.
		const msIntoWindow = () => Date.now() % (POLL_SECONDS * 1000);
		await sleep(POLL_SECONDS * 1000 - msIntoWindow() + 2_000);
		const windowStart = Date.now();

		sandbox.scripts.add({ family: FAMILY.cdataSync, key: CDATA_JOB, outcome: 'failure', message: '[500] Could not connect to Snowflake.', runTimeMs: 300 });
		sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: DI_TASK, outcome: 'failure', message: 'ORA-00942: table or view does not exist', runTimeMs: 300 });
		await executeCDataJob();
		await startDatabaseIngestionJob();
		await until('both failed', () => cdataStatus() === 'Failed' && diStatus() === 'failed', 5_000);
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: CDATA_JOB, outcome: 'success', runTimeMs: 300 });
		sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: DI_TASK, outcome: 'success', runTimeMs: 300 });
		await executeCDataJob();
		await resumeDatabaseIngestionJob();
		await until('both succeeded', () => cdataStatus() === 'Successful' && diStatus() === 'completed', 5_000);
		const used = Date.now() - windowStart;
		console.log(`failed, then succeeded, within ${used} ms after a poll (polls every ${POLL_SECONDS} s)`);
		expect(used).toBeLessThan(POLL_SECONDS * 1000 - 3_000);

		// Two more polls: the one that sees the change, and one that must add nothing.
		await sleep(2 * POLL_SECONDS * 1000 + 3_000);
		const fired: Record<string, Json[]> = {};
		for (const [name, id] of [['cdataSync', ids.cdataTrigger], ['databaseIngestion', ids.diTrigger]] as const) {
			const all = await n8n.listExecutions(id); // newest first
			const executions = all.slice(0, all.length - baseline[name === 'cdataSync' ? 'cdata' : 'di']);
			fired[name] = [];
			for (const execution of executions.reverse()) {
				const alert = await nodeResult(execution.id, 'Shape alert');
				const item = (await nodeResult(execution.id, 'On failed run')).json;
				fired[name].push({
					status: execution.status,
					outcome: alert.json?.outcome,
					error: alert.json?.error,
					...(item?.runsMayHaveBeenMissed !== undefined ? { runsMayHaveBeenMissed: item.runsMayHaveBeenMissed } : {}),
				});
			}
		}
		console.log(`trigger executions after the fail-then-succeed: ${JSON.stringify(fired)}`);
		expect(fired).toEqual({
			cdataSync: [{ status: 'success', outcome: 'failed', error: expect.stringContaining('Could not connect') }],
			databaseIngestion: [{ status: 'success', outcome: expect.any(String), error: expect.any(String), runsMayHaveBeenMissed: true }],
		});
	});

	test('cancelling a running start-and-wait through REST sends one stop call and the execution ends cancelled', async () => {
		await jobsIdle();
		sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: DI_TASK, outcome: 'stuck' });
		const stopRoute = `POST ${INFORMATICA.dbmiPrefix}/job/stop`;
		const stopCallsBefore = requests()[stopRoute] ?? 0;

		const id = await n8n.startByWebhook(ids.di, WEBHOOK_PATHS.databaseIngestion);
		await until('the job running in the sandbox', () => diStatus() === 'running');
		await sleep(2_000);
		expect(await n8n.executionStatus(id)).toBe('running');

		await n8n.stopExecution(id);
		const ended = await n8n.waitForExecution(id, { timeoutMs: 30_000 });
		await sleep(5_000); // a stop sent late, or twice, would show by now
		const node = await nodeResult(id, 'Informatica: start ingestion job and wait');
		console.log(`cancelled execution: status ${ended.status}; node ${JSON.stringify(node).slice(0, 600)}; sandbox job ${diStatus()}`);

		expect({ execution: ended.status, stopCalls: (requests()[stopRoute] ?? 0) - stopCallsBefore, job: diStatus() }).toEqual({
			execution: 'canceled',
			stopCalls: 1,
			job: expect.stringMatching(/^(stopping|stopped)$/),
		});
	});
});

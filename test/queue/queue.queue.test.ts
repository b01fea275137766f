/**
 * The package in n8n 2.41.1 queue mode: Postgres 15 (private cluster), Redis, one main, two workers
 * (`--concurrency 5`) and one webhook processor, each with the package installed in its own ~/.n8n/nodes, against
 * the sandbox in this process. Which worker ran an execution comes from the worker's own log line
 * "Worker started execution <id> (job <n>)"; Informatica logins are attributed to processes by a TCP tap on the login
 * URL (loginTap.ts).
 *
 * The chain run here is the ETL chain's shape (start-and-wait steps one after the other) on Data Integration mapping
 * tasks made for the test, one pair per execution, so that every execution's starts are its own and can be counted.
 */
import { CDATA_SYNC, FAMILY, INFORMATICA } from '../../sandbox/core/constants';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { informaticaSession, seedDiTasks } from '../../bench/lib/sandboxApi';
import { adaptToSandbox, EXAMPLES, readExample, sandboxCredentials } from '../../scripts/lib/examples';
import { type Json, packPackage, removePacked, type PackedPackage } from '../../scripts/n8n/n8n';
import { startQueueCluster, type QueueCluster } from '../../scripts/n8n/queue';
import { assertDistBuilt } from '../e2e/builtPackage';
import { startLoginTap, type LoginTap } from './loginTap';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const INFORMATICA_CRED = { informaticaIdmcApi: { id: 'sbxInformatica001', name: 'Informatica IDMC (sandbox)' } };
const POLL_SECONDS = 5;
const figures: string[] = [];

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Json }> | null> }; error?: Json }>>;

function diStart(name: string, task: string, position: number, extra: Json = {}): Json {
	return {
		id: `n-${name.replace(/\W/g, '')}`,
		name,
		type: 'n8n-nodes-data-replication.informaticaIdmc',
		typeVersion: 1,
		position: [position, 0],
		parameters: {
			resource: 'dataIntegrationJob',
			operation: 'start',
			taskType: 'MTT',
			task: { __rl: true, mode: 'name', value: task },
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: 1, timeoutSeconds: 600, failOnJobFailure: true },
			...extra,
		},
		credentials: INFORMATICA_CRED,
	};
}

function webhookNode(webhookPath: string): Json {
	return { id: 'n-webhook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: webhookPath, parameters: { httpMethod: 'POST', path: webhookPath, options: {} } };
}

/** Webhook -> start task <body.task>_a and wait -> start task <body.task>_b and wait -> Set. */
function chainWorkflow(id: string, webhookPath: string): Json {
	return {
		id,
		name: `queue chain ${webhookPath}`,
		nodes: [
			webhookNode(webhookPath),
			diStart('Start A', "={{ $json.body.task + '_a' }}", 200),
			diStart('Start B', "={{ $('Webhook').item.json.body.task + '_b' }}", 400),
			{ id: 'n-done', name: 'Chain succeeded', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [600, 0], parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a1', name: 'result', value: "={{ $('Start A').item.json.outcome + '/' + $json.outcome }}", type: 'string' }] }, options: {} } },
		],
		connections: {
			Webhook: { main: [[{ node: 'Start A', type: 'main', index: 0 }]] },
			'Start A': { main: [[{ node: 'Start B', type: 'main', index: 0 }]] },
			'Start B': { main: [[{ node: 'Chain succeeded', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook -> DI start (callback URL = $execution.resumeUrl, no wait) -> Wait On Webhook Call -> Get Status. */
function callbackWorkflow(id: string): Json {
	return {
		id,
		name: 'queue DI callback wait',
		nodes: [
			webhookNode('queue-di-callback'),
			{ ...diStart('Start with callback', 'q_callback_0', 200, { waitForCompletion: false, callbackUrl: '={{ $execution.resumeUrl }}' }) },
			{ id: 'n-wait', name: 'Wait for callback', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [400, 0], webhookId: 'queue-di-callback-wait', parameters: { resume: 'webhook', httpMethod: 'POST', options: {} } },
			{
				id: 'n-status',
				name: 'Get Status',
				type: 'n8n-nodes-data-replication.informaticaIdmc',
				typeVersion: 1,
				position: [600, 0],
				parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: "={{ $('Start with callback').item.json.taskId }}", runId: "={{ $('Start with callback').item.json.runId }}" },
				credentials: INFORMATICA_CRED,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Start with callback', type: 'main', index: 0 }]] },
			'Start with callback': { main: [[{ node: 'Wait for callback', type: 'main', index: 0 }]] },
			'Wait for callback': { main: [[{ node: 'Get Status', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function pollEvery(workflow: Json, seconds: number): Json {
	const nodes = (workflow.nodes as Array<{ parameters: Json }>).map((node) =>
		node.parameters.pollTimes
			? { ...node, parameters: { ...node.parameters, pollTimes: { item: Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom', cronExpression: `${i * seconds} * * * * *` })) } } }
			: node,
	);
	return { ...workflow, nodes };
}

describe('n8n 2.41.1 queue mode: main, 2 workers, webhook processor, Postgres, Redis', () => {
	let sandbox: Sandbox;
	let tap: LoginTap;
	let cluster: QueueCluster;
	let packed: PackedPackage | undefined;
	let session: string;
	const ids = { chain: 'qChain0000000001', fig2: 'qChainFig2W00001', fig1: 'qChainFig1W00001', long: 'qChainLong000001', callback: 'qDiCallback00001', trigger: '' };
	let groups: Record<number, string> = {};

	beforeAll(async () => {
		assertDistBuilt();
		const started = Date.now();
		sandbox = await startSandbox({ runTimeMs: 500 });
		tap = await startLoginTap({ port: sandbox.port }, () => groups);
		packed = packPackage();
		const credentials = sandboxCredentials(sandbox.url).map((credential) =>
			credential.type === 'informaticaIdmcApi' ? { ...credential, data: { ...(credential.data as Json), customLoginUrl: tap.url } } : credential,
		);
		const trigger = pollEvery(adaptToSandbox(readExample(EXAMPLES.triggerCDataSync), sandbox), POLL_SECONDS);
		ids.trigger = String(trigger.id);
		cluster = await startQueueCluster({ packTgz: packed, workers: 2, concurrency: 5, webhook: true }, async (main) => {
			await main.importCredentials(credentials);
			for (const workflow of [
				chainWorkflow(ids.chain, 'queue-chain'),
				chainWorkflow(ids.fig2, 'queue-fig2'),
				chainWorkflow(ids.fig1, 'queue-fig1'),
				{ ...chainWorkflow(ids.long, 'queue-long'), nodes: [webhookNode('queue-long'), diStart('Start A', '={{ $json.body.task }}', 200)], connections: { Webhook: { main: [[{ node: 'Start A', type: 'main', index: 0 }]] } } },
				callbackWorkflow(ids.callback),
				trigger,
			]) {
				await main.importWorkflow(workflow);
				await main.publish(String(workflow.id));
			}
		});
		groups = cluster.groups();
		session = await informaticaSession(sandbox);
		await seedDiTasks(sandbox, session, 1, 'q_long');
		await seedDiTasks(sandbox, session, 1, 'q_callback');
		console.log(`cluster up in ${Date.now() - started} ms: ${JSON.stringify(cluster.times)}`);
	}, 600_000);

	afterAll(async () => {
		await cluster?.dispose();
		await tap?.close();
		removePacked(packed);
		await sandbox?.close();
		if (figures.length) console.log(`queue-mode figures:\n${figures.join('\n')}`);
	}, 120_000);

	const main = () => cluster.main;

	/** POSTs to a production webhook (main or webhook processor), retrying the "not registered" of the first seconds. */
	async function callWebhook(base: string, webhookPath: string, body: Json): Promise<void> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const response = await fetch(`${base}/webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			const text = await response.text();
			if (response.ok) return;
			if (response.status !== 404 || Date.now() > deadline) throw new Error(`webhook ${webhookPath}: HTTP ${response.status} ${text}`);
			await sleep(500);
		}
	}

	async function finished(workflowId: string, count: number, timeoutMs = 180_000): Promise<Array<{ id: string; status: string }>> {
		return await main().waitForExecutions(workflowId, { count, timeoutMs, intervalMs: 250 });
	}

	async function nodeJson(executionId: string, node: string): Promise<Json | undefined> {
		const execution = await main().getExecution(executionId);
		const runData = (execution.data.resultData as { runData: RunData }).runData;
		return runData[node]?.[0]?.data?.main?.[0]?.[0]?.json;
	}

	const diStarts = () => Object.entries(sandbox.counters.snapshot().starts).filter(([key]) => key.startsWith(`${FAMILY.informaticaDataIntegration}:`));

	/** Queues `runs` chained executions at once; returns the wall time until all finished, and the executions. */
	async function queueChains(workflowId: string, webhookPath: string, prefix: string, runs: number) {
		const names = Array.from({ length: runs }, (_, i) => `${prefix}${i}`);
		for (const suffix of ['a', 'b']) {
			await Promise.all(names.map((name) => fetch(`${sandbox.url}${INFORMATICA.v2Prefix}/mttask`, { method: 'POST', headers: { 'content-type': 'application/json', icSessionId: session }, body: JSON.stringify({ '@type': 'mtTask', name: `${name}_${suffix}` }) })));
		}
		const before = new Set((await main().listExecutions(workflowId)).map((e) => e.id));
		sandbox.counters.reset();
		tap.reset();
		const started = Date.now();
		await Promise.all(names.map((task) => callWebhook(main().baseUrl, webhookPath, { task })));
		// 1.7 s per chain was seen with 1 worker; 5 s each leaves room for a busy machine.
		const executions = (await finished(workflowId, before.size + runs, Math.max(180_000, runs * 5_000))).filter((e) => !before.has(e.id));
		return { wallMs: Date.now() - started, executions, names };
	}

	test('1. 20 chained executions queued at once run on the workers (both), all succeed, each task started once', async () => {
		const { wallMs, executions } = await queueChains(ids.chain, 'queue-chain', 'q1_', 20);
		expect(executions.map((e) => e.status)).toEqual(Array(20).fill('success'));
		const ranOn = executions.map((e) => cluster.workerOf(e.id));
		for (const workers of ranOn) expect(workers).toHaveLength(1);
		const perWorker = ranOn.flat().reduce<Record<string, number>>((acc, w) => ({ ...acc, [w]: (acc[w] ?? 0) + 1 }), {});
		console.log(`test 1: 20 chains in ${wallMs} ms, per worker ${JSON.stringify(perWorker)}`);
		expect(Object.keys(perWorker).sort()).toEqual(['worker1', 'worker2']);
		// The main only enqueued them: it logged no execution of its own.
		for (const e of executions) expect(main().serverLogTail(100_000)).not.toMatch(new RegExp(`Worker started execution ${e.id} `));
		expect(diStarts()).toHaveLength(40);
		for (const [, count] of diStarts()) expect(count).toBe(1);
		expect(await nodeJson(executions[0].id, 'Chain succeeded')).toMatchObject({ result: 'succeeded/succeeded' });
	});

	test('5. Informatica logins: at most one per credential per n8n process', () => {
		const logins = tap.logins();
		console.log(`test 5: Informatica logins during test 1 by process: ${JSON.stringify(logins)}; sandbox counted ${sandbox.counters.snapshot().logins}`);
		figures.push(`Informatica logins during 20 queued chains: ${JSON.stringify(logins)}`);
		for (const [, count] of Object.entries(logins)) expect(count).toBeLessThanOrEqual(1);
		expect(logins.unknown).toBeUndefined();
	});

	test('4. a webhook-started chain through the webhook processor, and a parked Data Integration wait resumed through it', async () => {
		await Promise.all(['a', 'b'].map((s) => fetch(`${sandbox.url}${INFORMATICA.v2Prefix}/mttask`, { method: 'POST', headers: { 'content-type': 'application/json', icSessionId: session }, body: JSON.stringify({ '@type': 'mtTask', name: `q4_${s}` }) })));
		const before = (await main().listExecutions(ids.chain)).length;
		await callWebhook(cluster.webhookUrl, 'queue-chain', { task: 'q4' });
		const executions = await finished(ids.chain, before + 1, 60_000);
		const newest = executions[0];
		expect(newest.status).toBe('success');
		expect(cluster.workerOf(newest.id)).toHaveLength(1);
		expect(cluster.webhook!.log).not.toMatch(new RegExp(`Worker started execution ${newest.id} `));

		sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: 'q_callback_0', outcome: 'success', runTimeMs: 4_000 });
		await callWebhook(cluster.webhookUrl, 'queue-di-callback', {});
		const [parked] = await finished(ids.callback, 1, 90_000);
		expect(parked.status).toBe('success');
		const state = JSON.stringify(sandbox.state(FAMILY.informaticaDataIntegration));
		expect(state).toContain(`${cluster.webhookUrl}/webhook-waiting/${parked.id}`);
		expect(await nodeJson(parked.id, 'Get Status')).toMatchObject({ outcome: 'succeeded' });
		console.log(`test 4: chain via webhook processor ${newest.id} on ${cluster.workerOf(newest.id)}; callback wait ${parked.id} resumed via ${cluster.webhookUrl}, ran on ${cluster.workerOf(parked.id)}`);
	});

	test('2. the CData Sync trigger polls on the main only; each transition fires once across the cluster, also after a restart of the main', async () => {
		const job = (name: string) => (sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === name)!;
		const startRun = async (name: string) => {
			const response = await fetch(`${sandbox.url}${CDATA_SYNC.v2Prefix}/jobs/${job(name).id}/execute`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cdata-authtoken': CDATA_SYNC.token }, body: '{}' });
			expect(response.ok).toBe(true);
		};
		const settle = async (count: number) => {
			if (count > 0) await finished(ids.trigger, count, 60_000);
			await sleep(3 * POLL_SECONDS * 1000);
			const executions = await main().listExecutions(ids.trigger);
			expect(executions).toHaveLength(count);
			for (const e of executions) {
				expect(e).toMatchObject({ mode: 'trigger', status: 'success' });
				expect(cluster.workerOf(e.id)).toHaveLength(1);
			}
			return executions;
		};
		await sleep(2 * POLL_SECONDS * 1000);
		const baseline = (await main().listExecutions(ids.trigger)).length;
		expect(baseline).toBe(0);
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'SalesforceToSnowflake', outcome: 'failure', message: '[500] Could not connect to Snowflake.' });
		await startRun('SalesforceToSnowflake');
		await settle(1);
		await startRun('HubSpotToPostgres'); // succeeds: not watched by the example
		await settle(1);

		await main().stop();
		const restarted = Date.now();
		await main().start();
		groups = cluster.groups();
		console.log(`test 2: main restarted in ${Date.now() - restarted} ms`);
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'HubSpotToPostgres', outcome: 'failure', message: 'Table [Owners]: permission denied.' });
		await startRun('HubSpotToPostgres');
		const all = await settle(2);
		console.log(`test 2: trigger executions ${all.map((e) => `${e.id} on ${cluster.workerOf(e.id)}`).join(', ')}`);
	});

	test('3. a worker killed (kill -9) mid start-and-wait: what n8n does with it, and a re-run attaches to the running job', async () => {
		const key = 'q_long_0';
		sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key, outcome: 'success', runTimeMs: 45_000 });
		sandbox.counters.reset();
		const id = await main().startByWebhook(ids.long, 'queue-long', { task: key });
		const deadline = Date.now() + 60_000;
		while (!(diStarts().length === 1 && cluster.workerOf(id).length === 1)) {
			if (Date.now() > deadline) throw new Error(`execution ${id} did not start the job on a worker`);
			await sleep(200);
		}
		await sleep(3_000); // a few status polls into the wait
		const victimName = cluster.workerOf(id)[0];
		const victim = cluster.workers.find((w) => w.name === victimName)!;
		const killedAt = Date.now();
		await victim.kill();
		console.log(`test 3: killed ${victimName} (kill -9) running execution ${id}`);

		// A re-run (the same webhook again) lands on the surviving worker and attaches to the run still going.
		const rerun = await main().startByWebhook(ids.long, 'queue-long', { task: key });
		const rerunDone = await main().waitForExecution(rerun, { timeoutMs: 120_000 });
		expect(rerunDone.status).toBe('success');
		expect(await nodeJson(rerun, 'Start A')).toMatchObject({ outcome: 'succeeded', attached: true });
		expect(diStarts().map(([, count]) => count)).toEqual([1]);

		// What n8n does with the killed worker's execution (the job's lock expires; maxStalledCount 0: failed, not re-queued).
		const statuses: string[] = [];
		let final = '';
		while (Date.now() - killedAt < 200_000) {
			final = await main().executionStatus(id);
			if (statuses[statuses.length - 1] !== final) statuses.push(`${final}@${Math.round((Date.now() - killedAt) / 1000)}s`);
			if (!['new', 'running', 'waiting'].includes(final)) break;
			await sleep(2_000);
		}
		const ranAgain = cluster.workerOf(id).filter((w) => w !== victimName);
		console.log(`test 3: killed execution ${id}: ${statuses.join(' -> ')}; picked up by another worker: ${ranAgain.length ? ranAgain : 'no'}`);
		figures.push(`killed worker's execution: ${statuses.join(' -> ')}, re-queued to another worker: ${ranAgain.length ? 'yes' : 'no'}`);
		expect(ranAgain).toEqual([]);
		expect(['error', 'crashed']).toContain(final);
		expect(diStarts()[0][1]).toBe(1);
		await cluster.addWorker('worker3');
		groups = cluster.groups();
	});

	const FIGURE_JOB_MS = 4_000;

	test('figures: 100 queued chains with 2 workers, then 1 worker: wall time ratio and vendor requests per run', async () => {
		const live = cluster.workers.filter((w) => w.pid);
		expect(live.length).toBeGreaterThanOrEqual(2);
		// Jobs of 4 s, so that the worker slots (5 per worker), not this machine's two cores, bound the wall time (with
		// 2 s jobs the ratio was 1.61x here: n8n's own work per execution, on 2 cores, took a share of it).
		sandbox.config.set({ runTimeMs: FIGURE_JOB_MS });
		// Warm-up, not measured: a worker started in test 3 has not yet loaded the package nor logged in to Informatica.
		const warm = await queueChains(ids.chain, 'queue-chain', 'w_', 10);
		expect(warm.executions.filter((e) => e.status === 'success')).toHaveLength(10);
		const two = await queueChains(ids.fig2, 'queue-fig2', 'f2_', 100);
		const twoRequests = sandbox.counters.snapshot().total;
		expect(two.executions.filter((e) => e.status === 'success')).toHaveLength(100);
		expect(diStarts()).toHaveLength(200);

		for (const extra of live.slice(1)) await extra.stop();
		const one = await queueChains(ids.fig1, 'queue-fig1', 'f1_', 100);
		const oneRequests = sandbox.counters.snapshot().total;
		expect(one.executions.filter((e) => e.status === 'success')).toHaveLength(100);
		expect(diStarts()).toHaveLength(200);
		const ratio = one.wallMs / two.wallMs;
		const lines = [
			`100 queued chains (2 start-and-waits each, jobs of ${FIGURE_JOB_MS / 1000} s), concurrency 5 per worker:`,
			`  1 worker:  ${(one.wallMs / 1000).toFixed(1)} s, ${(oneRequests / 100).toFixed(1)} vendor requests per run`,
			`  2 workers: ${(two.wallMs / 1000).toFixed(1)} s, ${(twoRequests / 100).toFixed(1)} vendor requests per run`,
			`  ratio 1 worker / 2 workers: ${ratio.toFixed(2)}x`,
		];
		console.log(lines.join('\n'));
		figures.push(...lines);
		// The goal is at least 1.7x with 2 workers; it is reported (met or not) rather than failing the suite, since
		// the wall time also depends on what else the machine runs. The second worker must still help clearly.
		const goal = `  goal >= 1.7x: ${ratio >= 1.7 ? 'met' : 'not met'}`;
		console.log(goal);
		figures.push(goal);
		expect(ratio).toBeGreaterThanOrEqual(1.3);
		expect(Math.abs(oneRequests - twoRequests) / twoRequests).toBeLessThan(0.1);
		// 210 chains of two 4 s jobs: about 290 s on a quiet 2-core machine (warm-up 15 s, 2 workers 97 s, 1 worker 174 s),
		// more on a busy one; the suite's 300 s per test cut it off in CI once.
	}, 900_000);
});

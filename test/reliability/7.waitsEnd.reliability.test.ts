/**
 * Scenario 7: waits end. For each vendor's start-and-wait: a job stuck in a state the package does not know, a status
 * route that keeps failing, n8n's cancel signal, and cancel-on-timeout. Each wait must end within its configured
 * bound with a clear outcome; cancel-on-timeout must stop the job.
 */
import { WorkflowExecute } from 'n8n-core';
import type { INode, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { N8nHarness } from '../harness/n8n';
import { cdataJob, type Env, FAMILY, figure, ORDERS, rl, RM_PROJECT, rmCreateParams, routeCount, useScenarioEnv } from './support';

const TIMEOUT_S = 1.5;
const SLACK_S = 1.5;

interface Vendor {
	name: string;
	type: string;
	family: string;
	/** The script key that makes the next run stuck. */
	scriptKey(env: Env): string;
	start(env: Env): INodeParameters;
	/** Path fragment of the status reads (a regex). */
	statusPath: string;
	/** Counter keys of the stop/cancel call. */
	isStop(key: string): boolean;
	/** Forces the running job into a state the package does not know. */
	forceUnknown(env: Env): boolean;
}

const VENDORS: Vendor[] = [
	{
		name: 'informatica DI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDataIntegration,
		scriptKey: () => ORDERS,
		start: () => ({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) }),
		statusPath: '/\\/activity\\//',
		isStop: (k) => k === 'POST /saas/api/v2/job/stop',
		forceUnknown(env) {
			const runs = (env.sandbox.state(FAMILY.informaticaDataIntegration) as { runs: Array<{ taskId: string; runId: number; state: string }> }).runs;
			const run = runs.find((r) => r.taskId === ORDERS && r.state === 'RUNNING');
			if (!run) return false;
			env.sandbox.transition(FAMILY.informaticaDataIntegration, `${ORDERS}:${run.runId}`, 'SUSPENDED_BY_ADMIN');
			return true;
		},
	},
	{
		name: 'informatica DBMI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDbmi,
		scriptKey: () => '15',
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', waitUntil: 'finished' }),
		statusPath: '/\\/job\\/status/',
		isStop: (k) => k.endsWith('/job/stop'),
		forceUnknown(env) {
			const job = (env.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((j) => j.jobId === 15);
			if (job?.status !== 'running') return false;
			env.sandbox.transition(FAMILY.informaticaDbmi, '15', 'hibernating');
			return true;
		},
	},
	{
		name: 'cdata sync',
		type: 'cDataSync',
		family: FAMILY.cdataSync,
		scriptKey: cdataJob,
		start: (env) => ({ resource: 'job', operation: 'execute', job: rl(cdataJob(env)) }),
		statusPath: '/\\/status/',
		isStop: (k) => k.endsWith('/cancel'),
		forceUnknown(env) {
			const job = (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; status: { status: string } }> }).jobs.find((j) => j.id === cdataJob(env));
			if (job?.status.status !== 'Running') return false;
			env.sandbox.transition(FAMILY.cdataSync, job.id, 'Throttled');
			return true;
		},
	},
	{
		name: 'relational migrator',
		type: 'mongoDbRelationalMigrator',
		family: FAMILY.relationalMigrator,
		scriptKey: () => RM_PROJECT,
		start: () => rmCreateParams({ waitGoal: 'finished' }),
		statusPath: '/\\/api\\/v1\\/jobs\\/[^/]+$/',
		isStop: (k) => k.endsWith('/stop'),
		forceUnknown(env) {
			const job = (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string; status: string }> }).jobs.find((j) => j.status === 'RUNNING');
			if (!job) return false;
			env.sandbox.transition(FAMILY.relationalMigrator, job.id, 'QUARANTINED/NOT_STARTED');
			return true;
		},
	},
];

/** The harness's runNode, keeping n8n's cancellable run so the test can cancel it as the editor's Stop button does. */
function startCancellable(harness: N8nHarness, type: string, parameters: INodeParameters) {
	const h = harness as unknown as { nodeUnderTest(type: string, p: INodeParameters): INode; nodeTypesProvider: never };
	const node = h.nodeUnderTest(type, parameters);
	const input: INode = { id: 'input', name: 'Input', type: 'harness.input', typeVersion: 1, position: [0, 0], parameters: { items: '[{}]' } };
	const workflow = new Workflow({ id: 'w', name: 'cancel', nodes: [input, node], connections: { Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] } }, active: false, nodeTypes: h.nodeTypesProvider, staticData: {} });
	return new WorkflowExecute(harness.additionalData('manual'), 'manual').run({ workflow, startNode: input, destinationNode: { nodeName: node.name, mode: 'inclusive' } } as never);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('7 waits end: unknown states, failing status reads, cancel, cancel-on-timeout', () => {
	const env = useScenarioEnv();

	const waitParams = (v: Vendor, extra: Record<string, unknown> = {}) => ({ ...v.start(env), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05, timeoutSeconds: TIMEOUT_S, ...extra } });

	describe.each(VENDORS.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		it('stuck in an unknown state: the wait times out at its bound and names the state', async () => {
			env.sandbox.scripts.add({ family: v.family, key: v.scriptKey(env), outcome: 'stuck', times: 1 });
			const started = Date.now();
			const running = env.harness.runNode({ type: v.type, parameters: waitParams(v) });
			let forced = false;
			while (!forced && Date.now() - started < TIMEOUT_S * 1000) {
				await sleep(20);
				forced = v.forceUnknown(env);
			}
			const result = await running;
			const seconds = (Date.now() - started) / 1000;
			figure({ scenario: 7, title: 'waits end', subject: `${v.name} unknown state`, values: { forcedUnknown: forced, end: result.error?.name ?? 'output', boundS: TIMEOUT_S }, seconds });
			expect(forced).toBe(true);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(/Timed out after 1.5s/);
			expect(result.error?.description).toMatch(/Last status: .*left running/);
			expect(seconds).toBeLessThan(TIMEOUT_S + SLACK_S);
		});

		it('cancel-on-timeout: a job that never ends is stopped when the wait times out', async () => {
			env.sandbox.scripts.add({ family: v.family, key: v.scriptKey(env), outcome: 'stuck', times: 1 });
			const started = Date.now();
			const result = await env.harness.runNode({ type: v.type, parameters: waitParams(v, { cancelOnTimeout: true, failOnJobFailure: false }) });
			const seconds = (Date.now() - started) / 1000;
			const stops = routeCount(env.sandbox, v.isStop);
			const wait = (result.items[0]?.json.wait ?? {}) as { end?: string; cancelledOnTimeout?: boolean };
			figure({ scenario: 7, title: 'waits end', subject: `${v.name} cancel-on-timeout`, values: { end: wait.end ?? result.error?.name ?? '?', cancelledOnTimeout: wait.cancelledOnTimeout ?? false, stopCalls: stops, boundS: TIMEOUT_S }, seconds });
			expect(result.error).toBeUndefined();
			expect(wait).toMatchObject({ end: 'timeout', cancelledOnTimeout: true });
			expect(stops).toBe(1);
			expect(seconds).toBeLessThan(TIMEOUT_S + SLACK_S);
		});

		it('a status route that keeps failing: the wait gives up after 3 failed reads', async () => {
			env.sandbox.scripts.add({ family: v.family, key: v.scriptKey(env), outcome: 'stuck', times: 1 });
			// The status route starts failing once the job has started: the read before the start (is it already running?) must succeed.
			const startsSoFar = () => Object.values(env.sandbox.counters.snapshot().starts).reduce((a, b) => a + b, 0);
			const startsBefore = startsSoFar();
			const started = Date.now();
			const pending = env.harness.runNode({ type: v.type, parameters: waitParams(v, { timeoutSeconds: 60 }) });
			while (startsSoFar() === startsBefore && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
			env.sandbox.faults.add({ match: { method: 'GET', path: v.statusPath, family: v.family }, kind: 'status', status: 500 });
			const result = await pending;
			const seconds = (Date.now() - started) / 1000;
			figure({ scenario: 7, title: 'waits end', subject: `${v.name} failing status`, values: { end: result.error?.name ?? 'output', faults: env.sandbox.counters.snapshot().faultsInjected }, seconds });
			expect(result.error?.name).toBe('NodeOperationError');
			expect(`${result.error?.message} ${result.error?.description}`).toMatch(/status|failed/i);
			expect(seconds).toBeLessThan(10);
		});

		it("n8n's cancel signal ends the wait at once and stops the status reads", async () => {
			env.sandbox.scripts.add({ family: v.family, key: v.scriptKey(env), outcome: 'stuck', times: 1 });
			const run = startCancellable(env.harness, v.type, waitParams(v, { timeoutSeconds: 60 }));
			await sleep(600);
			const cancelledAt = Date.now();
			run.cancel();
			let end = 'settled';
			await run.then(
				(r) => (end = r.status ?? 'settled'),
				(e: Error) => (end = e.name),
			);
			const seconds = (Date.now() - cancelledAt) / 1000;
			const before = env.sandbox.counters.snapshot().total;
			await sleep(300);
			const after = env.sandbox.counters.snapshot().total;
			figure({ scenario: 7, title: 'waits end', subject: `${v.name} cancel`, values: { end, readsAfterCancel: after - before, waitTimeoutS: 60 }, seconds });
			expect(seconds).toBeLessThan(2);
			expect(after - before).toBe(0);
		});
	});
});

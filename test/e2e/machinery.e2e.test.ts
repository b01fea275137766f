/**
 * The e2e machinery itself, proven with n8n's built-in nodes: import + execute through the CLI, and a
 * schedule-triggered workflow activated under `n8n start` whose executions are read back through the REST API, and
 * what a crash test needs: run by webhook, cancel through REST, SIGKILL `n8n start` and boot it again on its folder.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { createInstance, N8nInstance } from '../../scripts/n8n/n8n';
import { lineLabel } from '../../scripts/n8n/lines';

const manualSet = {
	name: 'e2e: Manual Trigger + Set',
	nodes: [
		{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', value: 'hello', type: 'string' },
						{ id: 'a2', name: 'answer', value: '={{ 40 + 2 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const failing = {
	name: 'e2e: Stop and Error',
	nodes: [
		{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n2',
			name: 'Fail',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [220, 0],
			parameters: { errorMessage: 'deliberate e2e failure' },
		},
	],
	connections: { Start: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

function everySeconds(name: string, seconds: number) {
	return {
		name,
		nodes: [
			{
				id: 'n1',
				name: 'Every few seconds',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } },
			},
			{
				id: 'n2',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: { assignments: [{ id: 'a1', name: 'tick', value: '={{ $now.toISO() }}', type: 'string' }] },
					options: {},
				},
			},
		],
		connections: { 'Every few seconds': { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook -> Wait `seconds` (from the request body; under 65 s n8n waits in memory, the execution stays running). */
const webhookWait = {
	name: 'e2e: Webhook + Wait',
	nodes: [
		{
			id: 'n1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3f0c6f52-0b7e-4a59-9d0f-1c2e3a4b5c6d',
			parameters: { httpMethod: 'POST', path: 'e2e-wait', options: {} },
		},
		{
			id: 'n2',
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: { resume: 'timeInterval', amount: '={{ $json.body.seconds }}', unit: 'seconds' },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

type RunData = Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
const runDataOf = (run: Record<string, unknown> | undefined) =>
	((run?.data as { resultData: { runData: RunData } }).resultData.runData);

describe(`real ${lineLabel()} with built-in nodes`, () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await createInstance();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	test('import:workflow + execute returns the run of a Manual Trigger + Set workflow', async () => {
		const id = await n8n.importWorkflow(manualSet);
		const result = await n8n.execute(id);

		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		expect(runDataOf(result.run).Set[0].data.main[0][0].json).toEqual({ greeting: 'hello', answer: 42 });
		console.log(`execute (Manual Trigger + Set): ${result.durationMs} ms${result.exitSignal ? ` (n8n then died by ${result.exitSignal})` : ''}`);
	});

	test('import:credentials: a workflow uses an imported credential (decrypted with the fixed key) against a loopback server', async () => {
		const seen: Array<string | undefined> = [];
		const server = http.createServer((request, response) => {
			seen.push(request.headers['x-e2e-token'] as string | undefined);
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ path: request.url, authorised: request.headers['x-e2e-token'] === 's3cret' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const [credentialId] = await n8n.importCredentials({
				name: 'e2e header token',
				type: 'httpHeaderAuth',
				data: { name: 'X-E2E-Token', value: 's3cret' },
			});
			const id = await n8n.importWorkflow({
				name: 'e2e: HTTP Request with a credential',
				nodes: [
					{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'n2',
						name: 'Call',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [220, 0],
						parameters: {
							url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpHeaderAuth',
							options: {},
						},
						credentials: { httpHeaderAuth: { id: credentialId, name: 'e2e header token' } },
					},
				],
				connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});

			const result = await n8n.execute(id);

			expect(result.error).toBeUndefined();
			expect(runDataOf(result.run).Call[0].data.main[0][0].json).toEqual({ path: '/ping', authorised: true });
			expect(seen).toEqual(['s3cret']);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	test('a failing run comes back as a run with its error, not as a crash', async () => {
		const id = await n8n.importWorkflow(failing);
		const result = await n8n.execute(id);

		expect(result.ok).toBe(false);
		expect(result.exitCode === 1 || result.exitSignal !== undefined).toBe(true);
		expect(result.error).toMatchObject({ message: 'deliberate e2e failure' });
		expect(runDataOf(result.run).Fail[0]).toMatchObject({ executionStatus: 'error' });
	});

	test('schedule triggers run under n8n start: one published before start, one activated through REST', async () => {
		const publishedFirst = await n8n.importWorkflow(everySeconds('e2e: published before start', 2));
		const activatedLater = await n8n.importWorkflow(everySeconds('e2e: activated through REST', 2));
		await n8n.publish(publishedFirst);

		await n8n.start();
		console.log(`n8n start until ready: ${n8n.startMs} ms`);
		const activated = await n8n.activate(activatedLater);
		expect(activated).toMatchObject({ id: activatedLater, active: true });

		for (const id of [publishedFirst, activatedLater]) {
			const executions = await n8n.waitForExecutions(id, { count: 2, timeoutMs: 60_000 });
			expect(executions.length).toBeGreaterThanOrEqual(2);
			for (const execution of executions) {
				expect(execution).toMatchObject({ workflowId: id, mode: 'trigger', status: 'success' });
			}
		}

		const [latest] = await n8n.listExecutions(activatedLater);
		const execution = await n8n.getExecution(latest.id);
		const runData = (execution.data.resultData as { runData: RunData }).runData;
		expect(runData.Set[0].data.main[0][0].json).toEqual({ tick: expect.any(String) });

		const deactivated = await n8n.deactivate(activatedLater);
		expect(deactivated).toMatchObject({ active: false });
		await n8n.stop();
		expect(n8n.isRunning).toBe(false);
	});

	test('run by webhook, cancel through REST, and SIGKILL n8n start mid-execution, then start again on the same folder', async () => {
		const id = await n8n.importWorkflow(webhookWait);
		await n8n.publish(id);
		await n8n.start();

		const quick = await n8n.runByWebhook(id, 'e2e-wait', { seconds: 1 });
		expect(quick).toMatchObject({ workflowId: id, mode: 'webhook', status: 'success' });

		const cancelled = await n8n.startByWebhook(id, 'e2e-wait', { seconds: 50 });
		expect(await n8n.executionStatus(cancelled)).toBe('running');
		await n8n.stopExecution(cancelled);
		expect((await n8n.waitForExecution(cancelled, { timeoutMs: 15_000 })).status).toBe('canceled');

		const killed = await n8n.startByWebhook(id, 'e2e-wait', { seconds: 50 });
		expect(await n8n.executionStatus(killed)).toBe('running');
		await n8n.kill();
		expect(n8n.isRunning).toBe(false);

		await n8n.start();
		console.log(`n8n start after SIGKILL, until ready: ${n8n.startMs} ms`);
		const afterCrash = await n8n.waitForExecution(killed, { timeoutMs: 30_000 });
		console.log(`the execution running when n8n start was killed: status ${afterCrash.status}`);
		expect(afterCrash.status).toBe('crashed');
		const again = await n8n.runByWebhook(id, 'e2e-wait', { seconds: 1 });
		expect(again.status).toBe('success');
		await n8n.stop();
	});
});

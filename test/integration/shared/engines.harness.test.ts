import { N8nHarness } from '../../harness/n8n';
import { EngineProbe } from '../../fixtures/EngineProbe.node';
import { ProbeApi } from '../../fixtures/ProbeApi.credentials';
import type { ProbeServer } from '../../fixtures/probeServer';
import { startProbeServer } from '../../fixtures/probeServer';

describe('shared engines through n8n-core', () => {
	let server: ProbeServer;
	let harness: N8nHarness;

	beforeEach(async () => {
		server = await startProbeServer();
		harness = new N8nHarness({
			nodeTypes: [EngineProbe],
			credentialTypes: [ProbeApi],
			credentials: { probeApi: { url: server.url, password: 'right-password', session: '' } },
		});
	});
	afterEach(async () => server.close());

	it('logs in once for many items and pairs every output with its item', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ id: `a${i}` }));
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'get', id: '={{$json.id}}' }, items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(server.logins).toBe(1);
	});

	it('renews an expired session with exactly one new login and no failed item', async () => {
		await harness.runNode({ type: 'engineProbe', parameters: { operation: 'get', id: 'x' } });
		server.expireSessions();
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'get', id: '={{$json.id}}' }, items: [{ id: 'b1' }, { id: 'b2' }] });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(server.logins).toBe(2);
	});

	it('retries a GET on 503 and on a dropped connection, then succeeds', async () => {
		server.queue['GET /items/r1'] = [{ status: 503, body: 'busy' }, { status: 0, destroy: true }, { status: 502, body: '<html><title>Bad Gateway</title></html>' }];
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'get', id: 'r1' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 'r1', ok: true });
		expect(server.requests['GET /items/r1']).toBe(4);
	});

	it('does not retry a start on 502 (it may have been processed) and keeps the status code', async () => {
		server.queue['POST /start'] = [{ status: 502, body: '<html><title>Bad Gateway</title></html>' }];
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'start', id: 's' } });
		expect(result.error?.message).toContain('502');
		expect(result.error?.message).toContain('Bad Gateway');
		expect(result.error?.httpCode).toBe('502');
		expect(server.requests['POST /start']).toBe(1);
	});

	it('a start that times out is not retried and says so, with the network code', async () => {
		server.queue['POST /start'] = [{ status: 0, hang: true }];
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'start', id: 's' } });
		expect(result.error?.message).toMatch(/^The service at 127\.0\.0\.1:\d+ did not answer in time$/);
		expect(result.error?.description).toMatch(/POST \/start failed.*\((network error )?(ECONNABORTED|ETIMEDOUT)\)/);
		expect(server.requests['POST /start']).toBe(1);
	});

	it('retries a start on 429 with Retry-After', async () => {
		server.queue['POST /start'] = [{ status: 429, headers: { 'retry-after': '0' }, body: '{"message":"slow down"}' }];
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'start', id: 's' } });
		expect(result.error).toBeUndefined();
		expect(server.requests['POST /start']).toBe(2);
	});

	it('a wrong password fails with the vendor message and never shows the password', async () => {
		harness.setCredential('probeApi', { url: server.url, password: 'wrong-password-123', session: '' });
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'get', id: 'x' } });
		expect(result.error).toBeDefined();
		expect(JSON.stringify({ m: result.error?.message, d: result.error?.description })).not.toContain('wrong-password-123');
		expect(`${result.error?.message} ${result.error?.description}`).toMatch(/401|Invalid user name/);
	});

	it('a vendor 404 becomes a NodeApiError with the vendor message, the session id redacted', async () => {
		const result = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'wait', id: 'nope', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0, maxConsecutivePollFailures: 1 } } });
		expect(result.error?.message).toContain('Job nope not found');
		expect(JSON.stringify(result.run.data.resultData)).not.toMatch(/SESSION\d+xyzSECRET/);
	});

	it('continueOnFail keeps pairing and carries the status code', async () => {
		server.queue['GET /items/bad'] = [{ status: 404, body: '{"message":"no such item"}' }];
		const result = await harness.runNode({
			type: 'engineProbe',
			parameters: { operation: 'get', id: '={{$json.id}}' },
			items: [{ id: 'ok1' }, { id: 'bad' }, { id: 'ok2' }],
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toContain('no such item');
		expect(result.items[1].json.httpCode).toBe('404');
	});

	it('"On Error: Continue (using error output)" sends failed items down the error output with their status', async () => {
		server.queue['GET /items/bad'] = [{ status: 404, body: '{"message":"no such item"}' }];
		const result = await harness.runNode({
			type: 'engineProbe',
			parameters: { operation: 'get', id: '={{$json.id}}' },
			items: [{ id: 'ok1' }, { id: 'bad' }],
			onError: 'continueErrorOutput',
		});
		expect(result.outputs[0].map((i) => i.json.id)).toEqual(['ok1']);
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].json.error).toContain('no such item');
		expect((result.outputs[1][0].json.details as { httpCode: string }).httpCode).toBe('404');
	});

	it('waits for a job through warning and failure outcomes', async () => {
		server.jobs.j1 = { polls: 0, states: ['RUN', 'RUN', 'OK'] };
		server.jobs.j2 = { polls: 0, states: ['RUN', 'FAIL'] };
		const ok = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'wait', id: 'j1', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0 } } });
		expect(ok.items[0].json.outcome).toBe('succeeded');
		expect((ok.items[0].json.wait as { polls: number }).polls).toBe(3);
		const failed = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'wait', id: 'j2', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0 } } });
		expect(failed.error?.message).toBe('job j2 failed');
		server.jobs.j3 = { polls: 0, states: ['RUN', 'FAIL'] };
		const soft = await harness.runNode({ type: 'engineProbe', parameters: { operation: 'wait', id: 'j3', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0, failOnJobFailure: false } } });
		expect(soft.items[0].json.outcome).toBe('failed');
	});
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { INFORMATICA } from '../core/constants';
import * as informaticaDataIntegration from '../families/informaticaDataIntegration';
import { easternTime } from '../families/informaticaDataIntegration';
import * as informaticaLogin from '../families/informaticaLogin';
import { startSandbox, type Sandbox } from '../server';
import { call, resetAndLogIn, until } from './helpers';

const families = [informaticaLogin, informaticaDataIntegration];
const V2 = INFORMATICA.v2Prefix;
const V3 = INFORMATICA.v3Prefix;

describe('sandbox: Informatica Data Integration family', () => {
	let sandbox: Sandbox;
	let base: string;
	let session: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 60, families });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(async () => {
		session = await resetAndLogIn(sandbox);
	});

	const v2 = (method: string, path: string, json?: unknown) => call(base, method, V2 + path, { json, headers: { icSessionId: session } });
	const v3 = (method: string, path: string, json?: unknown) => call(base, method, V3 + path, { json, headers: { 'INFA-SESSION-ID': session } });

	it('starts by task id, federated id and name, and counts starts', async () => {
		const byId = await v2('POST', '/job', { '@type': 'job', taskId: '0100000Z000009', taskType: 'MTT' });
		expect(byId.status).toBe(200);
		expect(byId.json).toMatchObject({ '@type': 'job', taskId: '0100000Z000009', taskFederatedId: 'jJGyAmd8Q8odiyvToQhhAQ', taskName: 'm_load_orders', taskType: 'MTT' });
		expect(byId.json.runId).toBe(3); // two seeded runs before
		const byFederated = await v2('POST', '/job', { taskFederatedId: 'jJGyAmd8Q8odiyvToQhhAQ', taskType: 'mtt', runtime: { '@type': 'mtTaskRuntime' } });
		expect(byFederated.json.runId).toBe(4);
		const byName = await v2('POST', '/job', { taskName: 'wf_nightly_load', taskType: 'Workflow' });
		expect(byName.json).toMatchObject({ taskId: '0034J90000000M', taskType: 'WORKFLOW', runId: 2 });
		expect(sandbox.counters.snapshot().starts).toEqual({ 'informaticaDataIntegration:0100000Z000009': 2, 'informaticaDataIntegration:0034J90000000M': 1 });
	});

	it('answers v2-shaped 400, 404 and 409 errors and 401 without a session', async () => {
		const noType = await v2('POST', '/job', { taskId: '0100000Z000009' });
		expect(noType.status).toBe(400);
		expect(noType.json).toEqual({ '@type': 'error', code: 'JOB_02', description: 'taskType is required.', statusCode: 400 });
		expect((await v2('POST', '/job', { taskId: 'nope', taskType: 'MTT' })).status).toBe(404);
		expect((await v2('POST', '/job', { taskId: '0100000Z000009', taskType: 'DSS' })).status).toBe(400);
		// taskId alone does not reach a task outside the Default project
		const outside = await v2('POST', '/job', { taskId: '0100000Z00000B', taskType: 'MTT' });
		expect(outside.status).toBe(404);
		expect(outside.json.description).toContain('taskFederatedId');
		await v2('POST', '/job', { taskId: '0100000Z000009', taskType: 'MTT' });
		const again = await v2('POST', '/job', { taskId: '0100000Z000009', taskType: 'MTT' });
		expect(again.status).toBe(409);
		const anon = await call(base, 'POST', `${V2}/job`, { json: { taskId: '0100000Z000009', taskType: 'MTT' } });
		expect(anon.status).toBe(401);
		expect(anon.json['@type']).toBe('error');
	});

	it('shows a run in the activity monitor, then in the activity log with numeric state and both time forms', async () => {
		const start = await v2('POST', '/job', { taskId: '0100000I000001', taskType: 'DSS' });
		const monitor = await v2('GET', '/activity/activityMonitor?details=true');
		const row = monitor.json.find((r: { taskId: string }) => r.taskId === '0100000I000001');
		expect(['QUEUED', 'INITIALIZED', 'RUNNING']).toContain(row.executionState);
		expect(row).toMatchObject({ runId: start.json.runId, taskName: 'sync_accounts', successSourceRows: expect.any(Number) });
		await until(async () => (await v2('GET', '/activity/activityMonitor')).json.length === 0);
		const log = await v2('GET', `/activity/activityLog?taskId=0100000I000001&runId=${start.json.runId}`);
		expect(log.json).toHaveLength(1);
		const entry = log.json[0];
		expect(entry).toMatchObject({ objectId: '0100000I000001', state: 1, errorMsg: '', successTargetRows: 1000 });
		expect(entry.endTimeUtc).toMatch(/Z$/);
		expect(entry.endTime).not.toMatch(/Z$/);
		expect(entry.endTime).toBe(easternTime(Date.parse(entry.endTimeUtc)));
		expect(entry.entries).toHaveLength(1);
	});

	it('plays scripted warning, failure (message and log) and stuck runs', async () => {
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: 'MappingTask1', outcome: 'failure', message: 'ORA-00942', log: 'WRITER_1 failed hard' });
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: '0100000I000001', outcome: 'warning' });
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: 'rep_salesforce', outcome: 'stuck' });
		await v2('POST', '/job', { taskName: 'MappingTask1', taskType: 'MTT' });
		await v2('POST', '/job', { taskId: '0100000I000001', taskType: 'DSS' });
		await v2('POST', '/job', { taskId: '0100000G000002', taskType: 'DRS' });
		await until(async () => (await v2('GET', '/activity/activityMonitor')).json.length === 1);
		await new Promise((r) => setTimeout(r, 100));
		expect((await v2('GET', '/activity/activityMonitor')).json[0]).toMatchObject({ taskName: 'rep_salesforce', executionState: 'RUNNING' });
		const failed = (await v2('GET', '/activity/activityLog?taskId=0100000Z00000A')).json[0];
		expect(failed).toMatchObject({ state: 3, errorMsg: 'ORA-00942', failedTargetRows: 1 });
		const warned = (await v2('GET', '/activity/activityLog?taskId=0100000I000001')).json[0];
		expect(warned.state).toBe(2);
		const text = await v2('GET', `/activity/activityLog/${failed.id}/sessionLog`);
		expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(text.text).toContain('WRITER_1 failed hard');
		expect(text.text).toContain('ORA-00942');
		expect((await v2('GET', '/activity/activityLog/nope/sessionLog')).status).toBe(404);
	});

	it('pages the activity log newest first and validates rowLimit and runId', async () => {
		const all = (await v2('GET', '/activity/activityLog')).json;
		expect(all).toHaveLength(6);
		const times = all.map((r: { endTimeUtc: string }) => Date.parse(r.endTimeUtc));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		const page = (await v2('GET', '/activity/activityLog?offset=2&rowLimit=2')).json;
		expect(page.map((r: { id: string }) => r.id)).toEqual(all.slice(2, 4).map((r: { id: string }) => r.id));
		expect((await v2('GET', '/activity/activityLog?rowLimit=1001')).status).toBe(400);
		expect((await v2('GET', '/activity/activityLog?runId=1')).status).toBe(400);
	});

	it('stops and cleanly stops a running task', async () => {
		// Long enough that STOPPING is still visible to the next read on a loaded machine (it lasts 10% of a run).
		sandbox.config.set({ runTimeMs: 2000 });
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: '0100000G000002', outcome: 'stuck' });
		await v2('POST', '/job', { taskId: '0100000G000002', taskType: 'DRS' });
		const stop = await v2('POST', '/job/stop', { '@type': 'job', taskId: '0100000G000002', taskType: 'DRS' });
		expect(stop.json['@type']).toBe('success');
		expect((await v2('GET', '/activity/activityMonitor')).json[0].executionState).toBe('STOPPING');
		await until(async () => (await v2('GET', '/activity/activityMonitor')).json.length === 0);
		const stopped = (await v2('GET', '/activity/activityLog?taskId=0100000G000002')).json[0];
		expect(stopped).toMatchObject({ state: 3, isStopped: true, errorMsg: 'The job was stopped by the user.' });
		expect((await v2('POST', '/job/stop', { taskId: '0100000G000002', taskType: 'DRS' })).status).toBe(400);

		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: 'MappingTask1', outcome: 'stuck' });
		await v2('POST', '/job', { taskName: 'MappingTask1', taskType: 'MTT' });
		expect((await v2('POST', '/job/stop?cleanStop=true', { taskName: 'MappingTask1', taskType: 'MTT' })).status).toBe(200);
		await until(async () => (await v2('GET', '/activity/activityMonitor')).json.length === 0);
		expect((await v2('GET', '/activity/activityLog?taskId=0100000Z00000A')).json[0].errorMsg).toContain('cleanly');
		sandbox.config.set({ runTimeMs: 60 });
	});

	it('POSTs the callback body when a run ends, retrying until the receiver answers 200', async () => {
		const received: unknown[] = [];
		let refuse = 4; // 3 immediate failures and one after a pause
		const server: Server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.statusCode = refuse-- > 0 ? 500 : 200;
				res.end();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
			sandbox.scripts.add({ family: 'informaticaDataIntegration', key: 'MappingTask1', outcome: 'failure' });
			const start = await v2('POST', '/job', { taskName: 'MappingTask1', taskType: 'MTT', callbackURL: url });
			expect(start.json.callbackURL).toBe(url);
			await until(async () => received.length >= 5, 3000);
			expect(received[0]).toMatchObject({ '@type': 'callbackUrlResponse', objectId: '0100000Z00000A', objectName: 'MappingTask1', runId: start.json.runId, status: 'FAILED' });
			await new Promise((r) => setTimeout(r, 300));
			expect(received).toHaveLength(5);
			const state = sandbox.state('informaticaDataIntegration') as { runs: Array<{ callback?: { delivered: boolean; attempts: number } }> };
			expect(state.runs.find((r) => r.callback)?.callback).toMatchObject({ delivered: true, attempts: 5 });
			expect((await v2('POST', '/job', { taskName: 'MappingTask1', taskType: 'MTT', callbackURL: 'https://example.com/x' })).status).toBe(400);
		} finally {
			server.close();
		}
	});

	it('creates mapping tasks to run', async () => {
		const created = await v2('POST', '/mttask', { '@type': 'mtTask', name: 'm_extra' });
		expect(created.status).toBe(200);
		expect((await v2('POST', '/job', { taskId: created.json.id, taskType: 'MTT' })).status).toBe(200);
		expect((await v2('POST', '/mttask', { name: 'm_extra' })).status).toBe(409);
	});

	it('looks up objects by id and by path and type (v3 errors for unknown ones) and lists them', async () => {
		const byPath = await v3('POST', '/lookup', { objects: [{ path: 'Default/Sales/m_load_orders', type: 'MTT' }] });
		expect(byPath.status).toBe(200);
		expect(byPath.json.objects[0]).toMatchObject({ id: 'jJGyAmd8Q8odiyvToQhhAQ', path: 'Default/Sales/m_load_orders', type: 'MTT', updatedBy: 'sandbox' });
		const byId = await v3('POST', '/lookup', { objects: [{ id: 'jJGyAmd8Q8odiyvToQhhAQ' }] });
		expect(byId.json.objects[0].path).toBe('Default/Sales/m_load_orders');
		const folder = await v3('POST', '/lookup', { objects: [{ path: 'Default/Sales', type: 'FOLDER' }] });
		expect(folder.json.objects[0].type).toBe('Folder');
		const missing = await v3('POST', '/lookup', { objects: [{ path: 'Default/Nope', type: 'MTT' }] });
		expect(missing.status).toBe(404);
		expect(missing.json.error).toMatchObject({ code: 'APP_60003', message: expect.stringContaining('Default/Nope') });
		expect((await v3('POST', '/lookup', { objects: [] })).status).toBe(400);
		const listed = await v3('GET', `/objects?q=${encodeURIComponent("type=='MTT'")}&limit=2`);
		expect(listed.json.count).toBe(3);
		expect(listed.json.objects).toHaveLength(2);
		const wrongHeader = await call(base, 'POST', `${V3}/lookup`, { json: { objects: [{ id: 'x' }] }, headers: { icSessionId: session } });
		expect(wrongHeader.status).toBe(401);
	});

	it('runs one task k times in a row: the activity log lists every finished run; 409 while one runs; counts starts and stops per task and run', async () => {
		const task = { taskId: '0100000G000002', taskType: 'DRS' };
		const finished = async () => (await v2('GET', '/activity/activityLog?taskId=0100000G000002')).json as Array<{ runId: number; state: number; errorMsg: string | null }>;
		const before = (await finished()).length;
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: task.taskId, outcome: 'stuck' });
		sandbox.scripts.add({ family: 'informaticaDataIntegration', key: task.taskId, outcome: 'failure', message: 'run B failed', runTimeMs: 20 });
		const first = (await v2('POST', '/job', task)).json.runId as number; // stuck until stopped
		const refused = await v2('POST', '/job', task);
		expect(refused.status).toBe(409);
		expect(refused.json).toMatchObject({ '@type': 'error', code: 'JOB_07', statusCode: 409 });
		await v2('POST', '/job/stop', task);
		await until(async () => (await finished()).length === before + 1);
		const second = (await v2('POST', '/job', task)).json.runId as number;
		await until(async () => (await finished()).length === before + 2);
		const third = (await v2('POST', '/job', task)).json.runId as number;
		await until(async () => (await finished()).length === before + 3);
		const log = await finished();
		expect(log.slice(0, 3).map((r) => r.runId)).toEqual([third, second, first]);
		expect(log.slice(0, 3).map((r) => r.state)).toEqual([1, 3, 3]);
		expect(log[1].errorMsg).toBe('run B failed');
		expect(log[2].errorMsg).toBe('The job was stopped by the user.');
		const counters = sandbox.counters.snapshot();
		expect(counters.starts[`informaticaDataIntegration:${task.taskId}`]).toBe(3);
		expect(counters.stops).toEqual({ [`informaticaDataIntegration:${task.taskId}`]: 1 });
		expect(counters.runStops).toEqual({ [`informaticaDataIntegration:${task.taskId}:${first}`]: 1 });
	});
});

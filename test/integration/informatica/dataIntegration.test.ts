/**
 * The Informatica IDMC node's Data Integration Job operations, driven through n8n-core against the sandbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';
import { useInformaticaEnv } from './setup';

const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };
const ORDERS = { id: '0100000Z000009', federatedId: 'jJGyAmd8Q8odiyvToQhhAQ', name: 'm_load_orders', path: 'Default/Sales/m_load_orders' };
const DI = FAMILY.informaticaDataIntegration;

describe('Informatica IDMC node: Data Integration jobs (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaDataIntegration], { bind: (env) => ({ sandbox, harness } = env) });

	const job = (operation: string, parameters: INodeParameters = {}, items?: IDataObject[], continueOnFail = false) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'dataIntegrationJob', operation, ...parameters }, items, continueOnFail });
	const task = (mode: string, value: string) => rl(value, mode);
	const starts = (taskId: string) => sandbox.counters.snapshot().starts[`${DI}:${taskId}`] ?? 0;
	const requests = (key: string) => sandbox.counters.snapshot().requests[key] ?? 0;
	const script = (key: string, outcome: 'success' | 'warning' | 'failure' | 'stuck', extra: IDataObject = {}) =>
		sandbox.scripts.add({ family: DI, key, outcome, ...extra });

	describe('Start', () => {
		it.each([
			['federatedId', ORDERS.federatedId],
			['list', ORDERS.federatedId],
			['id', ORDERS.id],
			['name', ORDERS.name],
		])('starts a task chosen by %s and outputs the task and run IDs', async (mode, value) => {
			const result = await job('start', { taskType: 'MTT', task: task(mode, value) });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ taskId: ORDERS.id, taskFederatedId: ORDERS.federatedId, taskName: ORDERS.name, taskType: 'MTT', runId: '3', outcome: 'running' });
			expect(starts(ORDERS.id)).toBe(1);
		});

		it('starts by path: one lookup, then the start with the federated ID', async () => {
			const result = await job('start', { taskType: 'MTT', task: task('path', '/Finance/Warehouse/m_customer_dim') });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ taskId: '0100000Z00000B', taskName: 'm_customer_dim', taskPath: 'Finance/Warehouse/m_customer_dim' });
			const log = sandbox.requests().filter((r) => r.route !== INFORMATICA.loginPathV2);
			// The activity monitor read is the "already running" check before the start.
			expect(log.map((r) => `${r.method} ${r.route}`)).toEqual([`POST ${INFORMATICA.v3Prefix}/lookup`, `GET ${INFORMATICA.v2Prefix}/activity/activityMonitor`, `POST ${INFORMATICA.v2Prefix}/job`]);
			expect(log[0].headers['infa-session-id']).toBeDefined();
			expect(log[2].headers['icsessionid']).toBeDefined();
			expect(log[2].body).toMatchObject({ taskFederatedId: expect.any(String), taskType: 'MTT' });
			expect(starts('0100000Z00000B')).toBe(1);
		});

		it('an unknown path fails with the lookup 404 and starts nothing', async () => {
			const result = await job('start', { taskType: 'MTT', task: task('path', 'Default/Nope/m_missing') });
			expect(result.error?.message).toMatch(/404.*Default\/Nope\/m_missing/);
			expect(result.error?.httpCode).toBe('404');
			expect(requests(`POST ${INFORMATICA.v2Prefix}/job`)).toBe(0);
		});

		it('an unknown task is a 404 NodeApiError with the vendor message', async () => {
			const result = await job('start', { taskType: 'MTT', task: task('id', '0100000Z999999') });
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.httpCode).toBe('404');
			expect(result.error?.message).toContain('Task 0100000Z999999 was not found');
		});

		it('a wrong task type is a 400, not retried; a second start of a running task attaches (default) or fails (Fail) without a start', async () => {
			const wrongType = await job('start', { taskType: 'DSS', task: task('id', ORDERS.id) });
			expect(wrongType.error?.httpCode).toBe('400');
			expect(wrongType.error?.message).toContain('is of type MTT');
			script(ORDERS.id, 'stuck');
			await job('start', { taskType: 'MTT', task: task('id', ORDERS.id) });
			const again = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id) });
			expect(again.error).toBeUndefined();
			expect(again.items[0].json).toMatchObject({ taskId: ORDERS.id, runId: '3', attached: true, startedByThisItem: false, outcome: 'running' });
			const refused = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), ifAlreadyRunning: 'fail' });
			expect(refused.error?.name).toBe('NodeOperationError');
			expect(refused.error?.message).toContain('run 3 is already running');
			expect(starts(ORDERS.id)).toBe(1);
			expect(requests(`POST ${INFORMATICA.v2Prefix}/job`)).toBe(2);
		});

		it('bad input fails naming the field before any request', async () => {
			const empty = await job('start', { taskType: 'MTT', task: task('id', '  ') });
			expect(empty.error?.message).toBe('"Task" is required');
			const badUrl = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), callbackUrl: 'not a url' });
			expect(badUrl.error?.message).toBe('"Callback URL" must be an http(s) URL');
			expect(sandbox.counters.snapshot().total).toBe(0);
		});

		it('renews an expired session with exactly one new login', async () => {
			await job('start', { taskType: 'DSS', task: task('id', '0100000I000001') });
			expect(sandbox.counters.snapshot().logins).toBe(1);
			await fetchControl('POST', '/sessions/expire');
			const result = await job('start', { taskType: 'DRS', task: task('id', '0100000G000002') });
			expect(result.error).toBeUndefined();
			const counters = sandbox.counters.snapshot();
			expect(counters.logins).toBe(2);
			expect(harness.credentialsHelper.events.preAuthentications).toBe(2);
			expect(counters.starts[`${DI}:0100000G000002`]).toBe(1);
		});

		it('waits until success, with UTC times and row counts', async () => {
			const result = await job('start', { taskType: 'MTT', task: task('federatedId', ORDERS.federatedId), waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			const out = result.items[0].json;
			expect(out).toMatchObject({ outcome: 'succeeded', rawStatus: '1', taskId: ORDERS.id, runId: '3', errorMessage: null, wait: { end: 'finished' } });
			expect(out.startedAt).toMatch(/Z$/);
			expect(out.endedAt).toMatch(/Z$/);
			expect(out.details).toMatchObject({ source: 'activityLog', successTargetRows: 1000, failedTargetRows: 0 });
			expect((out.details as IDataObject).sessionLog).toBeUndefined();
		});

		it('waits until warning: a distinct outcome with the message and the session log', async () => {
			script('MappingTask1', 'warning', { message: '7 rows rejected', log: 'WRT_8004 Writer run completed with rejects' });
			const result = await job('start', { taskType: 'MTT', task: task('name', 'MappingTask1'), waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: 'warning', rawStatus: '2', errorMessage: '7 rows rejected' });
			expect((result.items[0].json.details as IDataObject).sessionLog).toContain('WRT_8004');
			const strict = await job('start', {
				taskType: 'MTT',
				task: task('name', 'MappingTask1'),
				waitForCompletion: true,
				waitOptions: { ...FAST_WAIT, treatWarningAsFailure: true },
			});
			expect(strict.error).toBeUndefined(); // the next run is not scripted: success
		});

		it('waits until failure: the item fails with the error message, row counts and session log text', async () => {
			script(ORDERS.id, 'failure', { message: 'ORA-00942: table or view does not exist', log: 'READER_1_1_1> RR_4035 SQL Error' });
			const failed = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(failed.error?.message).toBe('task m_load_orders run 3 failed: ORA-00942: table or view does not exist');
			expect(failed.error?.description).toContain('RR_4035 SQL Error');

			script(ORDERS.id, 'failure', { message: 'ORA-00942', log: 'RR_4035 again' });
			const kept = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), waitForCompletion: true, waitOptions: FAST_WAIT }, [{}], true);
			expect(kept.items[0].json).toMatchObject({ error: 'task m_load_orders run 4 failed: ORA-00942', outcome: 'failed', rawStatus: '3', runId: '4' });
			expect(kept.items[0].json.details).toMatchObject({ failedTargetRows: 1, successSourceRows: 1000 });
			expect((kept.items[0].json.details as IDataObject).sessionLog).toContain('RR_4035 again');

			script(ORDERS.id, 'failure', { message: 'ORA-01017' });
			const soft = await job('start', {
				taskType: 'MTT',
				task: task('id', ORDERS.id),
				waitForCompletion: true,
				includeSessionLog: false,
				waitOptions: { ...FAST_WAIT, failOnJobFailure: false },
			});
			expect(soft.error).toBeUndefined();
			expect(soft.items[0].json).toMatchObject({ outcome: 'failed', errorMessage: 'ORA-01017' });
			expect((soft.items[0].json.details as IDataObject).sessionLog).toBeUndefined();
		});

		it('times out on a stuck run, and stops it when asked to', async () => {
			script(ORDERS.id, 'stuck', { times: 2 });
			const timedOut = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.3 } });
			expect(timedOut.error?.message).toBe('Timed out after 0.3s waiting for task m_load_orders run 3');
			expect(timedOut.error?.description).toContain('left running');
			// still running: stop it, then the next start times out and is stopped by the node
			await job('stop', { taskType: 'MTT', task: task('id', ORDERS.id) });
			await new Promise((r) => setTimeout(r, 100));
			const soft = await job('start', {
				taskType: 'MTT',
				task: task('id', ORDERS.id),
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.3, failOnJobFailure: false, cancelOnTimeout: true },
			});
			expect(soft.items[0].json).toMatchObject({ outcome: 'running', rawStatus: 'RUNNING', wait: { end: 'timeout', cancelledOnTimeout: true } });
			expect(requests(`POST ${INFORMATICA.v2Prefix}/job/stop`)).toBe(2);
		});

		it('Run Simultaneously sends the runtime object and starts another instance instead of attaching', async () => {
			script(ORDERS.id, 'stuck', { times: 3 });
			const first = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id) });
			const attached = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id) });
			expect(attached.items[0].json).toMatchObject({ attached: true, runId: first.items[0].json.runId });
			const second = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), runSimultaneously: true });
			expect(second.error).toBeUndefined();
			expect(second.items[0].json).toMatchObject({ startedByThisItem: true });
			expect(second.items[0].json.runId).not.toBe(first.items[0].json.runId);
			const third = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), runSimultaneously: true, runtimeFields: '{"jobInstanceName":"nightly"}' });
			expect(third.error).toBeUndefined();
			const bodies = sandbox
				.requests()
				.filter((r) => r.method === 'POST' && r.path.endsWith('/api/v2/job'))
				.map((r) => (r.body as IDataObject).runtime);
			expect(bodies).toEqual([undefined, { '@type': 'mtTaskRuntime' }, { jobInstanceName: 'nightly', '@type': 'mtTaskRuntime' }]);
			const total = sandbox.counters.snapshot().total;
			const bad = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), runSimultaneously: true, runtimeFields: '[1]' });
			expect(bad.error?.message).toBe('"More Runtime Fields (JSON)" must be a JSON object');
			expect(sandbox.counters.snapshot().total).toBe(total);
		});

		it('hands the callback URL over; the sandbox POSTs the documented body to a local server', async () => {
			const received: IDataObject[] = [];
			const server: Server = createServer((req, res) => {
				let body = '';
				req.on('data', (c) => (body += c));
				req.on('end', () => {
					received.push(JSON.parse(body) as IDataObject);
					res.end('ok');
				});
			});
			await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
			try {
				const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
				const result = await job('start', { taskType: 'WORKFLOW', task: task('name', 'wf_nightly_load'), callbackUrl: url, waitForCompletion: true, waitOptions: FAST_WAIT });
				expect(result.items[0].json).toMatchObject({ callbackURL: url, outcome: 'succeeded' });
				const end = Date.now() + 2000;
				while (received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
				expect(received).toEqual([
					{ '@type': 'callbackUrlResponse', endTime: expect.stringMatching(/Z$/), objectId: '0034J90000000M', objectName: 'wf_nightly_load', runId: 2, status: 'COMPLETED' },
				]);
			} finally {
				server.close();
			}
		});
	});

	describe('Stop, Clean Stop', () => {
		it('stops and cleanly stops a running task; the log then shows it failed with the stop message', async () => {
			script('0100000G000002', 'stuck');
			const started = await job('start', { taskType: 'DRS', task: task('id', '0100000G000002') });
			const stop = await job('stop', { taskType: 'DRS', task: task('id', '0100000G000002') });
			expect(stop.items[0].json).toMatchObject({ stopRequested: true, cleanStop: false, response: { '@type': 'success' } });
			const status = await job('getStatus', { taskId: '0100000G000002', runId: String(started.items[0].json.runId) });
			expect(['STOPPING', '3']).toContain(status.items[0].json.rawStatus);

			script(ORDERS.federatedId, 'stuck');
			await job('start', { taskType: 'MTT', task: task('federatedId', ORDERS.federatedId) });
			const clean = await job('cleanStop', { taskType: 'MTT', task: task('federatedId', ORDERS.federatedId) });
			expect(clean.items[0].json.cleanStop).toBe(true);
			const logged = sandbox.requests().filter((r) => r.path.endsWith('/job/stop'));
			expect(logged.map((r) => r.query)).toEqual([{}, { cleanStop: 'true' }]);
			await new Promise((r) => setTimeout(r, 150));
			const after = await job('getStatus', { taskId: ORDERS.id, runId: '3' });
			// state 3 with isStopped: true is a stopped run, cancelled rather than failed.
			expect(after.items[0].json).toMatchObject({ outcome: 'cancelled', rawStatus: '3', errorMessage: 'The job was stopped cleanly by the user.' });
		});

		it('a wait on a run that gets stopped ends cancelled, not failed', async () => {
			script(ORDERS.id, 'stuck');
			const started = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id) });
			const runId = String(started.items[0].json.runId);
			setTimeout(() => void job('stop', { taskType: 'MTT', task: task('id', ORDERS.id) }), 100);
			const followed = await job('getStatus', { taskId: ORDERS.id, runId, waitForCompletion: true, waitOptions: { ...FAST_WAIT, failOnJobFailure: false } });
			expect(followed.items[0].json).toMatchObject({ outcome: 'cancelled', rawStatus: '3', wait: { end: 'finished' } });
			const failing = await job('getStatus', { taskId: ORDERS.id, runId, waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(failing.error?.message).toBe(`task ${ORDERS.id} run ${runId} was cancelled: The job was stopped by the user.`);
		});

		it.each([['object' as const], ['entries' as const]])('reads an activity log answered as %s, with or without a wait (no timeout)', async (shape) => {
			sandbox.config.set({ activityLogShape: shape });
			const status = await job('getStatus', { taskId: ORDERS.id, runId: '2' });
			expect(status.error).toBeUndefined();
			expect(status.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: '3', errorMessage: 'ORA-00942: table or view does not exist' });
			const started = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 3 } });
			expect(started.error).toBeUndefined();
			expect(started.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: '1', wait: { end: 'finished' } });
		});

		it('maps textual activity log states (SUCCESS, FAILED, STOPPED) instead of reading them as running', async () => {
			sandbox.config.set({ activityLogStates: 'text' });
			expect((await job('getStatus', { taskId: ORDERS.id, runId: '1' })).items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'SUCCESS' });
			expect((await job('getStatus', { taskId: ORDERS.id, runId: '2' })).items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'FAILED' });
			const waited = await job('start', { taskType: 'MTT', task: task('id', ORDERS.id), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 3 } });
			expect(waited.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'SUCCESS', wait: { end: 'finished' } });
			script('0100000G000002', 'stuck');
			const stuck = await job('start', { taskType: 'DRS', task: task('id', '0100000G000002') });
			await job('stop', { taskType: 'DRS', task: task('id', '0100000G000002') });
			await new Promise((r) => setTimeout(r, 100));
			const stopped = await job('getStatus', { taskId: '0100000G000002', runId: String(stuck.items[0].json.runId) });
			expect(stopped.items[0].json).toMatchObject({ outcome: 'cancelled', rawStatus: 'STOPPED' });
		});

		it('stopping a task that is not running is a 400 with the vendor message', async () => {
			const result = await job('stop', { taskType: 'MTT', task: task('id', ORDERS.id) });
			expect(result.error?.httpCode).toBe('400');
			expect(result.error?.message).toContain('is not running');
		});
	});

	describe('Get Status, Get Session Log', () => {
		it('reads a running run from the activity monitor and a finished one from the activity log', async () => {
			script('0100000I000001', 'stuck');
			const started = await job('start', { taskType: 'DSS', task: task('id', '0100000I000001') });
			await new Promise((r) => setTimeout(r, 40));
			const running = await job('getStatus', { taskId: '0100000I000001', runId: String(started.items[0].json.runId) });
			expect(running.items[0].json).toMatchObject({ outcome: 'running', details: { source: 'activityMonitor' } });
			expect(['QUEUED', 'INITIALIZED', 'RUNNING']).toContain(running.items[0].json.rawStatus);
			expect(running.items[0].json.startedAt).toMatch(/Z$/);

			const history = await job('getStatus', { taskId: ORDERS.id, runId: '2' });
			const out = history.items[0].json;
			expect(out).toMatchObject({ outcome: 'failed', rawStatus: '3', errorMessage: 'ORA-00942: table or view does not exist' });
			const raw = out.raw as IDataObject;
			expect(out.startedAt).toBe(raw.startTimeUtc);
			expect(out.durationSeconds).toBe(95);
		});

		it('an unknown run fails naming both places it looked', async () => {
			const result = await job('getStatus', { taskId: ORDERS.id, runId: '99' });
			expect(result.error?.message).toBe('Run 99 of task 0100000Z000009 is neither in the activity monitor nor in the activity log');
			const bad = await job('getStatus', { taskId: ' ', runId: '1' });
			expect(bad.error?.message).toBe('"Task ID" is required');
		});

		it('gets the session log text by task and run, and by activity log entry', async () => {
			const byRun = await job('getSessionLog', { findRunBy: 'run', taskId: ORDERS.id, runId: '2' });
			expect(byRun.items[0].json).toMatchObject({ taskId: ORDERS.id, runId: '2', taskName: ORDERS.name });
			expect(byRun.items[0].json.sessionLog).toContain('RR_4035');
			const byEntry = await job('getSessionLog', { findRunBy: 'activityLogId', activityLogId: String(byRun.items[0].json.activityLogId) });
			expect(byEntry.items[0].json.sessionLog).toBe(byRun.items[0].json.sessionLog);
			const missing = await job('getSessionLog', { findRunBy: 'activityLogId', activityLogId: 'nope' });
			expect(missing.error?.httpCode).toBe('404');
		});
	});

	it('lists tasks of the chosen type for the picker (value: federated ID)', async () => {
		const result = (await harness.loadOptions('informaticaIdmc', 'searchTasks', { resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT' })) as INodeListSearchResult;
		expect(result.results.map((r) => r.name)).toEqual(['Default/MappingTask1', 'Default/Sales/m_load_orders', 'Finance/Warehouse/m_customer_dim']);
		expect(result.results.find((r) => r.name === ORDERS.path)?.value).toBe(ORDERS.federatedId);
		const filtered = (await harness.loadOptions('informaticaIdmc', 'searchTasks', { taskType: 'MTT' }, 'customer')) as INodeListSearchResult;
		expect(filtered.results).toHaveLength(1);
	});

	async function fetchControl(method: string, path: string): Promise<void> {
		await fetch(`${sandbox.url}/__sandbox${path}`, { method });
	}
});

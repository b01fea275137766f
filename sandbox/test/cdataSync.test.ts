import { CDATA_SYNC, FAMILY } from '../core/constants';
import * as cdataSync from '../families/cdataSync';
import { startSandbox, type Sandbox } from '../server';
import { call, until } from './helpers';

const V2 = CDATA_SYNC.v2Prefix;
const auth = { 'x-cdata-authtoken': CDATA_SYNC.token };

describe('sandbox: CData Sync family', () => {
	let sandbox: Sandbox;
	let base: string;
	const api = (method: string, path: string, json?: unknown, headers: Record<string, string> = auth) => call(base, method, `${V2}${path}`, { json, headers });

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 60, families: [cdataSync] });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	async function defaultWorkspace() {
		const res = await api('GET', '/workspaces');
		return (res.json as Array<{ id: string; name: string; is_default: boolean }>).find((w) => w.is_default)!;
	}
	async function jobNamed(jobName: string) {
		for (const ws of (await api('GET', '/workspaces')).json as Array<{ id: string }>) {
			const job = ((await api('GET', `/workspaces/${ws.id}/jobs`)).json as Array<{ id: string; name: string }>).find((j) => j.name === jobName);
			if (job) return job;
		}
		throw new Error(`no job ${jobName}`);
	}

	it('answers 401 in the error shape without a token, with a wrong token, and accepts Basic with the token as password', async () => {
		const none = await api('GET', '/workspaces', undefined, {});
		expect(none.status).toBe(401);
		expect(none.json.error.message).toMatch(/x-cdata-authtoken/);
		expect((await api('GET', '/workspaces', undefined, { 'x-cdata-authtoken': 'nope' })).status).toBe(401);
		const basic = await api('GET', '/workspaces', undefined, { Authorization: `Basic ${Buffer.from(`anyone:${CDATA_SYNC.token}`).toString('base64')}` });
		expect(basic.status).toBe(200);
		const badBasic = await api('GET', '/workspaces', undefined, { Authorization: `Basic ${Buffer.from('anyone:wrong').toString('base64')}` });
		expect(badBasic.status).toBe(401);
	});

	it('seeds Default plus one more workspace, and jobs with tasks', async () => {
		const list = (await api('GET', '/workspaces')).json as Array<{ name: string }>;
		expect(list.map((w) => w.name)).toEqual(['Default', 'Finance']);
		const ws = await defaultWorkspace();
		const jobs = (await api('GET', `/workspaces/${ws.id}/jobs`)).json as Array<{ id: string; task_count: number }>;
		expect(jobs.length).toBeGreaterThanOrEqual(3);
		const tasks = (await api('GET', `/jobs/${jobs[0].id}/tasks`)).json as Array<{ id: string; index: number }>;
		expect(tasks.length).toBe(jobs[0].task_count);
		expect(tasks.map((t) => t.index)).toEqual(tasks.map((_, i) => i));
	});

	it('creates a job with the documented body fields and rejects unknown ones and bad values', async () => {
		const ws = await defaultWorkspace();
		const created = await api('POST', `/workspaces/${ws.id}/jobs`, {
			name: 'ReverseETLJob',
			type: 'ReverseETL',
			source_connection_id: 'src-1',
			destination_connection_id: 'dst-1',
			schedule: { enabled: true, cron: '0 * * * *' },
			send_email: true,
			email_to: 'ops@example.com',
			EmailErrorOnly: true,
			replicate_interval_unit: 'days',
			replicate_start_date: '2024-01-01',
			queries: ['REPLICATE [A]', 'REPLICATE [B]'],
		});
		expect(created.status).toBe(200);
		expect(created.json).toMatchObject({ name: 'ReverseETLJob', type: 'ReverseETL', source_connection: { id: 'src-1' }, schedule: { enabled: true, cron: '0 * * * *' }, email_error_only: true, task_count: 2 });
		expect((await api('POST', `/workspaces/${ws.id}/jobs`, { name: 'x', colour: 'red' })).json.error.message).toMatch(/Unknown field "colour"/);
		expect((await api('POST', `/workspaces/${ws.id}/jobs`, { name: 'x', type: 'Weird' })).status).toBe(400);
		expect((await api('POST', `/workspaces/${ws.id}/jobs`, { name: 'x', replicate_start_date: '01/02/2024' })).status).toBe(400);
		expect((await api('POST', `/workspaces/${ws.id}/jobs`, { name: 'ReverseETLJob' })).status).toBe(409);
	});

	it('runs a job to success, counts the start, writes history with the NOTES fields and task history', async () => {
		const job = await jobNamed('SalesforceToSnowflake');
		const started = await api('POST', `/jobs/${job.id}/execute`, {});
		expect(started.json.status).toBe('Starting');
		expect(sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(1);
		await until(async () => (await api('GET', `/jobs/${job.id}/status`)).json.status === 'Successful');
		const history = (await api('GET', `/jobs/${job.id}/history`)).json as Array<Record<string, unknown>>;
		expect(Object.keys(history[0]).sort()).toEqual(['Details', 'Id', 'JobId', 'JobName', 'LogFile', 'RecordsAffected', 'RunStartDate', 'Runtime', 'Status'].sort());
		expect(history[0].Status).toBe('Successful');
		const one = await api('GET', `/jobs/${job.id}/history/${String(history[0].Id)}`);
		expect(one.json.Id).toBe(history[0].Id);
		expect((await api('GET', `/jobs/${job.id}/history/nope`)).status).toBe(404);
		const lastRun = (await api('GET', `/jobs/${job.id}/tasks/last-run`)).json as Array<{ status: string }>;
		expect(lastRun.every((t) => t.status === 'Successful')).toBe(true);
	});

	it('executes only the selected tasks and rejects a task of another job', async () => {
		const job = await jobNamed('HubSpotToPostgres');
		const tasks = (await api('GET', `/jobs/${job.id}/tasks`)).json as Array<{ id: string }>;
		expect((await api('POST', `/jobs/${job.id}/execute`, { tasks: ['999'] })).status).toBe(404);
		const res = await api('POST', `/jobs/${job.id}/execute`, { tasks: [tasks[1].id, tasks[3].id] });
		expect(res.json.tasks_total).toBe(2);
		await until(async () => (await api('GET', `/jobs/${job.id}/status`)).json.status === 'Successful');
		expect(((await api('GET', `/jobs/${job.id}/tasks/${tasks[1].id}/history`)).json as unknown[]).length).toBe(1);
		expect(((await api('GET', `/jobs/${job.id}/tasks/${tasks[0].id}/history`)).json as unknown[]).length).toBe(0);
	});

	it('scripted warning gives "n of m Tasks Failed", failure gives "Failed" with the message', async () => {
		const job = await jobNamed('HubSpotToPostgres');
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'HubSpotToPostgres', outcome: 'warning' });
		await api('POST', `/jobs/${job.id}/execute`);
		await until(async () => /Tasks Failed/.test((await api('GET', `/jobs/${job.id}/status`)).json.status));
		expect((await api('GET', `/jobs/${job.id}/status`)).json.status).toBe('2 of 5 Tasks Failed');
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'failure', message: 'ORA-00942' });
		await api('POST', `/jobs/${job.id}/execute`);
		await until(async () => (await api('GET', `/jobs/${job.id}/status`)).json.status === 'Failed');
		expect((await api('GET', `/jobs/${job.id}/status`)).json.details).toBe('ORA-00942');
	});

	it('refuses to update or delete a running job (both path spellings), cancels it, then allows both', async () => {
		const job = await jobNamed('NightlySyncAll');
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
		await api('POST', `/jobs/${job.id}/execute`);
		expect((await api('POST', `/jobs/${job.id}/execute`)).status).toBe(409);
		const update = await api('PUT', `/jobs/${job.id}`, { name: 'Renamed' });
		expect(update.status).toBe(409);
		expect(update.json.error.message).toContain('NightlySyncAll');
		expect((await call(base, 'PUT', `${V2}/jobs${job.id}`, { json: { name: 'R' }, headers: auth })).status).toBe(409);
		expect((await api('DELETE', `/jobs/${job.id}`)).status).toBe(409);
		const cancelled = await api('POST', `/jobs/${job.id}/cancel`);
		expect(cancelled.json.status).toBe('Cancelled');
		expect((await api('POST', `/jobs/${job.id}/cancel`)).status).toBe(409);
		expect((await call(base, 'PUT', `${V2}/jobs${job.id}`, { json: { name: 'Renamed', verbosity: 3 }, headers: auth })).json.name).toBe('Renamed');
		expect((await api('PUT', `/jobs/${job.id}`, { verbosity: 4 })).status).toBe(400);
		expect((await call(base, 'DELETE', `${V2}/jobs${job.id}`, { headers: auth })).status).toBe(204);
		expect((await api('GET', `/jobs/${job.id}/status`)).status).toBe(404);
	});

	it('adds, updates, moves and deletes tasks', async () => {
		const job = await jobNamed('NightlySyncAll');
		const added = await api('POST', `/jobs/${job.id}/tasks`, { query: 'REPLICATE [Accounts] SELECT * FROM [Accounts]', is_active: false });
		expect(added.json).toMatchObject({ is_active: false, index: 2 });
		const updated = await api('PUT', `/jobs/${job.id}/tasks/${added.json.id}`, { query: 'REPLICATE [X]', is_active: true, index: 1 });
		expect(updated.json).toMatchObject({ query: 'REPLICATE [X]', is_active: true, index: 1 });
		expect((await api('POST', `/jobs/${job.id}/tasks/${added.json.id}/move`, { from_index: 0, to_index: 2 })).status).toBe(400);
		const moved = await api('POST', `/jobs/${job.id}/tasks/${added.json.id}/move`, { from_index: 1, to_index: 0 });
		expect(moved.json[0].id).toBe(added.json.id);
		expect((await api('GET', `/jobs/${job.id}/tasks/${added.json.id}`)).json.index).toBe(0);
		expect((await api('DELETE', `/jobs/${job.id}/tasks/${added.json.id}`)).status).toBe(204);
		expect((await api('GET', `/jobs/${job.id}/tasks/${added.json.id}`)).status).toBe(404);
	});

	it('forced transitions and status faults use the family shapes', async () => {
		const job = await jobNamed('QuickBooksToBigQuery');
		const forced = await call(base, 'POST', '/__sandbox/jobs/transition', { json: { family: FAMILY.cdataSync, id: job.id, to: 'Failed' } });
		expect(forced.status).toBe(200);
		expect((await api('GET', `/jobs/${job.id}/status`)).json.status).toBe('Failed');
		sandbox.faults.add({ match: { family: FAMILY.cdataSync }, kind: 'status', status: 503, next: 1 });
		const faulted = await api('GET', '/workspaces');
		expect(faulted.status).toBe(503);
		expect(faulted.json.error.code).toBe('503');
	});

	it('runs one job k times in a row: one history record each, newest first; 409 while one runs; counts starts and cancels per job and run', async () => {
		const job = await jobNamed('SalesforceToSnowflake');
		const statusOf = async () => (await api('GET', `/jobs/${job.id}/status`)).json.status as string;
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'failure', message: 'run 2 failed', runTimeMs: 20 });
		await api('POST', `/jobs/${job.id}/execute`); // run 1: stuck until cancelled
		const refused = await api('POST', `/jobs/${job.id}/execute`);
		expect(refused.status).toBe(409);
		expect(refused.json).toEqual({ error: { code: 'JOB_RUNNING', message: 'The job "SalesforceToSnowflake" is already running.' } });
		const stuckId = (await api('GET', `/jobs/${job.id}/history`)).json[0].Id as string;
		expect((await api('POST', `/jobs/${job.id}/cancel`)).json.status).toBe('Cancelled');
		await api('POST', `/jobs/${job.id}/execute`);
		await until(async () => (await statusOf()) === 'Failed');
		await api('POST', `/jobs/${job.id}/execute`);
		await until(async () => (await statusOf()) === 'Successful');
		const history = (await api('GET', `/jobs/${job.id}/history`)).json as Array<{ Id: string; RunStartDate: string; Status: string; Details: string }>;
		const mine = history.slice(0, 3);
		expect(mine.map((h) => h.Status)).toEqual(['Successful', 'Failed', 'Cancelled']);
		expect(mine.map((h) => h.Details)).toEqual(['3 tasks completed.', 'run 2 failed', 'The job was cancelled by the user.']);
		expect(new Set(mine.map((h) => h.Id)).size).toBe(3);
		expect(new Set(mine.map((h) => h.RunStartDate)).size).toBe(3);
		const starts = mine.map((h) => Date.parse(h.RunStartDate));
		expect([...starts].sort((a, b) => b - a)).toEqual(starts);
		const counters = sandbox.counters.snapshot();
		expect(counters.starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(3);
		expect(counters.stops).toEqual({ [`${FAMILY.cdataSync}:${job.id}`]: 1 });
		expect(counters.runStops).toEqual({ [`${FAMILY.cdataSync}:${job.id}:${stuckId}`]: 1 });
	});
});

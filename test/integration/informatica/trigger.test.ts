/**
 * The Informatica IDMC Trigger, polled through n8n-core's PollContext against the sandbox.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { forgetSharedLogins } from '../../../credentials/InformaticaIdmcApi.credentials';
import { InformaticaIdmcTrigger } from '../../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import { forgetRecentEmissions } from '../../../nodes/shared/statusWatch';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const DI = FAMILY.informaticaDataIntegration;
const ORDERS = '0100000Z000009';
const MONITOR = `GET ${INFORMATICA.v2Prefix}/activity/activityMonitor`;
const LOG = `GET ${INFORMATICA.v2Prefix}/activity/activityLog`;

describe('Informatica IDMC Trigger (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	let session: string;
	const env = useInformaticaEnv([informaticaDataIntegration, informaticaDbmi], { runTimeMs: 100, nodeTypes: [InformaticaIdmcTrigger], bind: (e) => ({ sandbox, harness } = e) });
	beforeEach(async () => {
		const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }),
		});
		session = ((await login.json()) as { icSessionId: string }).icSessionId;
		sandbox.counters.reset();
	});

	const newHarness = () => env.newHarness();

	/** Calls the sandbox's vendor API directly (as another user of the org would). */
	async function vendor(method: string, path: string, body?: IDataObject): Promise<IDataObject> {
		const res = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', icSessionId: session, 'IDS-SESSION-ID': session },
			body: body ? JSON.stringify(body) : undefined,
		});
		return (await res.json()) as IDataObject;
	}
	const startTask = (taskId: string, taskType = 'MTT') => vendor('POST', `${INFORMATICA.v2Prefix}/job`, { taskId, taskType });
	const finish = (taskId: string, runId: unknown, to: string) => sandbox.transition(DI, `${taskId}:${runId}`, to);
	const stuck = (key: string, times = 1) => sandbox.scripts.add({ family: DI, key, outcome: 'stuck', times });
	const requests = () => {
		const { requests: r } = sandbox.counters.snapshot();
		return Object.entries(r)
			.filter(([key]) => !key.includes('/user/login'))
			.reduce((n, [, v]) => n + v, 0);
	};

	const poll = (parameters: INodeParameters, staticData: IDataObject, h = harness, mode?: 'manual' | 'trigger') =>
		h.poll({ type: 'informaticaIdmcTrigger', parameters: { watch: ['dataIntegration'], ...parameters }, staticData, mode });
	const json = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json);

	it('records a baseline without emitting, then emits each transition once with UTC times and the error message', async () => {
		const staticData: IDataObject = {};
		expect(await poll({}, staticData)).toBeNull();
		expect(await poll({}, staticData)).toBeNull();

		stuck(ORDERS);
		const started = await startTask(ORDERS);
		// Let the stuck run reach RUNNING by itself (its last scheduled step), so no later step changes it.
		const runState = () => (sandbox.state(DI) as { runs: Array<{ taskId: string; runId: number; state: string }> }).runs.find((r) => r.taskId === ORDERS && r.runId === started.runId)?.state;
		for (const end = Date.now() + 3000; runState() !== 'RUNNING' && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
		const running = json(await poll({}, staticData));
		expect(running).toHaveLength(1);
		expect(running[0]).toMatchObject({ source: 'dataIntegration', taskId: ORDERS, taskName: 'm_load_orders', runId: String(started.runId), outcome: 'running', rawStatus: 'RUNNING', previousState: null });
		expect(await poll({}, staticData)).toBeNull();

		finish(ORDERS, started.runId, 'FAILED');
		const failed = json(await poll({}, staticData));
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ outcome: 'failed', rawStatus: '3', previousState: 'RUNNING', previousOutcome: 'running', taskType: 'MTT' });
		expect(failed[0].errorMessage).toBe('The task failed.');
		expect(failed[0].startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(failed[0].endedAt).toMatch(/Z$/);
		expect(failed[0].activityLogId).toEqual(expect.any(String));
		expect(await poll({}, staticData)).toBeNull();
	});

	it('emits runs that started and finished between two polls (never seen running)', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		stuck('0100000I000001');
		stuck('0100000G000002');
		const a = await startTask('0100000I000001', 'DSS');
		const b = await startTask('0100000G000002', 'DRS');
		finish('0100000I000001', a.runId, 'SUCCESS');
		await new Promise((r) => setTimeout(r, 5));
		finish('0100000G000002', b.runId, 'WARNING');
		const emitted = json(await poll({}, staticData));
		expect(emitted.map((e) => [e.taskName, e.outcome])).toEqual([
			['sync_accounts', 'succeeded'],
			['rep_salesforce', 'warning'],
		]);
	});

	it('a failed poll (sandbox fault) loses nothing: the next poll emits the transition', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		const before = JSON.stringify(staticData);
		stuck(ORDERS);
		const started = await startTask(ORDERS);
		finish(ORDERS, started.runId, 'SUCCESS');
		sandbox.faults.add({ match: { path: '/activityLog' }, kind: 'status', status: 500, next: 1 });
		await expect(poll({}, staticData)).rejects.toThrow(/500/);
		expect(JSON.stringify(staticData)).toBe(before);
		const emitted = json(await poll({}, staticData));
		expect(emitted).toHaveLength(1);
		expect(emitted[0]).toMatchObject({ runId: String(started.runId), outcome: 'succeeded' });
	});

	it('a restart (static data saved and reloaded, new process) does not re-emit', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		stuck(ORDERS);
		const started = await startTask(ORDERS);
		finish(ORDERS, started.runId, 'SUCCESS');
		expect(json(await poll({}, staticData))).toHaveLength(1);
		const reloaded = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(await poll({}, reloaded, newHarness())).toBeNull();
	});

	it('the outcome filter fires only on the chosen outcomes; selected tasks limit the runs', async () => {
		const onlyFailures: IDataObject = {};
		const onlyOrders: IDataObject = {};
		await poll({ outcomes: ['failed'] }, onlyFailures);
		await poll({ dataIntegrationTasks: 'selected', taskIdsOrNames: 'M_LOAD_ORDERS, 0034J90000000M' }, onlyOrders);
		stuck(ORDERS);
		stuck('0100000I000001');
		const a = await startTask(ORDERS);
		const b = await startTask('0100000I000001', 'DSS');
		finish(ORDERS, a.runId, 'SUCCESS');
		finish('0100000I000001', b.runId, 'FAILED');
		expect(json(await poll({ outcomes: ['failed'] }, onlyFailures)).map((e) => e.taskName)).toEqual(['sync_accounts']);
		expect(json(await poll({ dataIntegrationTasks: 'selected', taskIdsOrNames: 'M_LOAD_ORDERS, 0034J90000000M' }, onlyOrders)).map((e) => e.taskName)).toEqual(['m_load_orders']);
	});

	it('manual mode returns a sample of recent runs and saves nothing', async () => {
		const staticData: IDataObject = {};
		const sample = json(await poll({}, staticData, harness, 'manual'));
		expect(sample.length).toBeGreaterThan(0);
		expect(sample.length).toBeLessThanOrEqual(5);
		expect(sample[0]).toMatchObject({ source: 'dataIntegration', outcome: expect.any(String) });
		expect(staticData).toEqual({});
	});

	it('costs the same requests per poll for 10 and for 100 tasks with runs (activity monitor + one log page)', async () => {
		async function measure(taskCount: number): Promise<number[]> {
			sandbox.reset();
			forgetSharedLogins(); // the reset ended the sessions: start from a fresh credential, as after activation
			harness = newHarness();
			const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }),
			});
			session = ((await login.json()) as { icSessionId: string }).icSessionId;
			const ids: string[] = [];
			for (let i = 0; i < taskCount; i++) {
				const created = await vendor('POST', `${INFORMATICA.v2Prefix}/mttask`, { '@type': 'mtTask', name: `m_bulk_${i}` });
				ids.push(String(created.id));
			}
			for (const id of ids) stuck(id);
			const runs = [];
			for (const id of ids) runs.push(await startTask(id));
			const staticData: IDataObject = {};
			const perPoll: number[] = [];
			const measured = async () => {
				sandbox.counters.reset();
				const items = await poll({}, staticData);
				perPoll.push(requests());
				return items;
			};
			await measured(); // baseline: every run is in the monitor
			runs.forEach((r, i) => finish(ids[i], r.runId, i % 3 === 0 ? 'FAILED' : 'SUCCESS'));
			expect(await measured()).toHaveLength(taskCount); // every run finished between two polls, none missed
			await measured();
			return perPoll;
		}
		const ten = await measure(10);
		const hundred = await measure(100);
		expect(ten).toEqual([2, 2, 2]);
		expect(hundred).toEqual(ten);
		expect(sandbox.counters.snapshot().requests[MONITOR]).toBe(1);
		expect(sandbox.counters.snapshot().requests[LOG]).toBe(1);
	});

	it('reads more log pages only after a burst bigger than a page, and misses no run', async () => {
		const staticData: IDataObject = {};
		const parameters = { options: { activityLogPageSize: 3 } };
		await poll(parameters, staticData);
		const tasks: Array<[string, string]> = [
			[ORDERS, 'MTT'],
			['0100000Z00000A', 'MTT'],
			['0100000I000001', 'DSS'],
			['0100000G000002', 'DRS'],
			['0034J90000000M', 'WORKFLOW'],
			['0100000P000004', 'PCS'],
			['0100000Z000009', 'MTT'],
		];
		let count = 0;
		for (const [id, type] of tasks.slice(0, 6)) {
			stuck(id);
			const started = await startTask(id, type);
			finish(id, started.runId, 'SUCCESS');
			await new Promise((r) => setTimeout(r, 2));
			count++;
		}
		sandbox.counters.reset();
		const emitted = json(await poll(parameters, staticData));
		expect(emitted).toHaveLength(count);
		// 6 new runs, pages of 3: the monitor, then pages until one reaches the previous poll
		expect(sandbox.counters.snapshot().requests[LOG]).toBe(3);
		expect(sandbox.counters.snapshot().requests[MONITOR]).toBe(1);
	});

	it('watches selected Database Ingestion jobs through job/status, one read per job', async () => {
		const staticData: IDataObject = {};
		const parameters = { watch: ['databaseIngestion'], databaseIngestionJobIds: '15' };
		expect(await poll(parameters, staticData)).toBeNull();
		sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 15, outcome: 'failure', message: 'ORA-01031: insufficient privileges', runTimeMs: 30 });
		await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/start`, { jobId: '15' });
		const end = Date.now() + 3000;
		const seen: IDataObject[] = [];
		while (Date.now() < end && !seen.some((e) => e.outcome === 'failed')) {
			sandbox.counters.reset();
			seen.push(...json(await poll(parameters, staticData)));
			expect(sandbox.counters.snapshot().requests[`GET ${INFORMATICA.dbmiPrefix}/job/status`]).toBe(1);
			await new Promise((r) => setTimeout(r, 10));
		}
		const failed = seen.find((e) => e.outcome === 'failed')!;
		expect(failed).toMatchObject({ source: 'databaseIngestion', jobId: '15', rawStatus: 'failed', errorMessage: 'ORA-01031: insufficient privileges' });
		expect(failed.endedAt).toMatch(/Z$/);
		expect(new Set(seen.map((e) => e.state)).size).toBe(seen.length); // each state once
		expect(await poll(parameters, staticData)).toBeNull();
	});

	it('renews an expired session during a poll with exactly one new login', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
		const loginsBefore = sandbox.counters.snapshot().logins;
		expect(await poll({}, staticData)).toBeNull();
		expect(sandbox.counters.snapshot().logins - loginsBefore).toBe(1);
	});

	describe('Database Ingestion: runs between two polls (the status answer shows only the latest run)', () => {
		const DBMI = FAMILY.informaticaDbmi;
		const all = { watch: ['databaseIngestion'], databaseIngestionJobIds: '15', outcomes: [] };
		const failedOnly = { ...all, outcomes: ['failed'] };
		const jobStatus = () => (sandbox.state(DBMI) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((j) => j.jobId === 15)!.status;
		/** Starts (or resumes) job 15 and waits until the run has ended. */
		async function runJob(kind: 'start' | 'resume', outcome: 'failure' | 'success') {
			if (outcome === 'failure') sandbox.scripts.add({ family: DBMI, key: 15, outcome: 'failure', message: 'ORA-01031', runTimeMs: 20 });
			else sandbox.scripts.add({ family: DBMI, key: 15, outcome: 'success', runTimeMs: 20 });
			await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/${kind}`, { jobId: kind === 'resume' ? 15 : '15' });
			const until = Date.now() + 3000;
			while (Date.now() < until && !['failed', 'completed'].includes(jobStatus())) await new Promise((r) => setTimeout(r, 5));
			await new Promise((r) => setTimeout(r, 2)); // two runs never share a start time
		}

		it('a run that failed and was resumed before the next poll: the latest run, flagged, also for "failed only"', async () => {
			const data: IDataObject = {};
			const dataFailed: IDataObject = {};
			expect(await poll(all, data)).toBeNull();
			expect(await poll(failedOnly, dataFailed)).toBeNull();
			await runJob('start', 'failure');
			await runJob('resume', 'success');
			const emitted = json(await poll(all, data));
			expect(emitted).toHaveLength(1);
			expect(emitted[0]).toMatchObject({ outcome: 'succeeded', runsMayHaveBeenMissed: true, missedRunsAtLeast: 1, lastAction: 'Job was resumed by a user.' });
			const failures = json(await poll(failedOnly, dataFailed));
			expect(failures.map((e) => [e.outcome, e.runsMayHaveBeenMissed])).toEqual([['succeeded', true]]);
			expect(await poll(all, data)).toBeNull();
		});

		it('a run seen running and replaced before a poll saw it end is counted as missed', async () => {
			const data: IDataObject = {};
			await poll(all, data);
			sandbox.scripts.add({ family: DBMI, key: 15, outcome: 'stuck' });
			await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/start`, { jobId: '15' });
			await new Promise((r) => setTimeout(r, 30));
			expect(json(await poll(all, data)).map((e) => [e.outcome, e.runsMayHaveBeenMissed])).toEqual([['running', false]]);
			sandbox.transition(DBMI, '15', 'completed');
			await runJob('start', 'success');
			expect(json(await poll(all, data)).map((e) => [e.outcome, e.missedRunsAtLeast])).toEqual([['succeeded', 1]]);
		});

		it.each([2, 3, 4, 5])('%i runs (failed, resumed...) between polls: one flagged item; restart and a repeated poll add nothing', async (k) => {
			let data: IDataObject = {};
			await poll(all, data);
			await runJob('start', 'success');
			expect(json(await poll(all, data)).map((e) => [e.outcome, e.runsMayHaveBeenMissed])).toEqual([['succeeded', false]]);
			await runJob('start', 'failure');
			for (let i = 1; i < k - 1; i++) await runJob('resume', 'failure');
			await runJob('resume', 'success');
			data = JSON.parse(JSON.stringify(data)) as IDataObject; // restart
			forgetRecentEmissions();
			const saved = JSON.stringify(data);
			const emitted = json(await poll(all, data));
			expect(emitted.map((e) => [e.outcome, e.runsMayHaveBeenMissed, e.missedRunsAtLeast])).toEqual([['succeeded', true, 1]]);
			expect(await poll(all, JSON.parse(saved) as IDataObject)).toBeNull(); // the same poll again, same saved state
			expect(await poll(all, data)).toBeNull();
		});
	});
});

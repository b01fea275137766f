import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcTrigger } from '../../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from '../informatica/setup';
import { jump, resetClock } from './clock';

const DI = FAMILY.informaticaDataIntegration;
const ORDERS = '0100000Z000009';
const OTHER = '0100000Z00000A';

describe('trigger promises: DI trigger', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	let session: string;
	useInformaticaEnv([informaticaDataIntegration, informaticaDbmi], { runTimeMs: 100, nodeTypes: [InformaticaIdmcTrigger], bind: (e) => ({ sandbox, harness } = e) });
	const relogin = async () => {
		const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }),
		});
		session = ((await login.json()) as { icSessionId: string }).icSessionId;
	};
	beforeEach(relogin);
	afterEach(() => resetClock());
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
	const poll = (parameters: INodeParameters, staticData: IDataObject, mode?: 'manual' | 'trigger') =>
		harness.poll({ type: 'informaticaIdmcTrigger', parameters: { watch: ['dataIntegration'], ...parameters }, staticData, mode });
	const json = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json);
	async function runOnce(taskId: string, to = 'SUCCESS') {
		stuck(taskId);
		const s = await startTask(taskId);
		finish(taskId, s.runId, to);
		await new Promise((r) => setTimeout(r, 3));
		return String(s.runId);
	}

	it('burst bigger than 1 + MAX_CATCH_UP_PAGES pages: every run ended must fire', async () => {
		const staticData: IDataObject = {};
		const parameters = { options: { activityLogPageSize: 2 } };
		await poll(parameters, staticData);
		const ids: string[] = [];
		for (let i = 0; i < 14; i++) ids.push(await runOnce(ORDERS));
		const emitted = json(await poll(parameters, staticData));
		const next = json(await poll(parameters, staticData));
		const seen = [...emitted, ...next].map((e) => String(e.runId));
		expect(ids.filter((id) => !seen.includes(id))).toEqual([]);
	});

	it('task newly added to the selection: its runs that ended before the last poll must not fire', async () => {
		const staticData: IDataObject = {};
		const only = { dataIntegrationTasks: 'selected', taskIdsOrNames: ORDERS };
		const both = { dataIntegrationTasks: 'selected', taskIdsOrNames: `${ORDERS},${OTHER}` };
		await poll(only, staticData);
		await runOnce(OTHER, 'FAILED');
		// OTHER started and is still running before the last poll under the old selection
		stuck(OTHER);
		await startTask(OTHER);
		await new Promise((r) => setTimeout(r, 50));
		expect(await poll(only, staticData)).toBeNull();
		jump(3600_000); // an hour passes; ORDERS runs once, polls go on
		await relogin();
		const o = await runOnce(ORDERS);
		expect(json(await poll(only, staticData)).map((e) => e.runId)).toEqual([o]);
		const emitted = json(await poll(both, staticData));
		expect(emitted).toEqual([]);
	});

	it('outcome filter: runs dropped by the filter are not re-fired when the filter changes', async () => {
		const staticData: IDataObject = {};
		await poll({ outcomes: ['failed'] }, staticData);
		await runOnce(ORDERS, 'SUCCESS');
		expect(await poll({ outcomes: ['failed'] }, staticData)).toBeNull();
		expect(json(await poll({ outcomes: [] }, staticData))).toEqual([]);
	});

	it('manual poll between two real polls changes nothing', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		const r = await runOnce(ORDERS, 'FAILED');
		const before = JSON.stringify(staticData);
		const sample = json(await poll({}, staticData, 'manual'));
		expect(sample.length).toBeGreaterThan(0);
		expect(JSON.stringify(staticData)).toBe(before);
		const emitted = json(await poll({}, staticData));
		expect(emitted.map((e) => e.runId)).toEqual([r]);
	});

	it('state size after 200 runs', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		let emitted = 0;
		for (let i = 0; i < 200; i++) {
			await runOnce(ORDERS);
			if (i % 10 === 9) emitted += (await poll({}, staticData))?.length ?? 0;
		}
		expect(emitted).toBe(200);
		expect(JSON.stringify(staticData.statusWatch).length).toBeLessThan(40_000);
	});

	it('Activity Log Page Size that is not a whole number from 1 to 1000 fails naming the field before any request', async () => {
		for (const activityLogPageSize of ['abc', 0, 2.5, 5000]) {
			const before = sandbox.requests().length;
			await expect(poll({ options: { activityLogPageSize } }, {})).rejects.toThrow(/Activity Log Page Size/);
			expect(sandbox.requests().length).toBe(before);
		}
	});
});

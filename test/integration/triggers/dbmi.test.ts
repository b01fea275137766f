import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcTrigger } from '../../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from '../informatica/setup';
import { jump, resetClock } from './clock';

const DBMI = FAMILY.informaticaDbmi;

describe('trigger promises: DBMI trigger', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	let session: string;
	useInformaticaEnv([informaticaDataIntegration, informaticaDbmi], { runTimeMs: 100, nodeTypes: [InformaticaIdmcTrigger], bind: (e) => ({ sandbox, harness } = e) });
	beforeEach(async () => {
		const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }),
		});
		session = ((await login.json()) as { icSessionId: string }).icSessionId;
	});
	afterEach(() => resetClock());
	async function vendor(method: string, path: string, body?: IDataObject): Promise<IDataObject> {
		const res = await fetch(`${sandbox.url}${path}`, { method, headers: { 'content-type': 'application/json', icSessionId: session, 'IDS-SESSION-ID': session }, body: body ? JSON.stringify(body) : undefined });
		return (await res.json()) as IDataObject;
	}
	const params = (ids: string, outcomes: string[] = []): INodeParameters => ({ watch: ['databaseIngestion'], databaseIngestionJobIds: ids, outcomes });
	const poll = (parameters: INodeParameters, staticData: IDataObject) => harness.poll({ type: 'informaticaIdmcTrigger', parameters, staticData });
	const json = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json);
	const status = (id: number) => (sandbox.state(DBMI) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((j) => j.jobId === id)!.status;
	async function runJob(id: number, outcome: 'failure' | 'success' | 'stuck', kind: 'start' | 'resume' = 'start') {
		sandbox.scripts.add({ family: DBMI, key: id, outcome, message: 'ORA-1', runTimeMs: 20 });
		await vendor('POST', `${INFORMATICA.dbmiPrefix}/job/${kind}`, { jobId: String(id) });
		const until = Date.now() + 3000;
		if (outcome === 'stuck') {
			while (Date.now() < until && status(id) !== 'running') await new Promise((r) => setTimeout(r, 5));
		} else while (Date.now() < until && !['failed', 'completed'].includes(status(id))) await new Promise((r) => setTimeout(r, 5));
		await new Promise((r) => setTimeout(r, 3));
	}

	it('run running at baseline, ends later: fires once', async () => {
		const data: IDataObject = {};
		await runJob(15, 'stuck');
		await poll(params('15'), data);
		sandbox.transition(DBMI, '15', 'completed');
		const e = json(await poll(params('15'), data));
		expect(e.map((x) => [x.outcome, x.runsMayHaveBeenMissed])).toEqual([['succeeded', false]]);
		expect(await poll(params('15'), data)).toBeNull();
	});

	it('"failed only": run seen running, replaced before its end was seen -> flagged item fires despite the filter', async () => {
		const data: IDataObject = {};
		await poll(params('15', ['failed']), data);
		await runJob(15, 'stuck');
		expect(await poll(params('15', ['failed']), data)).toBeNull();
		sandbox.transition(DBMI, '15', 'completed');
		await runJob(15, 'success');
		const e = json(await poll(params('15', ['failed']), data));
		expect(e.map((x) => [x.outcome, x.runsMayHaveBeenMissed, x.missedRunsAtLeast])).toEqual([['succeeded', true, 1]]);
	});

	it('job removed from the list and re-added: its run while unselected must not fire (docs)', async () => {
		const data: IDataObject = {};
		await poll(params('15,16'), data);
		await poll(params('16'), data);
		await runJob(15, 'failure');
		expect(await poll(params('16'), data)).toBeNull();
		jump(3600_000);
		expect(await poll(params('16'), data)).toBeNull();
		const e = json(await poll(params('15,16'), data));
		expect(e).toEqual([]);
	});
});

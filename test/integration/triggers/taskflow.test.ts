import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcTrigger } from '../../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaTaskflow from '../../../sandbox/families/informaticaTaskflow';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from '../informatica/setup';

describe('trigger promises: taskflow trigger', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	let session: string;
	useInformaticaEnv([informaticaTaskflow], { runTimeMs: 20, nodeTypes: [InformaticaIdmcTrigger], bind: (e) => ({ sandbox, harness } = e) });
	beforeEach(async () => {
		const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }) });
		session = ((await login.json()) as { icSessionId: string }).icSessionId;
	});
	async function runTaskflow(apiName: string): Promise<string> {
		const res = await fetch(`${sandbox.url}/active-bpel/rt/${apiName}`, { method: 'POST', headers: { 'content-type': 'application/json', 'INFA-SESSION-ID': session }, body: '{}' });
		return /"RunId":"(\d+)"/.exec(await res.text())![1];
	}
	const poll = (parameters: INodeParameters, staticData: IDataObject) => harness.poll({ type: 'informaticaIdmcTrigger', parameters: { watch: ['taskflow'], ...parameters }, staticData });

	it('more than 4 pages x 50 runs started between two polls: every run must fire', async () => {
		const data: IDataObject = {};
		await poll({}, data);
		const ids: string[] = [];
		for (let i = 0; i < 230; i++) ids.push(await runTaskflow('tf_nightly_load'));
		await new Promise((r) => setTimeout(r, 300));
		const a = (await poll({}, data)) ?? [];
		const b = (await poll({}, data)) ?? [];
		const seen = new Set([...a, ...b].map((i) => String(i.json.runId)));
		const lost = ids.filter((id) => !seen.has(id));
		expect(lost).toEqual([]);
	});
});

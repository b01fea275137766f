/**
 * The Informatica IDMC Trigger watching taskflow runs (the taskflow status list), polled through n8n-core's
 * PollContext against the sandbox.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcTrigger } from '../../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaTaskflow from '../../../sandbox/families/informaticaTaskflow';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const TF = FAMILY.informaticaTaskflow;

describe('Informatica IDMC Trigger: taskflow runs (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	let session: string;
	useInformaticaEnv([informaticaTaskflow], { runTimeMs: 100, nodeTypes: [InformaticaIdmcTrigger], bind: (e) => ({ sandbox, harness } = e) });
	beforeEach(async () => {
		const login = await fetch(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password }),
		});
		session = ((await login.json()) as { icSessionId: string }).icSessionId;
	});

	/** Runs a taskflow as another client of the org would; the Long run id is read from the text. */
	async function runTaskflow(apiName: string, body: IDataObject = {}): Promise<string> {
		const res = await fetch(`${sandbox.url}/active-bpel/rt/${apiName}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'INFA-SESSION-ID': session },
			body: JSON.stringify(body),
		});
		return /"RunId":"(\d+)"/.exec(await res.text())![1];
	}
	const poll = (parameters: INodeParameters, staticData: IDataObject) =>
		harness.poll({ type: 'informaticaIdmcTrigger', parameters: { watch: ['taskflow'], ...parameters }, staticData });
	const json = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json);

	it('records a baseline, then emits a run going RUNNING and then FAILED once each, with the exact Long run id', async () => {
		const staticData: IDataObject = {};
		expect(await poll({}, staticData)).toBeNull();
		sandbox.scripts.add({ family: TF, key: 'tf_nightly_load', outcome: 'stuck' });
		const runId = await runTaskflow('tf_nightly_load');
		const running = json(await poll({}, staticData));
		expect(running).toHaveLength(1);
		expect(running[0]).toMatchObject({ source: 'taskflow', runId, taskflowName: 'tf_nightly_load', outcome: 'running', rawStatus: 'RUNNING' });
		expect(await poll({}, staticData)).toBeNull();
		sandbox.transition(TF, runId, 'FAILED');
		const failed = json(await poll({}, staticData));
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ runId, outcome: 'failed', rawStatus: 'FAILED', previousState: 'RUNNING', errorMessage: 'A step of the taskflow failed.' });
		expect(await poll({}, staticData)).toBeNull();
	});

	it('emits runs that started and ended between two polls, filtered by taskflow name and outcome', async () => {
		const staticData: IDataObject = {};
		const parameters = { taskflowNames: 'Customer Sync', outcomes: ['failed', 'succeeded'] };
		await poll(parameters, staticData);
		sandbox.scripts.add({ family: TF, key: 'tf_customer_sync', outcome: 'failure', message: 'Customer not found', runTimeMs: 10 });
		const failedRun = await runTaskflow('tf_customer_sync', { customerId: 'C-9' });
		const other = await runTaskflow('tf_nightly_load');
		await new Promise((r) => setTimeout(r, 250));
		const emitted = json(await poll(parameters, staticData));
		expect(emitted.map((e) => [e.runId, e.outcome])).toEqual([[failedRun, 'failed']]);
		expect(emitted[0].errorMessage).toBe('Customer not found');
		expect(emitted.some((e) => e.runId === other)).toBe(false);
	});

	it('a run that was running at the last poll and is no longer listed is read by its id (terminated: cancelled)', async () => {
		const staticData: IDataObject = {};
		await poll({}, staticData);
		sandbox.scripts.add({ family: TF, key: 'tf_nightly_load', outcome: 'stuck' });
		const runId = await runTaskflow('tf_nightly_load');
		await poll({}, staticData);
		// Move the watch's cursor past the run's start, as if many polls had gone by: only the by-id read can see its end.
		const state = Object.values(staticData).find((v) => v && typeof v === 'object' && 'cursor' in (v as IDataObject)) as IDataObject;
		const cursor = JSON.parse(String(state.cursor)) as { tf: { since: string; running: string[] } };
		expect(cursor.tf.running).toEqual([runId]);
		cursor.tf.since = new Date(Date.now() + 3_600_000).toISOString();
		state.cursor = JSON.stringify(cursor);
		await fetch(`${sandbox.url}/active-bpel/services/tf/terminate`, { method: 'PUT', headers: { 'content-type': 'application/json', 'INFA-SESSION-ID': session }, body: JSON.stringify({ runid: [runId] }) });
		const ended = json(await poll({}, staticData));
		expect(ended).toMatchObject([{ runId, outcome: 'cancelled', rawStatus: 'STOPPED' }]);
		expect(sandbox.requests().some((r) => r.path === `/active-bpel/services/tf/status/${runId}`)).toBe(true);
	});

	it('Fetch Test Event returns recent runs, finished ones included, and saves nothing', async () => {
		sandbox.scripts.add({ family: TF, key: 'tf_nightly_load', outcome: 'failure', runTimeMs: 10 });
		const runId = await runTaskflow('tf_nightly_load');
		await new Promise((r) => setTimeout(r, 100));
		const staticData: IDataObject = {};
		const sample = json(await harness.poll({ type: 'informaticaIdmcTrigger', parameters: { watch: ['taskflow'] }, staticData, mode: 'manual' }));
		expect(sample).toMatchObject([{ source: 'taskflow', runId, outcome: 'failed' }]);
		expect(staticData).toEqual({});
	});
});

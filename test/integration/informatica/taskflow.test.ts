/**
 * The Informatica IDMC node's Taskflow operations (taskflows published as services), driven through n8n-core
 * against the sandbox: on the pod host without /saas, Long run ids kept exact, waits, terminate, cancel.
 */
import type { INodeParameters } from 'n8n-workflow';

import { FAMILY } from '../../../sandbox/core/constants';
import * as informaticaTaskflow from '../../../sandbox/families/informaticaTaskflow';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness, RunNodeResult } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe('Informatica IDMC node: Taskflow (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaTaskflow], { bind: (env) => ({ sandbox, harness } = env) });

	const op = (operation: string, parameters: INodeParameters = {}, extra: { continueOnFail?: boolean; cancelWhen?: Promise<unknown> } = {}) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'taskflow', operation, ...parameters }, ...extra });
	const requests = (method: string, suffix: string) => sandbox.requests().filter((r) => r.method === method && r.path.includes(suffix));

	it('runs a taskflow by API name on /active-bpel (no /saas) with the inputs as one JSON body, and waits for SUCCESS', async () => {
		const result = await op('runTaskflow', {
			apiName: 'tf_customer_sync',
			inputs: { input: [{ name: 'customerId', value: 'C-1001' }] },
			inputsJson: '{"batchSize": 500, "customerId": "overridden"}',
			waitForCompletion: true,
			waitOptions: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		const out = result.items[0].json;
		expect(out).toMatchObject({ apiName: 'tf_customer_sync', outcome: 'succeeded', rawStatus: 'SUCCESS', name: 'Customer Sync', location: 'Default/CRM', startedByThisItem: true, wait: { end: 'finished' } });
		// Quirk: the run id is a Long beyond 2^53, written unquoted in the status JSON; it stays exact.
		expect(out.runId).toBe('20262247166322421487');
		const start = requests('POST', '/rt/')[0];
		expect(start.path).toBe('/active-bpel/rt/tf_customer_sync');
		expect(start.body).toEqual({ batchSize: 500, customerId: 'C-1001' });
		expect(start.headers['ids-session-id']).toBeDefined();
		expect(start.headers['infa-session-id']).toBe(start.headers['ids-session-id']);
		expect(requests('GET', '/services/tf/status/').every((r) => r.path === '/active-bpel/services/tf/status/20262247166322421487')).toBe(true);
	});

	it('without waiting it answers the run id; Get Status reads it, Get Many lists runs by status', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'success', runTimeMs: 1500 });
		const started = await op('runTaskflow', { apiName: 'tf_nightly_load' });
		expect(started.items[0].json).toMatchObject({ runId: expect.stringMatching(/^\d{20}$/), outcome: 'running', rawStatus: 'RUNNING' });
		const runId = String(started.items[0].json.runId);
		const status = await op('getStatus', { runId });
		expect(status.items[0].json).toMatchObject({ runId, assetType: 'TASKFLOW', status: 'RUNNING', outcome: 'running' });
		const running = await op('getMany', { filters: { runStatus: 'Running' } });
		expect(running.items.map((i) => i.json.runId)).toEqual([runId]);
		expect(sandbox.requests().find((r) => r.path === '/active-bpel/services/tf/status')?.query).toMatchObject({ runStatus: 'Running', offset: '0', rowLimit: '50' });
		const followed = await op('getStatus', { runId, waitForCompletion: true, waitOptions: FAST_WAIT });
		expect(followed.items[0].json).toMatchObject({ outcome: 'succeeded', attached: true, startedByThisItem: false });
		const none = await op('getMany', { filters: { runStatus: 'Running' } });
		expect(none.items).toEqual([]);
	});

	it('Get Many: a Started After that is no date (a day its month lacks, free text) fails naming the field, before any request', async () => {
		for (const startTime of ['2024-02-31T00:00:00', '2023-02-29T00:00:00', '2024-04-31', 'x 1', '2024-02-10T25:00:00']) {
			const result = await op('getMany', { returnAll: true, filters: { startTime } });
			expect(result.error?.message).toBe(`"Started After" is not a date and time: "${startTime}"`);
		}
		expect(requests('GET', '/services/tf/status')).toEqual([]);
		// A leap day and a date with a time zone are dates.
		const ok = await op('getMany', { returnAll: true, filters: { startTime: '2024-02-29T08:00:00Z', endTime: '2024-03-01T00:00:00+01:00' } });
		expect(ok.error).toBeUndefined();
		expect(sandbox.requests().find((r) => r.path === '/active-bpel/services/tf/status')?.query).toMatchObject({ startTime: '2024-02-29T08:00:00Z', endTime: '2024-02-29T23:00:00Z' });
	});

	it('a failed run fails the item with its error message; a suspended run ends the wait as failed', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'failure', message: 'Step Load Orders failed' });
		const failed = await op('runTaskflow', { apiName: 'tf_nightly_load', waitForCompletion: true, waitOptions: FAST_WAIT }, { continueOnFail: true });
		expect(failed.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'FAILED', error: expect.stringContaining('Step Load Orders failed') });
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'warning' });
		const suspended = await op('runTaskflow', { apiName: 'tf_nightly_load', waitForCompletion: true, waitOptions: FAST_WAIT }, { continueOnFail: true });
		expect(suspended.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'SUSPENDED', error: expect.stringContaining('suspended on a faulted step') });
	});

	it('Terminate sends {"runid": [...]} and the run reads STOPPED (cancelled)', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'stuck' });
		const runId = String((await op('runTaskflow', { apiName: 'tf_nightly_load' })).items[0].json.runId);
		const terminated = await op('terminate', { runIds: runId });
		expect(terminated.error).toBeUndefined();
		expect(requests('PUT', '/services/tf/terminate')[0]).toMatchObject({ path: '/active-bpel/services/tf/terminate', body: { runid: [runId] } });
		const status = await op('getStatus', { runId });
		expect(status.items[0].json).toMatchObject({ status: 'STOPPED', outcome: 'cancelled' });
		const bad = await op('terminate', { runIds: `${runId}, abc` });
		expect(bad.error?.message).toBe('"Run IDs" holds "abc", which is not a taskflow run ID (digits only)');
		const unknown = await op('terminate', { runIds: '123' });
		expect(unknown.error?.httpCode).toBe('400');
		expect(unknown.error?.message).toContain('The run ID 123 does not exist');
	});

	it('cancelling the execution terminates the run this item started (one terminate call)', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'stuck' });
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const running: Promise<RunNodeResult> = op('runTaskflow', { apiName: 'tf_nightly_load', waitForCompletion: true, waitOptions: FAST_WAIT }, { cancelWhen });
		await until(() => requests('GET', '/services/tf/status/').length >= 2, 'status reads');
		cancel();
		const result = await running;
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', startedByThisItem: true, stoppedOnCancel: true, wait: { end: 'aborted' } });
		expect(requests('PUT', '/services/tf/terminate')).toHaveLength(1);
	});

	it('a timed-out wait with Cancel on Timeout terminates the run; without it the run is left alone', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaTaskflow, key: 'tf_nightly_load', outcome: 'stuck', times: 2 });
		const left = await op('runTaskflow', { apiName: 'tf_nightly_load', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.2 } });
		expect(left.error?.message).toMatch(/^Timed out after 0.2s waiting for taskflow run \d+$/);
		expect(requests('PUT', '/services/tf/terminate')).toHaveLength(0);
		const cancelled = await op('runTaskflow', { apiName: 'tf_nightly_load', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.2, cancelOnTimeout: true } }, { continueOnFail: true });
		expect(cancelled.items[0].json.error).toMatch(/Timed out/);
		expect(requests('PUT', '/services/tf/terminate')).toHaveLength(1);
	});

	it('bad input fails naming the field before any request; an unknown API name and a missing input are the service\'s errors', async () => {
		const slash = await op('runTaskflow', { apiName: 'rt/tf_nightly_load' });
		expect(slash.error?.message).toBe('"API Name" must be the taskflow\'s API name alone, not "rt/tf_nightly_load"');
		const json = await op('runTaskflow', { apiName: 'tf_nightly_load', inputsJson: '[1]' });
		expect(json.error?.message).toBe('"More Inputs (JSON)" must be a JSON object');
		expect(sandbox.counters.snapshot().total).toBe(0);
		const unknown = await op('runTaskflow', { apiName: 'tf_missing' });
		expect(unknown.error?.httpCode).toBe('404');
		expect(unknown.error?.message).toContain('No taskflow is published as a service under the API name tf_missing');
		const missing = await op('runTaskflow', { apiName: 'tf_customer_sync' });
		expect(missing.error?.httpCode).toBe('400');
		expect(missing.error?.message).toContain('needs the input field customerId');
	});

	it('renews an expired session with exactly one new login', async () => {
		const runId = String((await op('runTaskflow', { apiName: 'tf_nightly_load' })).items[0].json.runId);
		await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
		const status = await op('getStatus', { runId });
		expect(status.error).toBeUndefined();
		expect(sandbox.counters.snapshot().logins).toBe(2);
	});
});

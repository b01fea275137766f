/**
 * n8n's cancel (the Stop button, the workflow timeout) while a start call is in flight, its answer not yet back,
 * through WorkflowExecute against the sandbox. The start already sent is not cut off by the cancel: its answer comes
 * back (or, when it is lost, the job's status is read through requests the cancel does not cut off), and the run it
 * started is stopped once, the item reporting `cancelled`, as after a cancel mid-wait. Before the fix the start's
 * request was aborted, the run went on unstopped and the item reported nothing.
 */
import type { INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { FAMILY } from '../../../sandbox/core/constants';
import type { FaultMatch } from '../../../sandbox/core/faults';
import { cdataSyncCredential, informaticaCredential, relationalMigratorCredential } from '../../harness/credentials';
import { RM_PROJECT, rmCreateParameters } from '../../harness/relationalMigrator';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv } from '../../harness/sandboxEnv';

const WAIT = { pollIntervalSeconds: 0.05, timeoutSeconds: 20 };
/** The credentials' request timeout: a start answer held back beyond it is a start whose answer never came. */
const REQUEST_TIMEOUT_S = 1;

const env = useSandboxEnv({
	sandbox: { runTimeMs: 8000 },
	nodeTypes: [InformaticaIdmc, CDataSync, MongoDbRelationalMigrator],
	credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
	credentials: (sandbox) => ({
		informaticaIdmcApi: { ...informaticaCredential(sandbox), requestTimeoutSeconds: REQUEST_TIMEOUT_S },
		cDataSyncApi: { ...cdataSyncCredential(sandbox), requestTimeoutSeconds: REQUEST_TIMEOUT_S },
		mongoDbRelationalMigratorApi: { ...relationalMigratorCredential(sandbox), requestTimeoutSeconds: REQUEST_TIMEOUT_S },
	}),
});

const cdataJob = () => (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === 'SalesforceToSnowflake')!.id;

interface Vendor {
	name: string;
	type: string;
	startKey: () => string;
	start: () => INodeParameters;
	startCall: FaultMatch & { method: string };
	/** Whether the vendor's status tells a new run apart, so a lost answer is checked (see recoverLostStart). */
	lostAnswerChecked: boolean;
}

const VENDORS: Vendor[] = [
	{
		name: 'CData Sync Execute',
		type: 'cDataSync',
		startKey: () => `${FAMILY.cdataSync}:${cdataJob()}`,
		start: () => ({ resource: 'job', operation: 'execute', job: rl(cdataJob()) }),
		startCall: { method: 'POST', path: '/execute' },
		lostAnswerChecked: true,
	},
	{
		name: 'Database Ingestion Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDbmi}:15`,
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', waitUntil: 'finished' }),
		startCall: { method: 'POST', path: 'job/start' },
		lostAnswerChecked: true,
	},
	{
		name: 'Relational Migrator Create',
		type: 'mongoDbRelationalMigrator',
		startKey: () => `${FAMILY.relationalMigrator}:${RM_PROJECT}`,
		start: () => rmCreateParameters({ waitGoal: 'finished' }),
		startCall: { method: 'POST', path: '/^\\/api\\/v1\\/jobs$/' },
		lostAnswerChecked: true,
	},
];

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe.each(VENDORS.map((v) => [v.name, v] as const))('%s: cancel while the start call is in flight', (_name, v) => {
	const starts = () => env.sandbox.counters.snapshot().starts[v.startKey()] ?? 0;
	const stops = () => env.sandbox.counters.snapshot().stops[v.startKey()] ?? 0;
	/** Runs the start-and-wait, cancels it once the server has taken the start (its answer held back), and lets the held answer come. */
	const cancelMidStart = async (waitOptions: INodeParameters = {}) => {
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const running = env.harness.runNode({
			type: v.type,
			parameters: { ...v.start(), waitForCompletion: true, waitOptions: { ...WAIT, ...waitOptions } },
			cancelWhen,
		});
		await until(() => starts() >= 1, 10_000, 'the start to reach the server');
		await new Promise((resolve) => setTimeout(resolve, 100));
		cancel();
		return await running;
	};

	it('the answer comes after the cancel: the run it started is stopped once, the item reports cancelled', async () => {
		env.sandbox.faults.add({ match: v.startCall, kind: 'slow', delayMs: 600, next: 1 });
		const result = await cancelMidStart();
		expect(result.run.status).toBe('canceled');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, startedByThisItem: true, attached: false, wait: { end: 'aborted' } });
		expect(starts()).toBe(1);
		expect(stops()).toBe(1);
	});

	if (v.lostAnswerChecked) {
		it('the answer is lost (request timeout) after the cancel: the status, read despite the cancel, shows the run; stopped once', async () => {
			env.sandbox.faults.add({ match: v.startCall, kind: 'slow', delayMs: 2500, next: 1 });
			const result = await cancelMidStart();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, startedByThisItem: true, startConfirmedByStatus: true, startCalls: 1 });
			expect(starts()).toBe(1);
			expect(stops()).toBe(1);
		});
	}

	it('with "Stop the Job When the Execution Is Cancelled" off: no stop, the item reports its run as it was left', async () => {
		env.sandbox.faults.add({ match: v.startCall, kind: 'slow', delayMs: 600, next: 1 });
		const result = await cancelMidStart({ stopOnCancel: false });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ outcome: 'running', stoppedOnCancel: false, startedByThisItem: true, wait: { end: 'aborted' } });
		expect(starts()).toBe(1);
		expect(stops()).toBe(0);
	});
});

// n8n's cancel while later items are still queued, without On Error: Continue: an item the cancel kept from starting is
// no failed item. Before the fix its "The execution was cancelled before job … was started" failed the node, naming
// that item, and item 0's `cancelled` report was lost.
describe.each([
	['waits together (Waits at Once 50)', 50],
	['strictly one after another (Waits at Once 1)', 1],
])('CData Sync Execute, the same job twice, cancelled during item 0\'s wait, %s', (_case, waitsAtOnce) => {
	it('item 0 reports its run cancelled and stopped, item 1 not started; the node fails over no item', async () => {
		const startKey = `${FAMILY.cdataSync}:${cdataJob()}`;
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const running = env.harness.runNode({
			type: 'cDataSync',
			parameters: { resource: 'job', operation: 'execute', job: { __rl: true, mode: 'id', value: '={{ $json.job }}' }, waitForCompletion: true, waitOptions: { ...WAIT, maxConcurrentWaits: waitsAtOnce } },
			items: [{ job: cdataJob() }, { job: cdataJob() }],
			cancelWhen,
		});
		await until(() => (env.sandbox.counters.snapshot().starts[startKey] ?? 0) >= 1, 10_000, 'the first start');
		await new Promise((resolve) => setTimeout(resolve, 200));
		cancel();
		const result = await running;
		expect(result.run.status).toBe('canceled');
		// The run's error is n8n's own cancel, not an item's failure.
		expect(result.error?.message ?? '').not.toMatch(/was cancelled before/);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, startedByThisItem: true });
		expect(result.items[1].json).toMatchObject({ outcome: 'cancelled', notStarted: true, startedByThisItem: false, stoppedOnCancel: false });
		expect(env.sandbox.counters.snapshot().starts[startKey]).toBe(1);
		expect(env.sandbox.counters.snapshot().stops[startKey]).toBe(1);
	});
});

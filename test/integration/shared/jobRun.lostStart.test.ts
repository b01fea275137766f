/**
 * A start whose answer was lost, on every vendor's start, through n8n-core against the sandbox: a 503 the server
 * answered without starting anything, a start that ran but whose answer never came (request timeout), an answer
 * cut short. The engine reads the job's status: a new run is followed (one start, `startConfirmedByStatus`), the
 * previous run still showing means nothing started and the start is sent again (where the vendor's status tells
 * runs apart), and anything it cannot tell keeps the start's own error, never a second start.
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

const ORDERS = '0100000Z000009';
const WAIT = { pollIntervalSeconds: 0.05, timeoutSeconds: 20 };
/** The credentials' request timeout: a held-back start answer beyond it is a start whose answer never came. */
const REQUEST_TIMEOUT_S = 1;

const env = useSandboxEnv({
	sandbox: { runTimeMs: 3000 },
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
	/** Whether the vendor's status tells the run from before the start apart from a new one (so a start may be resent). */
	tellsRunsApart: boolean;
}

const VENDORS: Vendor[] = [
	{
		name: 'Database Ingestion Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDbmi}:15`,
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15' }),
		startCall: { method: 'POST', path: 'job/start' },
		tellsRunsApart: true,
	},
	{
		name: 'CData Sync Execute',
		type: 'cDataSync',
		startKey: () => `${FAMILY.cdataSync}:${cdataJob()}`,
		start: () => ({ resource: 'job', operation: 'execute', job: rl(cdataJob()) }),
		startCall: { method: 'POST', path: '/execute' },
		tellsRunsApart: true,
	},
	{
		name: 'Data Integration Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDataIntegration}:${ORDERS}`,
		start: () => ({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) }),
		startCall: { method: 'POST', path: '/^\\/saas\\/api\\/v2\\/job$/' },
		tellsRunsApart: false,
	},
	{
		name: 'Relational Migrator Create',
		type: 'mongoDbRelationalMigrator',
		startKey: () => `${FAMILY.relationalMigrator}:${RM_PROJECT}`,
		start: () => rmCreateParameters({ waitGoal: 'finished' }),
		startCall: { method: 'POST', path: '/^\\/api\\/v1\\/jobs$/' },
		tellsRunsApart: false,
	},
];

describe.each(VENDORS.map((v) => [v.name, v] as const))('%s: a start whose answer was lost', (_name, v) => {
	const run = () => env.harness.runNode({ type: v.type, parameters: { ...v.start(), waitForCompletion: true, waitOptions: WAIT } });
	const starts = () => env.sandbox.counters.snapshot().starts[v.startKey()] ?? 0;
	const matches = (method: string, path: string) =>
		method === v.startCall.method && (v.startCall.path!.startsWith('/^') ? new RegExp(v.startCall.path!.slice(1, -1)).test(path) : path.endsWith(v.startCall.path!));
	const startCalls = () => env.sandbox.requests().filter((r) => matches(r.method, r.path));

	it('no answer within the request timeout, but the run started: the status shows it, the item follows it, one start', async () => {
		env.sandbox.faults.add({ match: v.startCall, kind: 'slow', delayMs: 2500, next: 1 });
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', startedByThisItem: true, attached: false, startConfirmedByStatus: true, startCalls: 1 });
		expect(starts()).toBe(1);
		expect(startCalls()).toHaveLength(1);
	});

	if (v.tellsRunsApart) {
		it('a 503 answered without starting anything: the status still shows the run from before, the start is sent again', async () => {
			env.sandbox.faults.add({ match: v.startCall, kind: 'status', status: 503, next: 1 });
			const result = await run();
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', startedByThisItem: true, startCalls: 2 });
			expect(result.items[0].json.startConfirmedByStatus).toBeUndefined();
			expect(starts()).toBe(1);
			expect(startCalls().map((r) => r.status)).toEqual([503, 200]);
		});

		it('an answer cut short after the run started: followed, not started again', async () => {
			env.sandbox.faults.add({ match: v.startCall, kind: 'truncatedJson', next: 1 });
			const result = await run();
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', startConfirmedByStatus: true });
			expect(starts()).toBe(1);
			expect(startCalls()).toHaveLength(1);
		});

		it('503 on every start: bounded, five start calls, then the 503 is the error; nothing started', async () => {
			env.sandbox.faults.add({ match: v.startCall, kind: 'status', status: 503 });
			const result = await run();
			expect(result.error?.message).toMatch(/503|unavailable/i);
			expect(starts()).toBe(0);
			expect(startCalls().map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
		});
	} else {
		it('a 503 where the status cannot tell the runs apart: the 503 is the error, no second start call', async () => {
			env.sandbox.faults.add({ match: v.startCall, kind: 'status', status: 503, next: 1 });
			const result = await run();
			expect(result.error?.message).toMatch(/503|unavailable/i);
			expect(starts()).toBe(0);
			expect(startCalls()).toHaveLength(1);
		});
	}
});

describe('CData Sync Execute: a lost start answer while the status lags behind the start (cdataStatusLagMs)', () => {
	const v = VENDORS.find((vendor) => vendor.type === 'cDataSync')!;
	const starts = () => env.sandbox.counters.snapshot().starts[v.startKey()] ?? 0;
	const startCalls = () => env.sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/execute'));

	// The first start ran but its answer never came; the status still showed the run from before, so the start was
	// sent again and refused as already running (409 JOB_RUNNING). That refusal is the first start's run going: the item
	// follows it as its own. Before the fix the 409 was the item's error while its own run went on.
	it('the start sent again is refused as already running: the first start landed; followed as the own run, two start calls', async () => {
		env.sandbox.config.set({ cdataStatusLagMs: 3000, runTimeMs: 4000 });
		env.sandbox.faults.add({ match: v.startCall, kind: 'timeout', next: 1 });
		const result = await env.harness.runNode({ type: v.type, parameters: { ...v.start(), waitForCompletion: true, waitOptions: WAIT } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', attached: false, startedByThisItem: true, startConfirmedByStatus: true, startCalls: 2 });
		expect(starts()).toBe(1);
		expect(startCalls().map((r) => r.status)).toEqual([undefined, 409]);
	});

	it('cancelled during that wait: the run is the item\'s own, so it is stopped once and the item reports cancelled', async () => {
		env.sandbox.config.set({ cdataStatusLagMs: 3000, runTimeMs: 8000 });
		env.sandbox.faults.add({ match: v.startCall, kind: 'timeout', next: 1 });
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const running = env.harness.runNode({ type: v.type, parameters: { ...v.start(), waitForCompletion: true, waitOptions: WAIT }, cancelWhen });
		const end = Date.now() + 10_000;
		while (startCalls().length < 2 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
		await new Promise((resolve) => setTimeout(resolve, 300));
		cancel();
		const result = await running;
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, attached: false, startedByThisItem: true, startCalls: 2 });
		expect(starts()).toBe(1);
		expect(env.sandbox.counters.snapshot().stops[v.startKey()] ?? 0).toBe(1);
	});
});

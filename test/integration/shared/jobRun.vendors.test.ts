/**
 * "If the Job Is Already Running" on every vendor's start, through n8n-core against the sandbox: attach (no extra
 * start, attached: true, the run's outcome), wait then start, fail; the refusal after the check (a run started by
 * someone else between the check and the start); and the status operations' Wait for Completion.
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
const WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 20 };

interface Vendor {
	name: string;
	type: string;
	startKey: () => string;
	start: (extra?: INodeParameters) => INodeParameters;
	/** The request the start's "already running" check sends. */
	check: FaultMatch;
	/** Whether a logged request is a start call (accepted or refused). */
	isStartCall: (method: string, path: string) => boolean;
	/** A status operation that can wait for a run started elsewhere. */
	status?: (extra?: INodeParameters) => INodeParameters;
	/** The outcome of a finished seeded run. */
	succeeded: string;
}

const env = useSandboxEnv({
	sandbox: { runTimeMs: 400 },
	nodeTypes: [InformaticaIdmc, CDataSync, MongoDbRelationalMigrator],
	credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
	credentials: (sandbox) => ({
		informaticaIdmcApi: informaticaCredential(sandbox),
		cDataSyncApi: cdataSyncCredential(sandbox),
		mongoDbRelationalMigratorApi: relationalMigratorCredential(sandbox),
	}),
});

const cdataJob = () => (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === 'SalesforceToSnowflake')!.id;

const VENDORS: Vendor[] = [
	{
		name: 'Database Ingestion Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDbmi}:15`,
		start: (extra = {}) => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', ...extra }),
		check: { method: 'GET', path: 'job/status' },
		isStartCall: (method, path) => method === 'POST' && path.endsWith('/job/start'),
		status: (extra = {}) => ({ resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '15', ...extra }),
		succeeded: 'succeeded',
	},
	{
		name: 'Data Integration Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDataIntegration}:${ORDERS}`,
		start: (extra = {}) => ({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS), ...extra }),
		check: { method: 'GET', path: 'activity/activityMonitor' },
		isStartCall: (method, path) => method === 'POST' && path === '/saas/api/v2/job',
		succeeded: 'succeeded',
	},
	{
		name: 'CData Sync Execute',
		type: 'cDataSync',
		startKey: () => `${FAMILY.cdataSync}:${cdataJob()}`,
		start: (extra = {}) => ({ resource: 'job', operation: 'execute', job: rl(cdataJob()), ...extra }),
		check: { method: 'GET', path: 'status' },
		isStartCall: (method, path) => method === 'POST' && path.endsWith('/execute'),
		status: (extra = {}) => ({ resource: 'job', operation: 'getStatus', job: rl(cdataJob()), ...extra }),
		succeeded: 'succeeded',
	},
	{
		name: 'Relational Migrator Create',
		type: 'mongoDbRelationalMigrator',
		startKey: () => `${FAMILY.relationalMigrator}:${RM_PROJECT}`,
		start: (extra = {}) => rmCreateParameters({ waitGoal: 'finished', ...extra }),
		check: { method: 'GET', path: 'api/v1/jobs' },
		isStartCall: (method, path) => method === 'POST' && path === '/api/v1/jobs',
		succeeded: 'succeeded',
	},
];

const waiting = (extra: INodeParameters = {}): INodeParameters => ({ waitForCompletion: true, waitOptions: WAIT, ...extra });

describe.each(VENDORS.map((v) => [v.name, v] as const))('%s: if the job is already running', (_name, v) => {
	const run = (parameters: INodeParameters) => env.harness.runNode({ type: v.type, parameters });
	const starts = () => env.sandbox.counters.snapshot().starts[v.startKey()] ?? 0;
	/** Someone else's run: a start without a wait that refuses to attach. */
	const startElsewhere = async () => {
		const other = await run(v.start({ ifAlreadyRunning: 'fail' }));
		expect(other.error).toBeUndefined();
		expect(other.items[0].json).toMatchObject({ startedByThisItem: true });
	};

	it('attach (the default): no start, waits for that run, its outcome, attached: true', async () => {
		await startElsewhere();
		const result = await run(v.start(waiting()));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: v.succeeded, attached: true, startedByThisItem: false });
		expect(starts()).toBe(1);
	});

	it('attach without a wait returns the running run, attached, and starts nothing', async () => {
		await startElsewhere();
		const result = await run(v.start());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'running', attached: true, startedByThisItem: false });
		expect(starts()).toBe(1);
	});

	it('wait for it, then start: one more start after the running run ended', async () => {
		await startElsewhere();
		const result = await run(v.start(waiting({ ifAlreadyRunning: 'waitThenStart' })));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: v.succeeded, attached: false, startedByThisItem: true, previousRun: { outcome: v.succeeded } });
		expect(starts()).toBe(2);
	});

	it('fail: a NodeOperationError naming the running run, before any start', async () => {
		await startElsewhere();
		const result = await run(v.start(waiting({ ifAlreadyRunning: 'fail' })));
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/is already running/);
		expect(starts()).toBe(1);
	});

	it('a run started between the check and the start: the refusal is read and the item attaches', async () => {
		// The check's answer is computed at once (nothing runs) and held back, while someone else starts the job
		// (a run long enough to outlast the held-back answer).
		env.sandbox.config.set({ runTimeMs: 2500 });
		env.sandbox.faults.add({ match: v.check, kind: 'slow', delayMs: 1500, next: 1 });
		const checks = () => env.sandbox.requests().filter((r) => r.method === v.check.method && r.path.includes(String(v.check.path))).length;
		const mine = run(v.start(waiting()));
		const end = Date.now() + 10_000;
		while (checks() === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
		await startElsewhere();
		const result = await mine;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: v.succeeded, attached: true, startedByThisItem: false });
		expect(starts()).toBe(1);
		// Two start calls: the other's, accepted, and this item's, refused as "already running" (409 / 470).
		const startCalls = env.sandbox.requests().filter((r) => v.isStartCall(r.method, r.path));
		expect(startCalls.map((r) => r.status)).toEqual([200, v.type === 'mongoDbRelationalMigrator' ? 470 : 409]);
	});

	if (v.status) {
		it('the status operation waits for a run started elsewhere', async () => {
			await startElsewhere();
			const result = await run(v.status!(waiting()));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: v.succeeded, attached: true, startedByThisItem: false, wait: { end: 'finished' } });
			expect(starts()).toBe(1);
		});
	}
});

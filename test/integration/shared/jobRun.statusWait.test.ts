/**
 * "Wait for Completion" on the status operations that follow a run started elsewhere (Data Integration Get Status,
 * Relational Migrator Job > Get, Import Get Status), through n8n-core against the sandbox: the run's outcome, marked
 * attached, no start; on cancel no stop unless "Also Stop a Run This Item Attached To" is on (imports have no stop).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { FAMILY } from '../../../sandbox/core/constants';
import { buildExportPackage } from '../../../sandbox/families/informaticaImport';
import { InformaticaIdmcWithBinaryInput } from '../../harness/binaryInput';
import { informaticaCredential, relationalMigratorCredential } from '../../harness/credentials';
import type { RunNodeResult } from '../../harness/n8n';
import { RM_PROJECT, rmCreateParameters } from '../../harness/relationalMigrator';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv } from '../../harness/sandboxEnv';

const ORDERS = '0100000Z000009';
const WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 20 };

const env = useSandboxEnv({
	sandbox: { runTimeMs: 400 },
	nodeTypes: [InformaticaIdmc, InformaticaIdmcWithBinaryInput, MongoDbRelationalMigrator],
	credentialTypes: [InformaticaIdmcApi, MongoDbRelationalMigratorApi],
	credentials: (sandbox) => ({ informaticaIdmcApi: informaticaCredential(sandbox), mongoDbRelationalMigratorApi: relationalMigratorCredential(sandbox) }),
});

const count = (method: string, match: (path: string) => boolean) => env.sandbox.requests().filter((r) => r.method === method && match(r.path)).length;
const waiting = (extra: IDataObject = {}): INodeParameters => ({ waitForCompletion: true, waitOptions: { ...WAIT, ...extra } });

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

interface Follower {
	name: string;
	type: string;
	/** Starts a run elsewhere (no wait); returns the status operation's parameters for it. */
	startElsewhere: () => Promise<INodeParameters>;
	startKey: () => string;
	/** The reads the status wait polls with. */
	isRead: (method: string, path: string) => boolean;
	/** Stop calls; undefined when the vendor has no stop (imports). */
	isStop?: (method: string, path: string) => boolean;
}

let importId = '';
let rmJobId = '';

const FOLLOWERS: Follower[] = [
	{
		name: 'Data Integration Get Status',
		type: 'informaticaIdmc',
		startElsewhere: async () => {
			const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) } });
			const { taskId, runId } = started.items[0].json;
			return { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: String(taskId), runId: String(runId) };
		},
		startKey: () => `${FAMILY.informaticaDataIntegration}:${ORDERS}`,
		isRead: (method, path) => method === 'GET' && path.includes('/activity/'),
		isStop: (method, path) => method === 'POST' && path === '/saas/api/v2/job/stop',
	},
	{
		name: 'Relational Migrator Job > Get',
		type: 'mongoDbRelationalMigrator',
		startElsewhere: async () => {
			const started = await env.harness.runNode({
				type: 'mongoDbRelationalMigrator',
				parameters: rmCreateParameters(),
			});
			rmJobId = String(started.items[0].json.id);
			return { resource: 'job', operation: 'get', jobId: rmJobId, waitGoal: 'finished' };
		},
		startKey: () => `${FAMILY.relationalMigrator}:${RM_PROJECT}`,
		isRead: (method, path) => method === 'GET' && path === `/api/v1/jobs/${rmJobId}`,
		isStop: (method, path) => method === 'POST' && path.endsWith('/stop'),
	},
	{
		name: 'Import Get Status',
		type: 'informaticaIdmc',
		startElsewhere: async () => {
			const uploaded = await env.harness.runNode({
				type: 'informaticaIdmcWithBinaryInput',
				parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' },
				items: [{ zip: buildExportPackage([{ path: 'Default/Sales/m_load_orders', type: 'MTT' }]).toString('base64') }],
			});
			importId = String(uploaded.items[0].json.jobId);
			const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'import', operation: 'startImport', importJobId: importId } });
			expect(started.items[0].json).toMatchObject({ startedByThisItem: true });
			return { resource: 'import', operation: 'getStatus', importJobId: importId };
		},
		startKey: () => `${FAMILY.informaticaImport}:${importId}`,
		isRead: (method, path) => method === 'GET' && path.endsWith(`/import/${importId}`),
	},
];

describe.each(FOLLOWERS.map((f) => [f.name, f] as const))('%s: Wait for Completion', (_name, f) => {
	const starts = () => env.sandbox.counters.snapshot().starts[f.startKey()] ?? 0;
	const reads = () => env.sandbox.requests().filter((r) => f.isRead(r.method, r.path)).length;
	const stops = () => (f.isStop ? env.sandbox.requests().filter((r) => f.isStop!(r.method, r.path)).length : 0);

	/** Runs the status wait and cancels the execution (n8n's Stop button) after two of its polls. */
	async function followAndCancel(parameters: INodeParameters): Promise<RunNodeResult> {
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const seen = reads();
		const running = env.harness.runNode({ type: f.type, parameters, cancelWhen });
		await until(() => reads() >= seen + 3, 'status reads');
		cancel();
		return await running;
	}

	it('waits for a run started elsewhere: its outcome, attached, no start', async () => {
		const status = await f.startElsewhere();
		const result = await env.harness.runNode({ type: f.type, parameters: { ...status, ...waiting() } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', attached: true, startedByThisItem: false, wait: { end: 'finished' } });
		expect(starts()).toBe(1);
		expect(reads()).toBeGreaterThan(1);
	});

	it('without the wait, one read as before', async () => {
		const status = await f.startElsewhere();
		const before = reads();
		const result = await env.harness.runNode({ type: f.type, parameters: status });
		expect(result.items[0].json).toMatchObject({ outcome: 'running' });
		expect(result.items[0].json.attached).toBeUndefined();
		expect(reads() - before).toBeLessThanOrEqual(2);
	});

	it('cancel: no stop call for the run it followed', async () => {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		const status = await f.startElsewhere();
		const result = await followAndCancel({ ...status, ...waiting() });
		expect(result.run.status).toBe('canceled');
		expect(result.items[0].json).toMatchObject({ attached: true, startedByThisItem: false, stoppedOnCancel: false, wait: { end: 'aborted' } });
		expect(stops()).toBe(0);
	});

	if (f.isStop) {
		it('cancel with "Also Stop a Run This Item Attached To": one stop call', async () => {
			env.sandbox.config.set({ runTimeMs: 60_000 });
			const status = await f.startElsewhere();
			const result = await followAndCancel({ ...status, ...waiting({ stopAttachedRun: true }) });
			expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', attached: true, stoppedOnCancel: true, wait: { end: 'aborted' } });
			expect(stops()).toBe(1);
		});
	}
});

it('Import Get Status: an import not started yet is no run to wait for', async () => {
	const uploaded = await env.harness.runNode({
		type: 'informaticaIdmcWithBinaryInput',
		parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' },
		items: [{ zip: buildExportPackage([{ path: 'Default/Sales/m_load_orders', type: 'MTT' }]).toString('base64') }],
	});
	const id = String(uploaded.items[0].json.jobId);
	const result = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'import', operation: 'getStatus', importJobId: id, ...waiting() } });
	expect(result.items[0].json).toMatchObject({ rawStatus: 'NOT_STARTED', attached: false, startedByThisItem: false });
	expect(result.items[0].json.wait).toBeUndefined();
	expect(count('GET', (path) => path.endsWith(`/import/${id}`))).toBe(1);
});

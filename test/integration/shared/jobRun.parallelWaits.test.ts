/**
 * Waits in parallel (issue 14), through n8n-core against the sandbox: a start-and-wait operation starts its items'
 * jobs one at a time in input order, then waits for them together (Waits at Once, 50 by default), and hands the
 * items on in input order. 3 (and 10) jobs of length L end in about L plus the starts, not N x L.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { FAMILY } from '../../../sandbox/core/constants';
import { cdataSyncCredential, informaticaCredential, relationalMigratorCredential } from '../../harness/credentials';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv } from '../../harness/sandboxEnv';

jest.setTimeout(90_000);

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

type Job = { id: string; name: string };
const cdataJobs = (): Job[] => (env.sandbox.state(FAMILY.cdataSync) as { jobs: Job[] }).jobs;
const POLL = 0.2;

const cdataExecute = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation: 'execute',
	job: { __rl: true, mode: 'id', value: '={{ $json.job }}' },
	waitForCompletion: true,
	waitOptions: { pollIntervalSeconds: POLL, timeoutSeconds: 60 },
	...extra,
});

/** The sandbox's start calls, in the order they arrived. */
const startPaths = (isStart: (method: string, path: string) => boolean) =>
	env.sandbox
		.requests()
		.filter((r) => isStart(r.method, r.path))
		.map((r) => r.path);

const isCdataStart = (method: string, path: string) => method === 'POST' && path.endsWith('/execute');

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number }> {
	const t0 = Date.now();
	const result = await run();
	return { result, seconds: (Date.now() - t0) / 1000 };
}

describe('CData Sync Execute: starts in order, waits together', () => {
	it('3 items with 8-second jobs end in about one job length (printed for the report)', async () => {
		env.sandbox.config.set({ runTimeMs: 8000 });
		const jobs = cdataJobs().slice(0, 3);
		const { result, seconds } = await timed(() =>
			env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute(), items: jobs.map((j) => ({ job: j.id })) }),
		);
		// eslint-disable-next-line no-console
		console.log(`3 x 8 s CData Sync Execute items: ${seconds.toFixed(2)} s`);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as IDataObject).jobId)).toEqual(jobs.map((j) => j.id));
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items.map((i) => (i.json as IDataObject).outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(seconds).toBeLessThan(8 + 3 * 0.5 + POLL + 1.5);
		expect(startPaths(isCdataStart)).toEqual(jobs.map((j) => expect.stringContaining(j.id)));
	});

	it('10 items with jobs of 1.5 s end in about one job length plus the starts; exactly 10 starts, in input order', async () => {
		const L = 1.5;
		const workspace = (env.sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; is_default: boolean }> }).workspaces.find((w) => w.is_default)!;
		const extra = Array.from({ length: 10 - cdataJobs().length }, (_, i) => ({ name: `Nightly${i + 1}` }));
		const created = await env.harness.runNode({
			type: 'cDataSync',
			parameters: { resource: 'job', operation: 'create', workspace: rl(workspace.id), name: '={{ $json.name }}', jobType: 'Standard', additionalFields: { queries: ['REPLICATE [Orders]'] } },
			items: extra,
		});
		expect(created.error).toBeUndefined();
		const jobs = cdataJobs();
		expect(jobs).toHaveLength(10);
		env.sandbox.config.set({ runTimeMs: L * 1000 });
		const { result, seconds } = await timed(() => env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute(), items: jobs.map((j) => ({ job: j.id })) }));
		// eslint-disable-next-line no-console
		console.log(`10 x ${L} s CData Sync Execute items: ${seconds.toFixed(2)} s`);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual(jobs.map((_, item) => ({ item })));
		expect(result.items.map((i) => (i.json as IDataObject).jobId)).toEqual(jobs.map((j) => j.id));
		expect(result.items.every((i) => (i.json as IDataObject).outcome === 'succeeded' && (i.json as IDataObject).startedByThisItem === true)).toBe(true);
		expect(seconds).toBeLessThan(L + 10 * 0.25 + POLL + 1);
		const starts = env.sandbox.counters.snapshot().starts;
		expect(jobs.map((j) => starts[`${FAMILY.cdataSync}:${j.id}`])).toEqual(jobs.map(() => 1));
		expect(startPaths(isCdataStart)).toEqual(jobs.map((j) => expect.stringContaining(j.id)));
	});

	it('Waits at Once 1: the items wait one after another, as before', async () => {
		env.sandbox.config.set({ runTimeMs: 1000 });
		const jobs = cdataJobs().slice(0, 3);
		const { result, seconds } = await timed(() =>
			env.harness.runNode({
				type: 'cDataSync',
				parameters: cdataExecute({ waitOptions: { pollIntervalSeconds: POLL, timeoutSeconds: 60, maxConcurrentWaits: 1 } }),
				items: jobs.map((j) => ({ job: j.id })),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(seconds).toBeGreaterThanOrEqual(3);
		expect(startPaths(isCdataStart)).toEqual(jobs.map((j) => expect.stringContaining(j.id)));
	});

	it('the same job twice: the second item starts after the first one’s run ended (two runs, as sequentially)', async () => {
		env.sandbox.config.set({ runTimeMs: 800 });
		const [job, other] = cdataJobs();
		const { result, seconds } = await timed(() =>
			env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute(), items: [{ job: job.id }, { job: job.id }, { job: other.id }] }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as IDataObject).attached)).toEqual([false, false, false]);
		expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(2);
		expect(seconds).toBeGreaterThanOrEqual(1.6);
		expect(startPaths(isCdataStart)).toEqual([job.id, job.id, other.id].map((id) => expect.stringContaining(id)));
	});

	it('a failed start without continue on fail: no later item sends a request, the earlier wait runs to its end, the error names its item', async () => {
		env.sandbox.config.set({ runTimeMs: 1000 });
		const [first, , third] = cdataJobs();
		const { result, seconds } = await timed(() =>
			env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute(), items: [{ job: first.id }, { job: 'no-such-job' }, { job: third.id }] }),
		);
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(env.sandbox.requests().filter((r) => r.path.includes(third.id))).toEqual([]);
		expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${first.id}`]).toBe(1);
		// Item 0's wait went on to the job's end (its last status read saw it finished) before the node failed.
		expect(seconds).toBeGreaterThanOrEqual(0.95);
		const statusReads = env.sandbox.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`${first.id}/status`));
		expect(statusReads.length).toBeGreaterThan(2);
	});

	it('error output: the failed item goes there, the others on the main output, each paired with its input', async () => {
		env.sandbox.config.set({ runTimeMs: 600 });
		const [first, , third] = cdataJobs();
		const result = await env.harness.runNode({
			type: 'cDataSync',
			parameters: cdataExecute(),
			items: [{ job: first.id }, { job: 'no-such-job' }, { job: third.id }],
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.outputs[0].map((i) => (i.json as IDataObject).outcome)).toEqual(['succeeded', 'succeeded']);
		expect(result.outputs[1].map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(result.outputs[1][0].json).toMatchObject({ details: { httpCode: '404' } });
		expect(startPaths(isCdataStart)).toEqual([first.id, third.id].map((id) => expect.stringContaining(id)));
	});

	it('cancel ends every wait at once and stops every job an item started', async () => {
		env.sandbox.config.set({ runTimeMs: 30_000 });
		const jobs = cdataJobs().slice(0, 3);
		const started = (async () => {
			while (startPaths(isCdataStart).length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
			await new Promise((resolve) => setTimeout(resolve, 100));
		})();
		const { result, seconds } = await timed(() =>
			env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute(), items: jobs.map((j) => ({ job: j.id })), cancelWhen: started }),
		);
		expect(seconds).toBeLessThan(5);
		const json = result.items.map((i) => i.json as IDataObject);
		expect(json.map((j) => (j.wait as IDataObject | undefined)?.end)).toEqual(['aborted', 'aborted', 'aborted']);
		expect(json.map((j) => j.stoppedOnCancel)).toEqual([true, true, true]);
		const stops = env.sandbox.counters.snapshot().stops;
		expect(jobs.map((j) => stops[`${FAMILY.cdataSync}:${j.id}`])).toEqual([1, 1, 1]);
	});

	it('Get Status with Wait for Completion: the waits on runs started elsewhere go together', async () => {
		env.sandbox.config.set({ runTimeMs: 2000 });
		const jobs = cdataJobs().slice(0, 3);
		const items = jobs.map((j) => ({ job: j.id }));
		const startedElsewhere = await env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute({ waitForCompletion: false }), items });
		expect(startedElsewhere.error).toBeUndefined();
		const { result, seconds } = await timed(() =>
			env.harness.runNode({ type: 'cDataSync', parameters: cdataExecute({ operation: 'getStatus' }), items }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as IDataObject).outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(seconds).toBeLessThan(2 + POLL + 1.5);
	});
});

describe('Database Ingestion Start: starts in order, waits together', () => {
	it('two jobs waited on until running: about one wait, starts in input order, one login', async () => {
		// A run reaches "Running" after a tenth of runTimeMs: 2 s here.
		env.sandbox.config.set({ runTimeMs: 20_000 });
		const { result, seconds } = await timed(() =>
			env.harness.runNode({
				type: 'informaticaIdmc',
				parameters: {
					resource: 'databaseIngestionJob',
					operation: 'start',
					jobId: '={{ $json.jobId }}',
					waitUntil: 'running',
					waitForCompletion: true,
					waitOptions: { pollIntervalSeconds: POLL, timeoutSeconds: 60 },
				},
				items: [{ jobId: '15' }, { jobId: '16' }],
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as IDataObject).jobId)).toEqual(['15', '16']);
		expect(result.items.map((i) => (i.json as IDataObject).wait)).toEqual([expect.objectContaining({ end: 'goalReached' }), expect.objectContaining({ end: 'goalReached' })]);
		expect(seconds).toBeLessThan(2 * 2 - 0.5);
		const starts = env.sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/job/start'));
		expect(starts.map((r) => String((r.body as IDataObject).jobId))).toEqual(['15', '16']);
		expect(env.sandbox.counters.snapshot().logins).toBe(1);
	});
});

describe('Relational Migrator Create: one job at a time on the server', () => {
	const PROJECTS = [
		{ project: '6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51', db: 'POSTGRESQL', url: 'jdbc:postgresql://pg.example.internal:5432/sales' },
		{ project: '7e2a3b4c-6d5e-4f70-9bac-1d2e3f4a5b62', db: 'POSTGRESQL', url: 'jdbc:postgresql://pg.example.internal:5432/inventory' },
	];
	it('two projects: the second starts after the first one’s job ended (no 470), in input order, both succeed', async () => {
		env.sandbox.config.set({ runTimeMs: 800 });
		const { result, seconds } = await timed(() =>
			env.harness.runNode({
				type: 'mongoDbRelationalMigrator',
				parameters: {
					resource: 'job',
					operation: 'create',
					project: { __rl: true, mode: 'id', value: '={{ $json.project }}' },
					databaseType: 'POSTGRESQL',
					sourceConnection: 'details',
					jdbcUrl: '={{ $json.url }}',
					jdbcUser: 'alice',
					jdbcPassword: 'pg-Secret-4242',
					destinationConnection: 'connectionString',
					mongoConnectionString: 'mongodb://bob:mongo-Secret-9191@mongo.example.internal:27017/sales',
					mode: 'SNAPSHOT',
					waitGoal: 'finished',
					waitForCompletion: true,
					waitOptions: { pollIntervalSeconds: POLL, timeoutSeconds: 60 },
				},
				items: PROJECTS,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as IDataObject).outcome)).toEqual(['succeeded', 'succeeded']);
		const starts = env.sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/jobs');
		expect(starts.map((r) => [r.status, (r.body as IDataObject).projectId])).toEqual(PROJECTS.map((p) => [200, p.project]));
		expect(seconds).toBeGreaterThanOrEqual(1.6);
	});
});

/**
 * Waits in parallel (issue 14), through n8n-core against the sandbox: a start-and-wait operation starts its items'
 * jobs one at a time in input order, then waits for them together (Waits at Once, 20 by default), and hands the
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
});

/**
 * A yes/no value from an expression where an ID goes ({{ $json.active }} instead of {{ $json.id }}) used to be sent as
 * the text "true": it fails naming the field, before any request, like an object or a list does.
 */
import type { INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { cdataSyncCredential, informaticaCredential, relationalMigratorCredential } from '../../harness/credentials';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv } from '../../harness/sandboxEnv';

describe('a yes/no value where an ID goes', () => {
	const env = useSandboxEnv({
		sandbox: { runTimeMs: 50 },
		nodeTypes: [InformaticaIdmc, CDataSync, MongoDbRelationalMigrator],
		credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
		credentials: (sandbox) => ({
			informaticaIdmcApi: informaticaCredential(sandbox),
			cDataSyncApi: cdataSyncCredential(sandbox),
			mongoDbRelationalMigratorApi: relationalMigratorCredential(sandbox),
		}),
	});

	it.each([
		['Database Ingestion Get Status', 'informaticaIdmc', { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: rl('={{ $json.flag }}') }, '"Job"'],
		['CData Sync Get Status', 'cDataSync', { resource: 'job', operation: 'getStatus', job: rl('={{ $json.flag }}') }, '"Job"'],
		['Relational Migrator Get', 'mongoDbRelationalMigrator', { resource: 'job', operation: 'get', jobId: '={{ $json.flag }}' }, '"Job ID"'],
	])('%s: a boolean ID fails naming the field, before any request', async (_what, type, parameters, field) => {
		for (const flag of [true, false]) {
			env.sandbox.counters.reset();
			const r = await env.harness.runNode({ type, parameters: parameters as INodeParameters, items: [{ flag }] });
			expect(r.error?.message).toBe(`${field} is a yes/no value (${String(flag)}), not text or an ID`);
			expect(env.sandbox.counters.snapshot().total).toBe(0);
		}
	});
});

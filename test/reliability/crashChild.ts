/**
 * A stand-in for an n8n process that dies mid-wait (scenario 10): runs one node through the harness, in its own
 * process, against a sandbox the parent test started, until the parent kills it with SIGKILL.
 *
 * Usage: node -r ts-node/register/transpile-only test/reliability/crashChild.ts '<json>'
 * with json = { type, parameters, items?, credentials }.
 */
import { CDataSyncApi } from '../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../credentials/MongoDbRelationalMigratorApi.credentials';
import type { INodeType } from 'n8n-workflow';

import { N8nHarness } from '../harness/n8n';

// Under plain ts-node, `X.node` resolves to the node's X.node.json (json comes before ts): name the .ts file.
const nodeClass = (file: string, name: string) => (require(`../../nodes/${file}.node.ts`) as Record<string, new () => INodeType>)[name];
const CDataSync = nodeClass('CDataSync/CDataSync', 'CDataSync');
const InformaticaIdmc = nodeClass('InformaticaIdmc/InformaticaIdmc', 'InformaticaIdmc');
const MongoDbRelationalMigrator = nodeClass('MongoDbRelationalMigrator/MongoDbRelationalMigrator', 'MongoDbRelationalMigrator');

interface ChildRun {
	type: string;
	parameters: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	credentials: Record<string, Record<string, unknown>>;
}

async function main(): Promise<void> {
	const run = JSON.parse(process.argv[2]) as ChildRun;
	const harness = new N8nHarness({
		nodeTypes: [InformaticaIdmc, CDataSync, MongoDbRelationalMigrator],
		credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
		credentials: run.credentials as never,
	});
	process.stdout.write('child: running\n');
	const result = await harness.runNode({ type: run.type, parameters: run.parameters as never, items: run.items as never });
	// Reaching this line means the parent did not kill the child in time: it reports so, and the test fails.
	process.stdout.write(`child: finished ${JSON.stringify(result.items.map((i) => i.json.outcome))}\n`);
}

void main();

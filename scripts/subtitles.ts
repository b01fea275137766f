/**
 * Writes each action node's canvas subtitle literal from its resource list: `npx ts-node --transpile-only scripts/subtitles.ts`.
 * n8n's lint rules want the subtitle as a string literal in the node class, so it is generated here and checked by
 * test/unit/nodeEditor.test.ts, which fails when a node's literal differs from subtitleExpression(resources).
 */
import * as fs from 'fs';
import * as path from 'path';

import type { ResourceModule } from '../nodes/shared/operations';
import { subtitleExpression } from '../nodes/shared/operations';

export const ACTION_NODES: Array<{ file: string; router: string }> = [
	{ file: 'nodes/CDataSync/CDataSync.node.ts', router: '../nodes/CDataSync/actions/router' },
	{ file: 'nodes/InformaticaIdmc/InformaticaIdmc.node.ts', router: '../nodes/InformaticaIdmc/actions/router' },
	{ file: 'nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node.ts', router: '../nodes/MongoDbRelationalMigrator/actions/router' },
];

const root = path.resolve(__dirname, '..');
for (const { file, router } of ACTION_NODES) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { resources } = require(router) as { resources: readonly ResourceModule[] };
	const literal = `'${subtitleExpression(resources).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	const target = path.join(root, file);
	const source = fs.readFileSync(target, 'utf8');
	const next = source.replace(/(\t\tsubtitle:\n\t\t\t)'[^\n]*',/, `$1${literal},`);
	if (next === source) process.stdout.write(`${file}: unchanged\n`);
	else fs.writeFileSync(target, next), process.stdout.write(`${file}: written\n`);
}

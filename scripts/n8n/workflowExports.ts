/**
 * The names nodes/ and credentials/ take from n8n-workflow at run time, and whether an n8n line's n8n-workflow
 * exports each of them: n8n loads a community package against its own n8n-workflow, so a name one line lacks (2.41
 * dropped `sleepWithAbort`, `createDeferredPromise`, `ensureError`) breaks the package on that line only.
 *
 *   npx ts-node --transpile-only scripts/n8n/workflowExports.ts [--write]
 *
 * Prints what is missing on each installed line; --write records each line's export list in
 * test/fixtures/n8n-workflow-exports.json, which the unit test checks against without an n8n install.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { findInstall } from './install';
import { LINE_IDS, lineById, type LineId } from './lines';

const repoRoot = path.resolve(__dirname, '..', '..');
export const exportsFixture = path.join(repoRoot, 'test', 'fixtures', 'n8n-workflow-exports.json');

export interface RecordedExports {
	/** Per line: the n8n version, the n8n-workflow version it ships, and that version's export names. */
	[line: string]: { n8nVersion: string; n8nWorkflowVersion: string; exports: string[] };
}

function sourceFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
	});
}

/**
 * Every n8n-workflow name used as a value (what survives compilation: types are erased), with the files using it.
 * Each file is compiled as tsc does it, so an import used only as a type does not count.
 */
export function runtimeImports(dirs = ['nodes', 'credentials'].map((dir) => path.join(repoRoot, dir))): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const file of dirs.flatMap(sourceFiles)) {
		const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
			fileName: file,
		});
		const bindings = [...outputText.matchAll(/const (\w+) = require\("n8n-workflow"\)/g)].map((match) => match[1]);
		for (const binding of bindings) {
			for (const match of outputText.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) {
				const files = used.get(match[1]) ?? [];
				const relative = path.relative(repoRoot, file);
				if (!files.includes(relative)) files.push(relative);
				used.set(match[1], files);
			}
		}
	}
	return used;
}

/** The names in `used` that `available` lacks, with the files that use them. */
export function missingExports(used: Map<string, string[]>, available: Iterable<string>): Array<{ name: string; files: string[] }> {
	const names = new Set(available);
	return [...used].filter(([name]) => !names.has(name)).map(([name, files]) => ({ name, files }));
}

/** The export names of an n8n-workflow folder, as n8n's own require of it sees them. */
export function exportsOfFolder(n8nWorkflowDir: string): { version: string; exports: string[] } {
	const version = (JSON.parse(fs.readFileSync(path.join(n8nWorkflowDir, 'package.json'), 'utf8')) as { version: string }).version;
	return { version, exports: Object.keys(require(n8nWorkflowDir) as object).sort() };
}

/** n8n-workflow as an installed line's n8n loads it (undefined when the line is not installed). */
export function installedLineExports(id: LineId): RecordedExports[string] | undefined {
	const install = findInstall(lineById(id));
	if (!install) return undefined;
	const found = exportsOfFolder(path.join(install.installDir, 'node_modules', 'n8n-workflow'));
	return { n8nVersion: install.n8nVersion, n8nWorkflowVersion: found.version, exports: found.exports };
}

if (require.main === module) {
	const used = runtimeImports();
	const recorded: RecordedExports = fs.existsSync(exportsFixture) ? JSON.parse(fs.readFileSync(exportsFixture, 'utf8')) : {};
	let failed = false;
	for (const id of LINE_IDS) {
		const live = installedLineExports(id);
		if (!live) {
			process.stdout.write(`line ${id}: n8n ${lineById(id).n8nVersion} is not installed (npm run n8n:install -- --line=${id})\n`);
			continue;
		}
		const missing = missingExports(used, live.exports);
		failed ||= missing.length > 0;
		process.stdout.write(`line ${id}: n8n ${live.n8nVersion}, n8n-workflow ${live.n8nWorkflowVersion}: ` +
			(missing.length ? `MISSING ${missing.map((m) => `${m.name} (${m.files.join(', ')})`).join('; ')}` : `all ${used.size} names present`) + '\n');
		recorded[id] = live;
	}
	if (process.argv.includes('--write')) {
		fs.writeFileSync(exportsFixture, JSON.stringify(recorded, null, '\t') + '\n');
		process.stdout.write(`wrote ${path.relative(repoRoot, exportsFixture)}\n`);
	}
	process.exit(failed ? 1 : 0);
}

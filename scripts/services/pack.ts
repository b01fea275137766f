/**
 * `npm run pack:services`: one npm package per service, from this tree's compiled dist/ (run `npm run build`
 * first), written as dist-services/<name>-<version>.tgz. Each holds exactly the files its credential, node and trigger
 * require (the require graph of the compiled code, walked from the entry points package.json's n8n section names),
 * their codex files and icons, its own package.json and README.
 *
 *   npx ts-node --transpile-only scripts/services/pack.ts [--no-lint] [--no-scan] [--out=DIR]
 *
 * Then it lints each package's source tree (the .ts files behind those compiled files, with the package's own
 * package.json) with this repository's eslint.config.mjs, both n8n plugins in their strict sets, unchanged; and runs
 * the checks of @n8n/scan-community-package on each tarball (scripts/services/scan.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SERVICES, type Service } from './services';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const defaultOutDir = path.join(repoRoot, 'dist-services');

/** The only module a compiled node may require from outside its own files: n8n provides it (a peer dependency). */
const PROVIDED_BY_N8N = new Set(['n8n-workflow']);

interface RootPackage {
	name: string;
	version: string;
	license: string;
	author: unknown;
	homepage: string;
	repository: { type: string; url: string };
	n8n: { n8nNodesApiVersion: number; strict: boolean; credentials: string[]; nodes: string[] };
}

export function rootPackage(): RootPackage {
	return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as RootPackage;
}

/** The n8n entry points of a service: its credential file and the node files of its folder. */
export function entryPoints(service: Service, pkg = rootPackage()): { credentials: string[]; nodes: string[] } {
	const credentials = pkg.n8n.credentials.filter((file) => path.basename(file) === `${service.credential}.credentials.js`);
	const nodes = pkg.n8n.nodes.filter((file) => file.startsWith(`dist/nodes/${service.nodeFolder}/`));
	if (credentials.length !== 1 || nodes.length === 0) {
		throw new Error(`${service.name}: package.json's n8n section has ${credentials.length} credential(s) and ${nodes.length} node(s) for it`);
	}
	return { credentials, nodes };
}

function resolveRelative(fromFile: string, request: string): string {
	const base = path.resolve(path.dirname(fromFile), request);
	for (const candidate of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(repoRoot, fromFile)} requires ${request}, which dist/ does not have`);
}

/**
 * Every file the entry points load, following require() of the compiled code (paths relative to the repository).
 * A require of anything but a relative file or n8n-workflow is an error: the package must stand alone.
 */
export function requireGraph(entries: string[]): string[] {
	const seen = new Set<string>();
	const queue = entries.map((entry) => path.join(repoRoot, entry));
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		if (!fs.existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} does not exist: run npm run build`);
		seen.add(file);
		if (!file.endsWith('.js')) continue;
		for (const [, request] of fs.readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
			if (request.startsWith('.')) queue.push(resolveRelative(file, request));
			else if (!PROVIDED_BY_N8N.has(request)) {
				throw new Error(`${path.relative(repoRoot, file)} requires "${request}": a service package may require only n8n-workflow`);
			}
		}
	}
	return [...seen].map((file) => path.relative(repoRoot, file)).sort();
}

/** Icon paths (file:...) of a compiled node or credential class, resolved next to its file. */
function iconsOf(file: string): string[] {
	const exported = require(path.join(repoRoot, file)) as Record<string, new () => Record<string, unknown>>;
	const instance = new exported[path.basename(file).split('.')[0]]();
	const icon = (instance.description as { icon?: unknown } | undefined)?.icon ?? instance.icon;
	const refs = typeof icon === 'string' ? [icon] : icon && typeof icon === 'object' ? Object.values(icon as Record<string, string>) : [];
	return refs
		.filter((ref) => ref.startsWith('file:'))
		.map((ref) => path.relative(repoRoot, path.resolve(path.dirname(path.join(repoRoot, file)), ref.slice('file:'.length))));
}

/** The whole file set of a service package under dist/: the require graph, codex files next to nodes, icons. */
export function serviceFiles(service: Service): string[] {
	const { credentials, nodes } = entryPoints(service);
	const files = new Set(requireGraph([...credentials, ...nodes]));
	for (const node of nodes) {
		const codex = node.replace(/\.js$/, '.json');
		if (!fs.existsSync(path.join(repoRoot, codex))) throw new Error(`${node} has no codex file ${codex}`);
		files.add(codex);
	}
	for (const entry of [...credentials, ...nodes]) {
		for (const icon of iconsOf(entry)) {
			if (!fs.existsSync(path.join(repoRoot, icon))) throw new Error(`${entry} names icon ${icon}, which dist/ does not have`);
			files.add(icon);
		}
	}
	// Vendors never import each other: another vendor's folder in the set means a wrong import, not a bigger package.
	const foreign = [...files].filter((file) => /^dist\/nodes\/[^/]+\//.test(file) && !file.startsWith(`dist/nodes/${service.nodeFolder}/`) && !file.startsWith('dist/nodes/shared/'));
	if (foreign.length) throw new Error(`${service.name} would hold another service's files: ${foreign.join(', ')}`);
	return [...files].sort();
}

/** The service's package.json: the root's metadata, its own name, entry points and keywords, no dependencies. */
export function servicePackageJson(service: Service): Record<string, unknown> {
	const pkg = rootPackage();
	const { credentials, nodes } = entryPoints(service, pkg);
	return {
		name: service.name,
		version: pkg.version,
		description: service.description,
		keywords: ['n8n-community-node-package', ...service.keywords],
		license: pkg.license,
		author: pkg.author,
		homepage: `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/docs/${service.docs}`,
		repository: pkg.repository,
		files: ['dist'],
		n8n: { n8nNodesApiVersion: pkg.n8n.n8nNodesApiVersion, strict: pkg.n8n.strict, credentials, nodes },
		peerDependencies: { 'n8n-workflow': '*' },
	};
}

interface Described {
	displayName: string;
	description: string;
	properties: Array<{ name: string; options?: Array<{ name: string; value: string; action?: string }>; displayOptions?: { show?: { resource?: string[] } } }>;
}

function descriptionOf(file: string): Described {
	const exported = require(path.join(repoRoot, file)) as Record<string, new () => { description: Described }>;
	return new exported[path.basename(file).split('.')[0]]().description;
}

/** A short README: what the package is, how to install it, its operations (read from the node), where the docs are. */
export function serviceReadme(service: Service): string {
	const pkg = servicePackageJson(service);
	const docsUrl = String(pkg.homepage);
	const { nodes } = entryPoints(service);
	const lines = [
		`# ${service.name}`,
		'',
		`${service.description}. The ${service.title} part of [n8n-nodes-data-replication](${docsUrl.replace(/\/blob\/main\/.*$/, '#readme')}), built from the same code; install one or the other, not both.`,
		'',
		'## Install',
		'',
		`In a self-hosted n8n: *Settings > Community Nodes > Install*, enter \`${service.name}\`. Or in the nodes folder of n8n's user folder (\`~/.n8n/nodes\`): \`npm install ${service.name}\`, then restart n8n. In queue mode, install it on the main instance, every worker and every webhook processor.`,
		'',
		'Tested on n8n 2.41.1 (Node 24) and 1.123.81 (Node 20): the package installed alone, loaded and its example workflow run against an emulation of the vendor API.',
		'',
	];
	for (const node of nodes) {
		const description = descriptionOf(node);
		lines.push(`## ${description.displayName}`, '', `${description.description}.`.replace(/\.\.$/, '.'), '');
		const resources = description.properties.find((property) => property.name === 'resource')?.options ?? [];
		for (const resource of resources) {
			const operations = description.properties
				.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value))
				.flatMap((property) => property.options ?? []);
			if (operations.length) lines.push(`- **${resource.name}**: ${operations.map((operation) => operation.action ?? operation.name).join('; ')}`);
		}
		if (resources.length) lines.push('');
	}
	lines.push('## Documentation', '', `Credentials, every operation, the trigger and the vendor's quirks: [${service.docs}](${docsUrl}).`, '', '## License', '', `${String(pkg.license)}`, '');
	return lines.join('\n');
}

function copy(relative: string, toRoot: string, as = relative): void {
	const target = path.join(toRoot, as);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.copyFileSync(path.join(repoRoot, relative), target);
}

/** The source file a compiled file was built from (dist/nodes/x.js -> nodes/x.ts; json and svg as they are). */
function sourceOf(distFile: string): string {
	const relative = distFile.replace(/^dist\//, '');
	return relative.endsWith('.js') ? relative.replace(/\.js$/, '.ts') : relative;
}

export interface PackedService {
	service: Service;
	tgz: string;
	/** The package's folder as packed (package.json, README.md, LICENSE, dist/). */
	packageDir: string;
	/** Its sources as a package tree, for the linters: package.json, nodes/, credentials/ (the .ts behind dist/). */
	sourceDir: string;
	files: string[];
}

/** Lays out and packs one service package into outDir. */
export function packService(service: Service, outDir = defaultOutDir): PackedService {
	const files = serviceFiles(service);
	const packageDir = path.join(outDir, service.name);
	const sourceDir = path.join(outDir, '.source', service.name);
	for (const dir of [packageDir, sourceDir]) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
	}
	const packageJson = `${JSON.stringify(servicePackageJson(service), null, 2)}\n`;
	fs.writeFileSync(path.join(packageDir, 'package.json'), packageJson);
	fs.writeFileSync(path.join(packageDir, 'README.md'), serviceReadme(service));
	copy('LICENSE', packageDir);
	for (const file of files) copy(file, packageDir);

	fs.writeFileSync(path.join(sourceDir, 'package.json'), packageJson);
	for (const file of files) copy(sourceOf(file), sourceDir);

	const packed = spawnSync('npm', ['pack', '--pack-destination', outDir, '--json', '--ignore-scripts'], {
		cwd: packageDir,
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (packed.status !== 0) throw new Error(`npm pack of ${service.name} failed: ${packed.stderr}`);
	const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
	return { service, tgz: path.join(outDir, path.basename(filename)), packageDir, sourceDir, files };
}

/** This repository's eslint.config.mjs (both plugins, strict sets) over one package's source tree; throws on findings. */
export function lintSourceTree(packed: PackedService): void {
	const result = spawnSync(
		process.execPath,
		[path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'), '--config', path.join(repoRoot, 'eslint.config.mjs'), '--max-warnings', '0', '--no-warn-ignored', 'package.json', 'nodes', 'credentials'],
		{ cwd: packed.sourceDir, encoding: 'utf8', timeout: 300_000 },
	);
	if (result.status !== 0) throw new Error(`lint of ${packed.service.name} failed:\n${result.stdout}${result.stderr}`);
}

export function packServices(outDir = defaultOutDir): PackedService[] {
	fs.mkdirSync(outDir, { recursive: true });
	for (const old of fs.readdirSync(outDir).filter((file) => file.endsWith('.tgz'))) fs.rmSync(path.join(outDir, old));
	return SERVICES.map((service) => packService(service, outDir));
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const outDir = path.resolve(args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? defaultOutDir);
	const packed = packServices(outDir);
	for (const entry of packed) {
		process.stdout.write(`${path.relative(repoRoot, entry.tgz)}: ${entry.files.length} files under dist/\n`);
		if (!args.includes('--no-lint')) {
			lintSourceTree(entry);
			process.stdout.write(`  lint (eslint.config.mjs, both n8n plugins): clean\n`);
		}
	}
	if (!args.includes('--no-scan')) {
		const { scanTarballs } = await import('./scan');
		if (!(await scanTarballs(packed))) process.exit(1);
	}
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exit(1);
	});
}

/**
 * The package under test: `npm pack` of the repository, and its install into an n8n user folder the way n8n's own
 * community-package installer does it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface PackedPackage {
	tgz: string;
	/** The temporary folder holding tgz: remove it with removePacked() when done. */
	dir?: string;
	name: string;
	version: string;
}

/** `npm pack` the repository (dist/ must already be built) into a temporary folder. */
export function packPackage(options: { cwd?: string } = {}): PackedPackage {
	const cwd = options.cwd ?? repoRoot;
	const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { name: string; version: string };
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	const result = spawnSync('npm', ['pack', '--pack-destination', packDir, '--json', '--ignore-scripts'], {
		cwd,
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (result.status !== 0) {
		throw new Error(`npm pack failed (exit ${result.status ?? result.signal}): ${result.error?.message ?? ''}\n${result.stderr}`);
	}
	const [packed] = JSON.parse(result.stdout) as Array<{ filename: string }>;
	const tgz = path.join(packDir, path.basename(packed.filename));
	if (!fs.existsSync(tgz)) throw new Error(`npm pack reported ${packed.filename} but ${tgz} does not exist`);
	return { tgz, dir: packDir, name: pkg.name, version: pkg.version };
}

export function removePacked(packed: PackedPackage | undefined): void {
	if (packed?.dir) fs.rmSync(packed.dir, { recursive: true, force: true });
}

/** A .tgz made elsewhere: its name and version read from the package.json inside. */
export function packedFromTgz(tgz: string): PackedPackage {
	const read = spawnSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8', timeout: 60_000 });
	if (read.status !== 0) throw new Error(`cannot read package/package.json from ${tgz}: ${read.stderr}`);
	const pkg = JSON.parse(read.stdout) as { name: string; version: string };
	return { tgz, name: pkg.name, version: pkg.version };
}

/** package.json's n8n section of the repository: the node and credential files the package promises. */
export function declaredN8nFiles(cwd = repoRoot): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	return { nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] };
}

/**
 * Installs a packed package the way n8n 2.41.1's CommunityPackagesService.downloadPackage does: unpack into
 * <nodes>/node_modules/<name>, drop dev/peer/optional dependencies from its package.json, run
 * `npm install` there with scripts off, and record it in <nodes>/package.json. With no runtime dependencies
 * (the community rules forbid them) this touches no registry. Returns the package's folder.
 */
export function installCommunityPackage(nodesDir: string, packed: PackedPackage, env: NodeJS.ProcessEnv): string {
	const packageDir = path.join(nodesDir, 'node_modules', ...packed.name.split('/'));
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', packed.tgz, '-C', packageDir, '--strip-components=1'], {
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (untar.status !== 0) throw new Error(`unpacking ${packed.tgz} failed: ${untar.stderr}`);

	const packageJsonPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		fs.readFileSync(packageJsonPath, 'utf8'),
	) as Record<string, unknown>;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));

	const npmInstall = spawnSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--prefer-offline',
		],
		{ cwd: packageDir, env, encoding: 'utf8', timeout: 180_000 },
	);
	if (npmInstall.status !== 0) {
		throw new Error(`npm install in ${packageDir} failed (exit ${npmInstall.status ?? npmInstall.signal}):\n${npmInstall.stderr}`);
	}

	const nodesPackageJson = path.join(nodesDir, 'package.json');
	const manifest = fs.existsSync(nodesPackageJson)
		? (JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8')) as { dependencies?: Record<string, string> })
		: { name: 'installed-nodes', private: true, dependencies: {} };
	manifest.dependencies = { ...(manifest.dependencies ?? {}), [packed.name]: packed.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(manifest, null, 2));
	return packageDir;
}

/**
 * Idempotent install of a real n8n (and the Node 24 it needs) into .cache/n8n-<version>/.
 * Cold: a few minutes (npm registry only). Warm: a marker file says it is done, so it returns in milliseconds.
 *
 *   npx ts-node --transpile-only scripts/n8n/install.ts [--force]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = '24';

const repoRoot = path.resolve(__dirname, '..', '..');
/** .cache/n8n-<version> in the repository; N8N_E2E_INSTALL_DIR moves it (e.g. to a CI cache volume). */
export const installDir = process.env.N8N_E2E_INSTALL_DIR
	? path.resolve(process.env.N8N_E2E_INSTALL_DIR)
	: path.join(repoRoot, '.cache', `n8n-${N8N_VERSION}`);
const markerFile = path.join(installDir, '.install-complete.json');
const nodePackage = `node-${process.platform}-${process.arch}`;
const runtimeDir = path.join(installDir, 'node-runtime');

export interface N8nInstall {
	installDir: string;
	/** Folder of the Node 24 distribution: bin/node and include/. */
	nodeDir: string;
	nodeBin: string;
	/** n8n's CLI entry point, run with nodeBin. */
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
}

function layout(): Omit<N8nInstall, 'nodeVersion'> {
	const nodeDir = path.join(runtimeDir, 'node_modules', nodePackage);
	return {
		installDir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nVersion: N8N_VERSION,
	};
}

/** Environment for commands that must see Node 24 first on PATH and build native modules against its headers. */
export function node24Env(nodeDir: string): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: nodeDir,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

function run(step: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): void {
	const started = Date.now();
	log(`${step}: ${cmd} ${args.join(' ')}  (in ${path.relative(repoRoot, cwd) || '.'})`);
	const result = spawnSync(cmd, args, { cwd, env, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (result.error) throw new Error(`${step} failed after ${seconds}s: ${result.error.message}`);
	if (result.status !== 0) {
		throw new Error(`${step} failed after ${seconds}s: exit ${result.status ?? result.signal}`);
	}
	log(`${step}: done in ${seconds}s`);
}

function log(message: string): void {
	process.stderr.write(`[n8n-install] ${message}\n`);
}

function writeJson(file: string, data: unknown): void {
	fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

/** Returns the install if its marker says it is complete and the binaries are still there, otherwise undefined. */
export function findInstall(): N8nInstall | undefined {
	if (!fs.existsSync(markerFile)) return undefined;
	const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as { nodeVersion: string; n8nVersion: string };
	const paths = layout();
	if (marker.n8nVersion !== N8N_VERSION || !fs.existsSync(paths.nodeBin) || !fs.existsSync(paths.n8nBin)) {
		return undefined;
	}
	return { ...paths, nodeVersion: marker.nodeVersion };
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One installer at a time per folder (two test runs started together); a lock older than 30 minutes is stale. */
function withInstallLock<T>(work: () => T): T {
	const lock = `${installDir}.lock`;
	fs.mkdirSync(path.dirname(installDir), { recursive: true });
	const deadline = Date.now() + 30 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch {
			const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if (age > 30 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
			else if (Date.now() > deadline) throw new Error(`${lock} is held by another install for over 30 minutes`);
			else sleepSync(2_000);
		}
	}
	try {
		return work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

export function installN8n(options: { force?: boolean } = {}): N8nInstall {
	const existing = options.force ? undefined : findInstall();
	if (existing) {
		log(`already installed: n8n ${existing.n8nVersion} with Node ${existing.nodeVersion} in ${existing.installDir}`);
		return existing;
	}
	return withInstallLock(() => {
		// Whoever held the lock may have finished the install meanwhile.
		const finished = options.force ? undefined : findInstall();
		return finished ?? installNow();
	});
}

function installNow(): N8nInstall {
	const started = Date.now();
	const paths = layout();
	fs.rmSync(markerFile, { force: true });
	fs.mkdirSync(runtimeDir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	// Own package.json files, so neither the repository's .npmrc nor its package.json takes part.
	const baseEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
	const minutes = 60_000;

	// 1. Node 24: the platform package holds bin/node and include/ and needs no install script.
	if (!fs.existsSync(paths.nodeBin)) {
		writeJson(path.join(runtimeDir, 'package.json'), { name: 'n8n-node-runtime', private: true });
		run('node runtime', npm, ['install', `${nodePackage}@${NODE_MAJOR}`, '--ignore-scripts', '--no-package-lock'],
			runtimeDir, baseEnv, 10 * minutes);
	}
	const version = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
	const nodeVersion = (version.stdout ?? '').trim();
	if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) {
		throw new Error(`expected Node ${NODE_MAJOR} at ${paths.nodeBin}, got "${nodeVersion}" ${version.stderr ?? ''}`);
	}
	if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node.h'))) {
		throw new Error(`Node headers missing in ${paths.nodeDir}/include: native modules cannot be built`);
	}

	// 2. n8n itself; scripts off, because an optional native module would download from the internet.
	const n8nPackageJson = path.join(installDir, 'node_modules', 'n8n', 'package.json');
	const installedN8n = fs.existsSync(n8nPackageJson)
		? (JSON.parse(fs.readFileSync(n8nPackageJson, 'utf8')) as { version: string }).version
		: undefined;
	if (installedN8n !== N8N_VERSION) {
		writeJson(path.join(installDir, 'package.json'), { name: 'n8n-e2e-runtime', private: true });
		run('n8n', npm, ['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
			installDir, node24Env(paths.nodeDir), 20 * minutes);
	}

	// 3. sqlite3 is the one native module n8n cannot start without: build it against Node 24's headers.
	run('sqlite3', npm, ['rebuild', 'sqlite3', '--ignore-scripts=false'],
		installDir, node24Env(paths.nodeDir), 15 * minutes);
	const check = spawnSync(paths.nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
		cwd: installDir, encoding: 'utf8', timeout: 60_000,
	});
	if (check.status !== 0) throw new Error(`sqlite3 does not load under Node ${nodeVersion}: ${check.stderr}`);

	const seconds = Math.round((Date.now() - started) / 1000);
	writeJson(markerFile, { n8nVersion: N8N_VERSION, nodeVersion, nodePackage, seconds, at: new Date().toISOString() });
	log(`installed n8n ${N8N_VERSION} with Node ${nodeVersion} in ${seconds}s`);
	return { ...paths, nodeVersion };
}

if (require.main === module) {
	try {
		const started = Date.now();
		const install = installN8n({ force: process.argv.includes('--force') });
		log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${install.n8nBin}`);
	} catch (error) {
		log((error as Error).message);
		process.exit(1);
	}
}

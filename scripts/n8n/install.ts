/**
 * Idempotent install of a real n8n of one line (./lines.ts) into .cache/n8n-<version>/, with the Node it needs:
 * line 2 (2.41.1) with a Node 24 from the npm registry, line 1 (1.123.81) on this machine's Node (20.19-24).
 * Cold: a few minutes (npm registry only). Warm: a marker file says it is done, so it returns in milliseconds.
 *
 *   npx ts-node --transpile-only scripts/n8n/install.ts [--line=1|2|all] [--force]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { currentLine, installDirOf, lineById, LINE_IDS, type N8nLine } from './lines';

export { currentLine, type N8nLine } from './lines';

/** The version of this process's line (N8N_E2E_LINE). */
export const N8N_VERSION = currentLine().n8nVersion;
/** The install folder of this process's line. */
export const installDir = installDirOf(currentLine());

const repoRoot = path.resolve(__dirname, '..', '..');
const nodePackage = `node-${process.platform}-${process.arch}`;

export interface N8nInstall {
	line: N8nLine;
	installDir: string;
	/** Folder of the Node distribution n8n runs on: bin/node and include/. */
	nodeDir: string;
	nodeBin: string;
	/** n8n's CLI entry point, run with nodeBin. */
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
	/** Environment every n8n process of this install needs (the line's). */
	env: Record<string, string>;
}

interface Marker {
	n8nVersion: string;
	nodeVersion: string;
	nodeDir: string;
}

const markerOf = (dir: string) => path.join(dir, '.install-complete.json');
const bundledNodeDir = (dir: string) => path.join(dir, 'node-runtime', 'node_modules', nodePackage);

function inRange(version: string, min: string, maxMajor: number): boolean {
	const [a, b, c] = version.replace(/^v/, '').split('.').map(Number);
	const [x, y, z] = min.split('.').map(Number);
	const atLeast = a !== x ? a > x : b !== y ? b > y : c >= z;
	return atLeast && a <= maxMajor;
}

/** The Node this line runs on: this process's (system lines, when in range) or a bundled major. */
function nodeChoice(line: N8nLine, dir: string): { kind: 'system'; nodeDir: string } | { kind: 'bundled'; major: string; nodeDir: string } {
	if (line.node.kind === 'system') {
		if (inRange(process.version, line.node.min, line.node.maxMajor)) {
			return { kind: 'system', nodeDir: path.dirname(path.dirname(process.execPath)) };
		}
		return { kind: 'bundled', major: line.node.fallbackMajor, nodeDir: bundledNodeDir(dir) };
	}
	return { kind: 'bundled', major: line.node.major, nodeDir: bundledNodeDir(dir) };
}

function layout(line: N8nLine, dir: string, nodeDir: string): Omit<N8nInstall, 'nodeVersion'> {
	return {
		line,
		installDir: dir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nVersion: line.n8nVersion,
		env: line.env,
	};
}

/** Environment for commands that must see the given Node first on PATH and build native modules against its headers. */
export function nodeEnv(nodeDir: string): NodeJS.ProcessEnv {
	const headers = fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'));
	return {
		...process.env,
		PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		...(headers ? { npm_config_nodedir: nodeDir } : {}),
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

/** @deprecated name from before there were two lines: nodeEnv(). */
export const node24Env = nodeEnv;

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
export function findInstall(line: N8nLine = currentLine()): N8nInstall | undefined {
	const dir = installDirOf(line);
	if (!fs.existsSync(markerOf(dir))) return undefined;
	const marker = JSON.parse(fs.readFileSync(markerOf(dir), 'utf8')) as Marker;
	const paths = layout(line, dir, marker.nodeDir ?? bundledNodeDir(dir));
	if (marker.n8nVersion !== line.n8nVersion || !fs.existsSync(paths.nodeBin) || !fs.existsSync(paths.n8nBin)) {
		return undefined;
	}
	return { ...paths, nodeVersion: marker.nodeVersion };
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One installer at a time per folder (two test runs started together); a lock older than 30 minutes is stale. */
function withInstallLock<T>(dir: string, work: () => T): T {
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(dir), { recursive: true });
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

export function installN8n(options: { force?: boolean; line?: N8nLine } = {}): N8nInstall {
	const line = options.line ?? currentLine();
	const existing = options.force ? undefined : findInstall(line);
	if (existing) {
		log(`already installed: n8n ${existing.n8nVersion} with Node ${existing.nodeVersion} in ${existing.installDir}`);
		return existing;
	}
	return withInstallLock(installDirOf(line), () => {
		// Whoever held the lock may have finished the install meanwhile.
		const finished = options.force ? undefined : findInstall(line);
		return finished ?? installNow(line);
	});
}

function installNow(line: N8nLine): N8nInstall {
	const started = Date.now();
	const dir = installDirOf(line);
	const node = nodeChoice(line, dir);
	const paths = layout(line, dir, node.nodeDir);
	fs.rmSync(markerOf(dir), { force: true });
	fs.mkdirSync(dir, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	// Own package.json files, so neither the repository's .npmrc nor its package.json takes part.
	const baseEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
	const minutes = 60_000;

	// 1. The Node of the line: the platform package holds bin/node and include/ and needs no install script.
	if (node.kind === 'bundled' && !fs.existsSync(paths.nodeBin)) {
		const runtimeDir = path.join(dir, 'node-runtime');
		fs.mkdirSync(runtimeDir, { recursive: true });
		writeJson(path.join(runtimeDir, 'package.json'), { name: 'n8n-node-runtime', private: true });
		run('node runtime', npm, ['install', `${nodePackage}@${node.major}`, '--ignore-scripts', '--no-package-lock'],
			runtimeDir, baseEnv, 10 * minutes);
	}
	const version = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
	const nodeVersion = (version.stdout ?? '').trim();
	const wanted = node.kind === 'bundled' ? `v${node.major}.` : process.version;
	if (!nodeVersion.startsWith(wanted)) {
		throw new Error(`expected Node ${wanted} at ${paths.nodeBin}, got "${nodeVersion}" ${version.stderr ?? ''}`);
	}
	if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node.h'))) {
		throw new Error(`Node headers missing in ${paths.nodeDir}/include: native modules cannot be built`);
	}

	// 2. n8n itself; scripts off, because an optional native module would download from the internet.
	const n8nPackageJson = path.join(dir, 'node_modules', 'n8n', 'package.json');
	const installedN8n = fs.existsSync(n8nPackageJson)
		? (JSON.parse(fs.readFileSync(n8nPackageJson, 'utf8')) as { version: string }).version
		: undefined;
	if (installedN8n !== line.n8nVersion) {
		writeJson(path.join(dir, 'package.json'), {
			name: 'n8n-e2e-runtime',
			private: true,
			...(line.overrides ? { overrides: line.overrides } : {}),
		});
		run('n8n', npm, ['install', `n8n@${line.n8nVersion}`, '--ignore-scripts', '--no-audit', '--no-fund'],
			dir, nodeEnv(paths.nodeDir), 25 * minutes);
	}

	// 3. sqlite3 is the one native module n8n cannot start without: build it against the line's Node headers.
	run('sqlite3', npm, ['rebuild', 'sqlite3', '--ignore-scripts=false'], dir, nodeEnv(paths.nodeDir), 15 * minutes);
	const check = spawnSync(paths.nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
		cwd: dir, encoding: 'utf8', timeout: 60_000,
	});
	if (check.status !== 0) throw new Error(`sqlite3 does not load under Node ${nodeVersion}: ${check.stderr}`);

	const seconds = Math.round((Date.now() - started) / 1000);
	writeJson(markerOf(dir), {
		n8nVersion: line.n8nVersion, nodeVersion, nodeDir: paths.nodeDir, nodePackage: node.kind === 'bundled' ? nodePackage : 'system',
		seconds, at: new Date().toISOString(),
	});
	log(`installed n8n ${line.n8nVersion} with Node ${nodeVersion} in ${seconds}s`);
	return { ...paths, nodeVersion };
}

if (require.main === module) {
	try {
		const arg = process.argv.find((a) => a.startsWith('--line='))?.slice('--line='.length);
		const lines = arg === 'all' ? LINE_IDS.map(lineById) : [arg ? lineById(arg) : currentLine()];
		for (const line of lines) {
			const started = Date.now();
			const install = installN8n({ force: process.argv.includes('--force'), line });
			log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${install.n8nBin}`);
		}
	} catch (error) {
		log((error as Error).message);
		process.exit(1);
	}
}

/**
 * `npm run dev`: the n8n editor on http://127.0.0.1:5678 with this package, the sandbox and its credentials, and the
 * example workflows, for people building workflows or working on the package.
 *
 *   npx ts-node --transpile-only scripts/dev.ts [--port=5678] [--sandbox-port=8787]
 *
 * n8n's user folder is .n8n-dev/ (git-ignored, kept between runs: your workflows stay). The package is built, packed
 * and installed the way n8n's community installer does; on a change under nodes/ or credentials/ it is rebuilt,
 * reinstalled and n8n restarted. Ctrl-C stops n8n and the sandbox.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { adaptToSandbox, allExampleFiles, importWorkflows, readExample, sandboxCredentials } from './lib/examples';
import { findInstall, N8N_VERSION } from './n8n/install';
import { createInstance, N8nInstance, OWNER, packPackage, removePacked, repoRoot } from './n8n/n8n';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const port = option('port', 5678);
const sandboxPort = option('sandbox-port', 8787);
const userFolder = path.join(repoRoot, '.n8n-dev');
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

let sandbox: Sandbox | undefined;
let n8n: N8nInstance | undefined;
let stopping = false;

function build(): boolean {
	const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) {
		say(`build failed (n8n keeps the previous build):\n${result.stdout}${result.stderr}`);
		return false;
	}
	return true;
}

/** Packs dist/, installs it into .n8n-dev/.n8n/nodes, (first time: imports credentials and examples), starts n8n. */
async function boot(first: boolean): Promise<void> {
	const packed = packPackage();
	try {
		n8n = await createInstance({ packTgz: packed, folder: userFolder, logLevel: 'info' });
	} finally {
		removePacked(packed);
	}
	if (first) {
		await n8n.importCredentials(sandboxCredentials(sandbox!.url));
		await importWorkflows(n8n, allExampleFiles().map((file) => adaptToSandbox(readExample(file), sandbox!)));
		say(`imported the sandbox credentials and ${allExampleFiles().length} example workflows`);
	}
	await n8n.start({ port, timeoutMs: 180_000 });
}

async function shutdown(): Promise<void> {
	if (stopping) return;
	stopping = true;
	say('stopping n8n and the sandbox...');
	await n8n?.stop().catch(() => undefined);
	await sandbox?.close().catch(() => undefined);
	process.exit(0);
}

async function main(): Promise<void> {
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());

	say('building the package...');
	if (!build()) process.exit(1);
	if (!findInstall()) say(`installing n8n ${N8N_VERSION} (and the Node it needs) into .cache/ (first run only: several minutes)...`);
	sandbox = await startSandbox({ port: sandboxPort });
	say(`sandbox on ${sandbox.url} (control API ${sandbox.url}/__sandbox)`);
	await boot(true);
	say(`n8n ${n8n!.install.n8nVersion} ready: ${n8n!.baseUrl}  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(`user folder ${userFolder} (kept), log ${path.join(userFolder, 'logs', 'start.log')}; watching nodes/ and credentials/; Ctrl-C stops`);

	let timer: NodeJS.Timeout | undefined;
	let busy = false;
	let again = false;
	const rebuild = async () => {
		if (busy) {
			again = true;
			return;
		}
		busy = true;
		say('change seen: rebuilding...');
		if (build()) {
			await n8n?.stop();
			await boot(false).catch((error) => say(`restart failed: ${(error as Error).message}`));
			if (n8n?.isRunning) say(`n8n restarted with the new build: ${n8n.baseUrl}`);
		}
		busy = false;
		if (again) {
			again = false;
			void rebuild();
		}
	};
	for (const dir of ['nodes', 'credentials']) {
		fs.watch(path.join(repoRoot, dir), { recursive: true }, (_event, file) => {
			if (!file || !/\.(ts|json|svg)$/.test(String(file))) return;
			clearTimeout(timer);
			timer = setTimeout(() => void rebuild(), 500);
		});
	}
}

main().catch(async (error) => {
	process.stderr.write(`[dev] failed: ${(error as Error).stack ?? String(error)}\n`);
	await n8n?.stop().catch(() => undefined);
	await sandbox?.close().catch(() => undefined);
	process.exit(1);
});

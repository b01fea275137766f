/**
 * `npm run demo`: the package in a real n8n, against the sandbox, headless, in one command.
 *
 *   npx ts-node --transpile-only scripts/demo.ts [--no-build] [--fail] [--keep]
 *
 * Builds and packs the package; installs n8n 2.41.1 with Node 24 into .cache/ once (minutes; later runs reuse it);
 * installs the packed package as n8n's community installer does ($N8N_USER_FOLDER/.n8n/nodes); starts the sandbox;
 * imports the sandbox credentials and every example workflow; executes the flagship example (examples/etl-chain.json)
 * and prints what happened. --fail scripts the CData Sync job to fail, to show the failure branch. Cleans up what it
 * started on success, failure and Ctrl-C (--keep keeps n8n's folder for a look at its logs).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FAMILY } from '../sandbox/core/constants';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { adaptToSandbox, allExampleFiles, describeRun, EXAMPLES, importWorkflows, readExample, sandboxCredentials } from './lib/examples';
import { findInstall, installDir, N8N_VERSION } from './n8n/install';
import { createInstance, N8nInstance, packPackage, removePacked, repoRoot, type PackedPackage } from './n8n/n8n';

const args = process.argv.slice(2);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

let sandbox: Sandbox | undefined;
let n8n: N8nInstance | undefined;
let packed: PackedPackage | undefined;
let cleaning: Promise<void> | undefined;
let interrupted = false;

function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		await n8n?.dispose({ keepFolder: args.includes('--keep') }).catch(() => undefined);
		removePacked(packed);
		await sandbox?.close().catch(() => undefined);
	})();
	return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		interrupted = true;
		say(`\n${signal}: stopping n8n and the sandbox...`);
		void cleanUp().then(() => process.exit(130));
	});
}

async function main(): Promise<number> {
	say('n8n-nodes-data-replication demo: the flagship example in a real n8n, against the local sandbox\n');

	if (!args.includes('--no-build')) {
		say('1. Building the package (npm run build)...');
		const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
	} else if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
		throw new Error('--no-build, but dist/ is missing');
	}
	packed = packPackage();
	say(`   packed ${path.basename(packed.tgz)} (${elapsed()})`);

	say(
		findInstall()
			? `2. n8n ${N8N_VERSION} is already installed in ${path.relative(repoRoot, installDir) || installDir} (reused)`
			: `2. Installing n8n ${N8N_VERSION} (and the Node it needs) into ${path.relative(repoRoot, installDir)} (first run only: this takes several minutes and about 3 GB)...`,
	);
	n8n = await createInstance({ packTgz: packed });
	say(`   n8n ready in a temporary user folder, package installed into .n8n/nodes (${elapsed()})`);

	sandbox = await startSandbox({ runTimeMs: 1500 });
	say(`3. Sandbox (emulated Informatica IDMC, CData Sync, Relational Migrator) on ${sandbox.url}`);
	if (args.includes('--fail')) {
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'SalesforceToSnowflake', outcome: 'failure', message: '[500] Could not connect to Snowflake.' });
		say('   --fail: the CData Sync job SalesforceToSnowflake is scripted to fail');
	}

	await n8n.importCredentials(sandboxCredentials(sandbox.url));
	const flagship = adaptToSandbox(readExample(EXAMPLES.etlChain), sandbox);
	const files = allExampleFiles();
	const ids = await importWorkflows(
		n8n,
		files.map((file) => (file === EXAMPLES.etlChain ? flagship : adaptToSandbox(readExample(file), sandbox!))),
	);
	const flagshipId = ids[files.indexOf(EXAMPLES.etlChain)];
	say(`4. Imported the sandbox credentials and ${allExampleFiles().length} example workflows (${elapsed()})`);

	say(`5. Executing "${String(flagship.name)}" (n8n execute --id ${flagshipId})...\n`);
	const result = await n8n.execute(flagshipId);
	if (interrupted) return 130;
	const { lines, succeeded } = describeRun(result, flagship);
	for (const line of lines) say(`   ${line}`);
	const counters = sandbox.counters.snapshot();
	say(`\n   vendor requests: ${counters.total}, Informatica logins: ${counters.logins}; n8n execute took ${(result.durationMs / 1000).toFixed(1)} s (boot included)`);
	if (!result.ok && result.error) say(`   n8n reported: ${String(result.error.message)}`);
	say(`\nResult: ${succeeded ? 'the chained run SUCCEEDED' : 'the chained run FAILED'} (demo total ${elapsed()})`);
	return succeeded ? 0 : 1;
}

main()
	.then(async (code) => {
		await cleanUp();
		process.exit(code);
	})
	.catch(async (error) => {
		if (interrupted) return; // the signal handler cleans up and exits
		process.stderr.write(`\ndemo failed: ${(error as Error).stack ?? String(error)}\n`);
		await cleanUp();
		process.exit(1);
	});

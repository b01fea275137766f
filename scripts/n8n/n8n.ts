/**
 * Run this package inside a real n8n (the version installed by ./install.ts), headless, on 127.0.0.1 only.
 * The module the scripts and tests import; the work is done in:
 *   ./pack.ts        npm pack of the repository, its install as a community package
 *   ./dbTemplate.ts  a migrated empty database, made once per install, copied into each new user folder
 *   ./environment.ts the environment of every n8n process (fixed encryption key, loopback only), the owner account
 *   ./process.ts     process groups (all killed on stop and at exit), ports, bounded waits
 *   ./instance.ts    N8nInstance: the CLI, `n8n start`, the REST API
 *
 *   const packed = packPackage();                     // after `npm run build`
 *   const n8n = await createInstance({ packTgz: packed });
 *   await n8n.importCredentials(credentialsJson);
 *   const id = await n8n.importWorkflow(workflowJson);
 *   const { run, durationMs } = await n8n.execute(id);  // `n8n execute --id --rawOutput`, parsed
 *   await n8n.start();                                  // `n8n start`, owner account, logged-in session
 *   await n8n.activate(id);
 *   await n8n.waitForExecutions(id, { count: 2 });
 *   await n8n.dispose();                                // kills every process group it started, removes the folder
 *
 * CLI commands (import, execute, export, publish) run while the server is stopped: they share its SQLite file.
 * Every wait is bounded and fails with the tail of n8n's own log.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyDatabaseTemplate } from './dbTemplate';
import { n8nEnvironment } from './environment';
import { installN8n } from './install';
import { N8nInstance } from './instance';
import { installCommunityPackage, packedFromTgz, type PackedPackage } from './pack';

export { ENCRYPTION_KEY, OWNER } from './environment';
export { N8nInstance, newId, parseTopLevelJson } from './instance';
export type { CliResult, ExecuteResult, ExecutionSummary, Json } from './instance';
export { declaredN8nFiles, packPackage, removePacked, repoRoot } from './pack';
export type { PackedPackage } from './pack';
export { freePort } from './process';

export interface CreateInstanceOptions {
	/** The packed package to install as a community package; omit to run n8n with its built-in nodes only. */
	packTgz?: string | PackedPackage;
	/** Log level of `n8n start` (written to <folder>/logs/start.log). Default 'info'. */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Extra environment for every n8n process (e.g. vendor sandbox URLs). */
	env?: Record<string, string>;
	/** Skip the shared migrated-database template (for debugging migrations). */
	freshDatabase?: boolean;
	/**
	 * A persistent N8N_USER_FOLDER (created if missing; its database is kept and reused) instead of a temporary one,
	 * e.g. for `npm run dev`. Use stop(), not dispose(), to keep it.
	 */
	folder?: string;
}

export async function createInstance(options: CreateInstanceOptions = {}): Promise<N8nInstance> {
	const install = installN8n();
	const folder = options.folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const dotN8n = path.join(folder, '.n8n');
	const hasDatabase = fs.existsSync(path.join(dotN8n, 'database.sqlite'));
	const nodesDir = path.join(dotN8n, 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.mkdirSync(path.join(folder, 'logs'), { recursive: true });

	const baseEnv = n8nEnvironment(install, options.env);
	if (!options.freshDatabase && !hasDatabase) await copyDatabaseTemplate(install, baseEnv, dotN8n);

	let packageDir: string | undefined;
	let packageName: string | undefined;
	if (options.packTgz) {
		const packed = typeof options.packTgz === 'string' ? packedFromTgz(options.packTgz) : options.packTgz;
		packageDir = installCommunityPackage(nodesDir, packed, { ...process.env, npm_config_update_notifier: 'false' });
		packageName = packed.name;
	}
	return new N8nInstance(install, folder, { ...baseEnv, N8N_USER_FOLDER: folder }, packageName, packageDir, options.logLevel ?? 'info');
}

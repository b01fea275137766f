/**
 * A migrated, empty database, made once per install (<install>/db-template/) and copied into every new user
 * folder: saves the 3-4 s of migrations on every new instance.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { N8nInstall } from './install';
import { freePort } from './process';

function templateDir(install: N8nInstall): string {
	return path.join(install.installDir, 'db-template');
}

/** The template's folder, made now if missing; undefined when it cannot be made (each instance then migrates). */
export async function ensureDatabaseTemplate(install: N8nInstall, baseEnv: NodeJS.ProcessEnv): Promise<string | undefined> {
	const dir = templateDir(install);
	if (fs.existsSync(path.join(dir, '.template-complete'))) return dir;
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-template-'));
	const staging = `${dir}.tmp-${process.pid}`;
	try {
		const env = {
			...baseEnv,
			N8N_USER_FOLDER: scratch,
			N8N_LOG_LEVEL: 'warn',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		// Any command migrates the database; export:nodes is a cheap one.
		const nodesJson = path.join(scratch, 'nodes.json');
		const result = spawnSync(install.nodeBin, [install.n8nBin, 'export:nodes', `--output=${nodesJson}`], {
			cwd: scratch,
			env,
			encoding: 'utf8',
			timeout: 180_000,
			killSignal: 'SIGKILL',
		});
		const migrated = result.status === 0 || (result.signal === 'SIGSEGV' && fs.existsSync(nodesJson));
		if (!migrated) return undefined;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.mkdirSync(staging, { recursive: true });
		for (const file of fs.readdirSync(path.join(scratch, '.n8n'))) {
			if (file.startsWith('database.sqlite')) fs.copyFileSync(path.join(scratch, '.n8n', file), path.join(staging, file));
		}
		fs.writeFileSync(path.join(staging, '.template-complete'), new Date().toISOString());
		try {
			fs.renameSync(staging, dir); // atomic: a concurrent run either sees the whole template or none
		} catch {
			// another run got there first
		}
		return fs.existsSync(path.join(dir, '.template-complete')) ? dir : undefined;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/** Copies the template's database files into <folder>/.n8n when the template can be had. */
export async function copyDatabaseTemplate(install: N8nInstall, baseEnv: NodeJS.ProcessEnv, dotN8n: string): Promise<void> {
	const template = await ensureDatabaseTemplate(install, baseEnv);
	if (!template) return;
	for (const file of fs.readdirSync(template)) {
		if (file.startsWith('database.sqlite')) fs.copyFileSync(path.join(template, file), path.join(dotN8n, file));
	}
}

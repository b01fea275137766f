/**
 * `npm run test:e2e`: the end-to-end suite (test/e2e) once per n8n line, one jest run each, with the time per line.
 *
 *   npm run test:e2e                     both lines: 2.x (2.41.1 on Node 24), then 1.x (1.123.81 on this Node)
 *   npm run test:e2e -- --line=1         one line (also: N8N_E2E_LINE=1 npm run test:e2e)
 *   npm run test:e2e -- --line=2 -t ETL  anything else is handed to jest
 *
 * Each line's n8n is installed by the suite's global setup on first use (.cache/n8n-<version>, or
 * N8N_E2E_INSTALL_DIR_<line>); the service packages are packed into dist-services/ there too.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { LINE_IDS, lineById, type LineId } from './n8n/lines';

const repoRoot = path.resolve(__dirname, '..');

function selectedLines(args: string[]): LineId[] {
	const flag = args.find((arg) => arg.startsWith('--line='))?.slice('--line='.length) ?? process.env.N8N_E2E_LINE;
	if (!flag || flag === 'all') return LINE_IDS;
	return flag.split(',').map((id) => lineById(id.trim()).id);
}

function main(): number {
	const args = process.argv.slice(2);
	const jestArgs = args.filter((arg) => !arg.startsWith('--line='));
	const results: Array<{ line: LineId; status: number | null; seconds: number }> = [];
	for (const id of selectedLines(args)) {
		const line = lineById(id);
		process.stdout.write(`\n=== e2e on n8n ${line.n8nVersion} (line ${id}) ===\n`);
		const started = Date.now();
		const result = spawnSync(
			process.execPath,
			[require.resolve('jest/bin/jest'), '--config', 'test/e2e/jest.e2e.config.js', '--runInBand', ...jestArgs],
			{ cwd: repoRoot, stdio: 'inherit', env: { ...process.env, N8N_E2E_LINE: id } },
		);
		results.push({ line: id, status: result.status, seconds: Math.round((Date.now() - started) / 1000) });
	}
	process.stdout.write('\n=== e2e per n8n line ===\n');
	for (const { line, status, seconds } of results) {
		process.stdout.write(`  n8n ${lineById(line).n8nVersion.padEnd(9)} ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${seconds} s\n`);
	}
	return results.every((result) => result.status === 0) ? 0 : 1;
}

process.exit(main());

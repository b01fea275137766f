/**
 * `npm run bench [-- --quick] [-- --only 4,5] [-- --no-build]`: what the package costs, against the in-process
 * sandbox (loopback, job run times near zero); section 6 runs a real n8n beside it (full mode only). Prints a table
 * (goal / measured / met) and writes test-output/bench.json. See docs/performance.md; `--write-docs` puts the table
 * there and one line per goal into README.md's performance section.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { forgetSharedLogins } from '../credentials/InformaticaIdmcApi.credentials';
import { startSandbox } from '../sandbox/server';
import { families } from '../sandbox/families';
import { benchFamily } from './lib/benchFamily';
import type { BenchContext, Section } from './lib/context';
import type { Row } from './lib/report';
import { renderTable } from './lib/report';
import { footprint } from './sections/footprint';
import { handBuilt } from './sections/handBuilt';
import { latency } from './sections/latency';
import { logins } from './sections/logins';
import { overhead } from './sections/overhead';
import { parallel } from './sections/parallel';
import { polls } from './sections/polls';

const SECTIONS: Section[] = [overhead, logins, polls, latency, footprint, handBuilt, parallel].sort((a, b) => a.id - b.id);

/** The part of docs/performance.md that `--write-docs` replaces. */
const TABLE_MARKERS = /<!-- bench:table -->[\s\S]*<!-- \/bench:table -->/;
/** The README's performance lines that `--write-docs` replaces: every goal, one line each. */
const README_MARKERS = /<!-- bench:readme -->[\s\S]*<!-- \/bench:readme -->/;

/** One line per goal row (and per failed section); the figures reported without a goal are left to docs/performance.md. */
function readmeLines(rows: Row[], header: string, met: number, missed: number): string {
	const goals = rows.filter((r) => (r.goal && !r.goal.startsWith('report')) || r.met === false);
	const mark = (r: Row) => (r.met === true ? 'met' : r.met === false ? '**not met**' : 'not measured');
	const lines = goals.map((r) => `- ${r.section.replace(/^\d+\. /, '')}: ${r.metric.replace(/ \(\d+\)$/, '')}: ${r.measured} (goal ${r.goal}, ${mark(r)})`);
	return `<!-- bench:readme -->\nGoals met: ${met}, missed: ${missed} (\`${header}\`; details in docs/performance.md):\n\n${lines.join('\n')}\n<!-- /bench:readme -->`;
}

function parseArgs(argv: string[]) {
	const quick = argv.includes('--quick');
	const writeDocs = argv.includes('--write-docs');
	const noBuild = argv.includes('--no-build');
	const onlyIndex = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
	let only: number[] | undefined;
	if (onlyIndex >= 0) {
		const value = argv[onlyIndex].includes('=') ? argv[onlyIndex].split('=')[1] : argv[onlyIndex + 1];
		only = value.split(',').map(Number);
	}
	return { quick, noBuild, only, writeDocs };
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const root = resolve(__dirname, '..');
	const docs = join(root, 'docs', 'performance.md');
	const readme = join(root, 'README.md');
	// Checked before the run, so a long run never ends with nowhere to put its table.
	if (args.writeDocs && !TABLE_MARKERS.test(readFileSync(docs, 'utf8'))) {
		throw new Error('docs/performance.md has no <!-- bench:table --> … <!-- /bench:table --> markers');
	}
	if (args.writeDocs && !README_MARKERS.test(readFileSync(readme, 'utf8'))) {
		throw new Error('README.md has no <!-- bench:readme --> … <!-- /bench:readme --> markers');
	}
	const started = Date.now();
	const sandbox = await startSandbox({ runTimeMs: 0, seedData: true, families: [...families, benchFamily] });
	// A reset ends every vendor session within seconds of its login, which no real vendor does: the credential's
	// in-process login sharing (one n8n process) forgets them too, as a restarted n8n would.
	const resetSandbox = sandbox.reset.bind(sandbox);
	sandbox.reset = () => {
		resetSandbox();
		forgetSharedLogins();
	};
	const ctx: BenchContext = {
		quick: args.quick,
		noBuild: args.noBuild,
		sandbox,
		root,
		log: (line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
		reps: (full, quick) => (args.quick ? quick : full),
	};
	const rows: Row[] = [];
	let crashed = 0;
	try {
		for (const section of SECTIONS) {
			if (args.only && !args.only.includes(section.id)) continue;
			ctx.log(`section ${section.title}`);
			try {
				sandbox.reset();
				rows.push(...(await section.run(ctx)));
			} catch (error) {
				crashed++;
				rows.push({ section: section.title, metric: '(section failed)', goal: '', measured: 'n/a', met: false, note: (error as Error).stack?.split('\n').slice(0, 3).join(' ') });
			}
		}
	} finally {
		await sandbox.close();
	}
	const seconds = (Date.now() - started) / 1000;
	const header = `npm run bench${args.quick ? ' -- --quick' : ''}: Node ${process.version}, ${process.platform}/${process.arch}, ${seconds.toFixed(0)} s`;
	const table = renderTable(rows);
	process.stdout.write(`\n${header}\n\n${table}\n`);
	const met = rows.filter((r) => r.met === true).length;
	const missed = rows.filter((r) => r.met === false).length;
	const unmeasured = rows.filter((r) => r.met === null && r.goal && !r.goal.startsWith('report')).length;
	process.stdout.write(`\nGoals met: ${met}, missed: ${missed}${unmeasured ? `, not measured: ${unmeasured}` : ''}\n`);
	if (args.writeDocs) {
		const [tableLines, ...noteBlocks] = table.split('\n\n');
		const notes = noteBlocks.join('\n\n').split('\n').map((l) => `${l}  `).join('\n');
		const block = `<!-- bench:table -->\n\`${header}\`\n\n${tableLines}\n\nGoals met: ${met}, missed: ${missed}\n\n${notes}\n<!-- /bench:table -->`;
		writeFileSync(docs, readFileSync(docs, 'utf8').replace(TABLE_MARKERS, () => block));
		writeFileSync(readme, readFileSync(readme, 'utf8').replace(README_MARKERS, () => readmeLines(rows, header, met, missed)));
		process.stdout.write('Table written to docs/performance.md, goal lines to README.md\n');
	}
	const outDir = join(root, 'test-output');
	mkdirSync(outDir, { recursive: true });
	writeFileSync(
		join(outDir, 'bench.json'),
		JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: args.quick, seconds, rows }, null, 2),
	);
	process.stdout.write(`Results: test-output/bench.json\n`);
	return crashed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${(error as Error).stack}\n`);
		process.exit(1);
	},
);

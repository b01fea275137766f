/**
 * 5. Footprint: the packed tarball (size, files) and the time to require every node and credential file of dist/
 * in a fresh Node process, next to the time an empty Node process takes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchContext, Section } from '../lib/context';
import type { Row } from '../lib/report';
import { fmt, nowMs, round, stat } from '../lib/stats';

const SECTION = '5. Footprint';

function newestMtime(dir: string, filter: (name: string) => boolean): number {
	if (!existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, filter));
		else if (filter(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

/** dist/ is stale when a source (ts, json, svg) under nodes/ or credentials/ is newer than the newest file of dist/. */
export function distIsStale(root: string): boolean {
	const sources = Math.max(
		newestMtime(join(root, 'nodes'), (n) => /\.(ts|json|svg)$/.test(n) && !n.endsWith('.test.ts')),
		newestMtime(join(root, 'credentials'), (n) => /\.(ts|json|svg)$/.test(n)),
		statSync(join(root, 'package.json')).mtimeMs,
	);
	const built = newestMtime(join(root, 'dist'), () => true);
	return built === 0 || sources > built;
}

export function ensureBuilt(ctx: BenchContext): { built: boolean; error?: string } {
	if (!distIsStale(ctx.root)) return { built: false };
	if (ctx.noBuild) return { built: false, error: 'dist/ is stale and --no-build was given' };
	ctx.log('footprint: dist/ is stale, running npm run build');
	try {
		execFileSync('npm', ['run', 'build'], { cwd: ctx.root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		return { built: true };
	} catch (error) {
		const e = error as { stdout?: string; stderr?: string; message: string };
		const text = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' | ');
		return { built: true, error: `npm run build failed: ${text || e.message}` };
	}
}

interface PackInfo {
	size: number;
	unpackedSize: number;
	entryCount: number;
	files: Array<{ path: string; size: number }>;
}

function pack(root: string): PackInfo {
	// --dry-run: the same file list and sizes, no tarball left behind.
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const json = JSON.parse(out.slice(out.indexOf('['))) as PackInfo[];
	return json[0];
}

/** Runs `node -e script` and resolves with the wall time from spawn to exit and what the script printed. */
function runNode(root: string, script: string): Promise<{ wallMs: number; stdout: string }> {
	return new Promise((resolve, reject) => {
		const start = nowMs();
		const child = spawn(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const wallMs = nowMs() - start;
			if (code !== 0) reject(new Error(`node exited ${code}: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`));
			else resolve({ wallMs, stdout });
		});
	});
}

/** The child requires n8n-workflow first (n8n has it loaded already), then every file, and prints both times. */
function requireScript(files: string[]): string {
	return [
		`const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;`,
		`let t = process.hrtime.bigint(); require('n8n-workflow'); const workflowMs = ms(t);`,
		`t = process.hrtime.bigint();`,
		`for (const f of ${JSON.stringify(files)}) { const m = require(f); for (const k of Object.keys(m)) if (typeof m[k] === 'function' && /^[A-Z]/.test(k)) { try { new m[k](); } catch {} } }`,
		`process.stdout.write(JSON.stringify({ workflowMs, packageMs: ms(t) }));`,
	].join('\n');
}

export const footprint: Section = {
	id: 5,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const rows: Row[] = [];
		const build = ensureBuilt(ctx);
		const manifest = JSON.parse(readFileSync(join(ctx.root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		const declared = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		const present = declared.filter((f) => existsSync(join(ctx.root, f)));
		const missing = declared.filter((f) => !present.includes(f));
		const buildNote = build.error ? ` ${build.error}.` : '';
		const missingNote = missing.length ? ` Not built yet (${missing.length} of ${declared.length} declared files): ${missing.map((m) => m.replace(/^dist\//, '')).join(', ')}.` : '';

		const info = pack(ctx.root);
		rows.push({
			section: SECTION,
			metric: 'Packed tarball (npm pack)',
			goal: 'report',
			measured: `${round(info.size / 1024, 1)} kB packed, ${round(info.unpackedSize / 1024, 1)} kB unpacked`,
			met: null,
			note: (missingNote + buildNote).trim() || undefined,
			data: { size: info.size, unpackedSize: info.unpackedSize, entryCount: info.entryCount },
		});
		const byKind = (re: RegExp) => info.files.filter((f) => re.test(f.path)).length;
		const runtime = info.files.filter((f) => !/\.(map|d\.ts)$/.test(f.path));
		const runtimeBytes = runtime.reduce((a, f) => a + f.size, 0);
		rows.push({
			section: SECTION,
			metric: 'Files in the tarball',
			goal: 'report',
			measured: `${info.entryCount} (js ${byKind(/\.js$/)}, d.ts ${byKind(/\.d\.ts$/)}, map ${byKind(/\.map$/)}, svg ${byKind(/\.svg$/)}, json ${byKind(/\.json$/)})`,
			met: null,
			note: `Files n8n loads (package.json "files" leaves out source maps and type declarations): ${runtime.length} files, ${round(runtimeBytes / 1024, 1)} kB unpacked.`,
			data: { files: info.files.map((f) => f.path), runtimeFiles: runtime.length, runtimeBytes },
		});

		const reps = ctx.reps(11, 3);
		const files = present.map((f) => join(ctx.root, f));
		// Warm the file system cache once so the first sample is not an outlier.
		await runNode(ctx.root, '');
		if (files.length) await runNode(ctx.root, requireScript(files));
		const empty: number[] = [];
		const loaded: number[] = [];
		const workflowMs: number[] = [];
		const packageMs: number[] = [];
		for (let i = 0; i < reps; i++) {
			empty.push((await runNode(ctx.root, '')).wallMs);
			if (files.length) {
				const r = await runNode(ctx.root, requireScript(files));
				loaded.push(r.wallMs);
				const inside = JSON.parse(r.stdout) as { workflowMs: number; packageMs: number };
				workflowMs.push(inside.workflowMs);
				packageMs.push(inside.packageMs);
			}
		}
		const e = stat(empty);
		const l = stat(loaded);
		const w = stat(workflowMs);
		const p = stat(packageMs);
		rows.push({ section: SECTION, metric: 'Empty Node process (spawn to exit)', goal: 'report', measured: fmt(e, 'ms', 1), met: null, data: e });
		rows.push({
			section: SECTION,
			metric: `Node process requiring all ${files.length} node/credential files`,
			goal: 'report',
			measured: files.length ? fmt(l, 'ms', 1) : 'n/a',
			met: null,
			note: files.length
				? `Spawn to exit, median ${round(l.median - e.median, 1)} ms over an empty process. Inside the child: n8n-workflow (the peer dependency, already loaded in n8n) ${fmt(w, 'ms', 1)}; then the package's own files, each class instantiated, ${fmt(p, 'ms', 1)}.`
				: 'No node or credential file in dist/ yet.',
			data: { wall: l, workflow: w, package: p, files: present },
		});
		rows.push({
			section: SECTION,
			metric: "Package's own require time (after n8n-workflow)",
			goal: 'report',
			measured: files.length ? fmt(p, 'ms', 1) : 'n/a',
			met: null,
			data: p,
		});
		return rows;
	},
};

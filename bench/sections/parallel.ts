/**
 * 7. N start-and-wait items: N Database Ingestion jobs of equal length L, one item each, through the Informatica node's
 * "Start" with "Wait for Completion", in n8n-core's engine (test/harness, WorkflowExecute; cheaper than a real n8n and
 * the same node code). Goal: all N end within L + N x (one start) + one poll interval.
 */
import { DEFAULT_MAX_CONCURRENT_WAITS, MAX_CONCURRENT_WAITS } from '../../nodes/shared/waitDescription';
import { INFORMATICA } from '../../sandbox/server';
import type { BenchContext, Section } from '../lib/context';
import type { Row } from '../lib/report';
import { informaticaSession, seedDbmiJobs, startDbmiJob } from '../lib/sandboxApi';
import { fmt, nowMs, round, sleepMs, stat } from '../lib/stats';
import { bareClient, informatica } from '../lib/vendors';

const SECTION = '7. N start-and-wait items';
const COUNTS = [1, 10, 50];

async function waitUntilEnded(ctx: BenchContext, session: string, jobIds: string[]): Promise<void> {
	const http = bareClient(true);
	for (const jobId of jobIds) {
		for (let i = 0; i < 200; i++) {
			const { data } = await http.get<{ status: string }>(`${ctx.sandbox.url}${INFORMATICA.dbmiPrefix}/job/status`, { params: { jobId }, headers: { 'IDS-SESSION-ID': session } });
			if (!['starting', 'running', 'stopping', 'resuming', 'processing_deploy'].includes(data.status)) break;
			await sleepMs(100);
		}
	}
}

export const parallel: Section = {
	id: 7,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const kit = informatica();
		if (!kit.node || !kit.credential) {
			return [{ section: SECTION, metric: 'N start-and-wait items', goal: 'L + N x start + 1 poll', measured: 'n/a', met: null, note: 'The Informatica node has not landed.' }];
		}
		const jobMs = ctx.quick ? 2000 : 5000;
		const pollS = ctx.quick ? 1 : 2;
		const reps = ctx.reps(2, 1);
		const sandbox = ctx.sandbox;
		const session = await informaticaSession(sandbox);
		sandbox.config.set({ runTimeMs: 20 });
		const jobIds = await seedDbmiJobs(sandbox, session, Math.max(...COUNTS) + 1, 'bench_parallel');
		await waitUntilEnded(ctx, session, jobIds);
		const spare = jobIds.pop()!;

		// One start: the bare start request's time, on a job of its own.
		sandbox.config.set({ runTimeMs: 20 });
		const starts: number[] = [];
		for (let i = 0; i < 5; i++) {
			const t = nowMs();
			await startDbmiJob(sandbox, session, spare);
			starts.push(nowMs() - t);
			await waitUntilEnded(ctx, session, [spare]);
		}
		const oneStart = stat(starts);

		sandbox.config.set({ runTimeMs: jobMs });
		const harness = kit.harness(sandbox);
		const type = new kit.node().description.name;
		const rows: Row[] = [];
		// The shipped "Waits at Once" for the goal rows; then N = 50 with "Waits at Once" = 50, as a report, where the
		// default is lower than that.
		const most = Math.max(...COUNTS);
		const cases: Array<{ n: number; waitsAtOnce?: number }> = [...COUNTS.map((n) => ({ n })), ...(DEFAULT_MAX_CONCURRENT_WAITS < most ? [{ n: most, waitsAtOnce: most }] : [])];
		for (const { n, waitsAtOnce } of cases) {
			ctx.log(`parallel: ${n} items, jobs of ${jobMs / 1000} s, poll ${pollS} s, waits at once ${waitsAtOnce ?? DEFAULT_MAX_CONCURRENT_WAITS}, ${reps} runs`);
			const walls: number[] = [];
			let failed = 0;
			let firstError: string | undefined;
			for (let r = 0; r < reps; r++) {
				const ids = jobIds.slice(0, n);
				await waitUntilEnded(ctx, session, ids);
				const t = nowMs();
				const result = await harness.runNode({
					type,
					parameters: {
						resource: 'databaseIngestionJob',
						operation: 'start',
						jobId: '={{ $json.id }}',
						waitForCompletion: true,
						waitUntil: 'auto',
						waitOptions: { pollIntervalSeconds: pollS, timeoutSeconds: 600, ...(waitsAtOnce ? { [MAX_CONCURRENT_WAITS]: waitsAtOnce } : {}) },
					},
					items: ids.map((id) => ({ id })),
					continueOnFail: true,
				});
				walls.push(nowMs() - t);
				const bad = result.items.filter((item) => item.json.error || item.json.outcome !== 'succeeded');
				if (result.error || bad.length || result.items.length !== n) {
					failed++;
					firstError ??= String(result.error?.message ?? bad[0]?.json.error ?? `${result.items.length} items`);
				}
			}
			const wall = stat(walls);
			const bound = jobMs + n * oneStart.median + pollS * 1000;
			rows.push({
				section: SECTION,
				metric: `${n} item${n === 1 ? '' : 's'}: all ended${waitsAtOnce ? `, "Waits at Once" ${waitsAtOnce}` : ''}`,
				goal: waitsAtOnce ? 'report' : '≤ L + N x start + 1 poll',
				measured: `${fmt(wall, 'ms', 0)} (bound ${round(bound, 0)} ms)`,
				met: waitsAtOnce ? null : failed === 0 && wall.median <= bound,
				note:
					`L = ${jobMs / 1000} s, poll interval ${pollS} s, one start (bare request) ${fmt(oneStart, 'ms', 1)}, "Waits at Once" ${waitsAtOnce ?? `${DEFAULT_MAX_CONCURRENT_WAITS} (the default)`}: ` +
					`at most that many items wait together, so N above it takes ceil(N / it) rounds of L; n8n-core's engine (test/harness), not a real n8n.` +
					(failed ? ` ${failed} of ${reps} runs had failed items: ${firstError}.` : ''),
				data: { walls, bound, oneStart, failed },
			});
		}
		return rows;
	},
};

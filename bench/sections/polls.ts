/**
 * 3. Requests per poll: each trigger polled through n8n-core's PollContext with its state kept between polls, while
 * runs start and end between polls. The first poll (baseline) is reported apart; the figures are the later polls.
 */
import type { INodeParameters } from 'n8n-workflow';

import { FAMILY } from '../../sandbox/server';
import type { BenchContext, Section } from '../lib/context';
import type { Row } from '../lib/report';
import {
	createRmJob,
	executeCdataJob,
	informaticaSession,
	seedCdataJobs,
	seedDbmiJobs,
	seedDiTasks,
	startDbmiJob,
	startDiRun,
} from '../lib/sandboxApi';
import { fmt, nowMs, sleepMs, stat } from '../lib/stats';
import type { VendorKit } from '../lib/vendors';
import { cdataSync, informatica, relationalMigrator } from '../lib/vendors';

const SECTION = '3. Requests per poll';
/** A job run time long enough that only the benchmark ends runs (by sandbox.transition). */
const LONG_RUN_MS = 3_600_000;
/** Runs started (and, one poll later, ended) between two polls. */
const CHANGES_PER_POLL = 5;

interface PollFigure {
	requests: number;
	ms: number;
	byRoute: Record<string, number>;
	logins: number;
	emitted: number;
}

interface Series {
	first: PollFigure;
	steady: PollFigure[];
}

/** Polls `rounds + 1` times; `between(round)` changes runs in the sandbox before each later poll. */
async function pollSeries(
	ctx: BenchContext,
	kit: VendorKit,
	parameters: INodeParameters,
	rounds: number,
	between: (round: number) => Promise<void>,
): Promise<Series> {
	const harness = kit.harness(ctx.sandbox);
	const type = new kit.trigger!().description.name;
	const staticData = {};
	const one = async (): Promise<PollFigure> => {
		ctx.sandbox.counters.reset();
		const start = nowMs();
		const items = await harness.poll({ type, parameters, staticData, mode: 'trigger' });
		const ms = nowMs() - start;
		const c = ctx.sandbox.counters.snapshot();
		return { requests: c.total, ms, byRoute: c.requests, logins: c.logins, emitted: items?.length ?? 0 };
	};
	const first = await one();
	const steady: PollFigure[] = [];
	for (let round = 0; round < rounds; round++) {
		await between(round);
		// Let the sandbox's zero-delay timers (state changes) run before the poll.
		await sleepMs(5);
		steady.push(await one());
	}
	return { first, steady };
}

function describeSeries(s: Series): string {
	const req = stat(s.steady.map((p) => p.requests));
	const ms = stat(s.steady.map((p) => p.ms));
	return `${fmt(req, 'req', 1)}, ${fmt(ms, 'ms', 0)}`;
}

function routes(s: Series): string {
	const merged: Record<string, number> = {};
	for (const p of s.steady) for (const [k, v] of Object.entries(p.byRoute)) merged[k] = (merged[k] ?? 0) + v / s.steady.length;
	return Object.entries(merged)
		.map(([k, v]) => `${k} ×${Math.round(v * 10) / 10}`)
		.join(', ');
}

async function informaticaDataIntegration(ctx: BenchContext, sizes: number[], rounds: number): Promise<Row[]> {
	const kit = informatica();
	if (!kit.trigger) return [{ section: SECTION, metric: 'Informatica Data Integration trigger', goal: 'constant, ≤ 2', measured: 'n/a', met: null, note: 'The Informatica trigger has not landed yet.' }];
	const rows: Row[] = [];
	const medians: number[] = [];
	for (const n of sizes) {
		ctx.log(`polls: Informatica Data Integration trigger, ${n} tasks`);
		ctx.sandbox.reset();
		const session = await informaticaSession(ctx.sandbox);
		const tasks = await seedDiTasks(ctx.sandbox, session, n, `bench_${n}`);
		// One finished run per task in the activity log, then runs that last until the benchmark ends them.
		for (const taskId of tasks) await startDiRun(ctx.sandbox, session, taskId);
		await sleepMs(20);
		ctx.sandbox.config.set({ runTimeMs: LONG_RUN_MS });
		let running: string[] = [];
		const series = await pollSeries(
			ctx,
			kit,
			{ watch: ['dataIntegration'], dataIntegrationTasks: 'selected', taskIdsOrNames: tasks.join(','), outcomes: [], options: {} },
			rounds,
			async (round) => {
				for (const id of running) ctx.sandbox.transition(FAMILY.informaticaDataIntegration, id, 'SUCCESS');
				running = [];
				for (let j = 0; j < Math.min(CHANGES_PER_POLL, n); j++) running.push(await startDiRun(ctx.sandbox, session, tasks[(round * CHANGES_PER_POLL + j) % n]));
			},
		);
		const req = stat(series.steady.map((p) => p.requests));
		medians.push(req.median);
		rows.push({
			section: SECTION,
			metric: `Informatica Data Integration trigger, ${n} selected tasks`,
			goal: '≤ 2',
			measured: describeSeries(series),
			met: req.max <= 2,
			note: `Per poll: ${routes(series)}; first poll (baseline, includes the login) ${series.first.requests} requests. ${CHANGES_PER_POLL} runs started and ${CHANGES_PER_POLL} ended between polls; emitted per poll: ${fmt(stat(series.steady.map((p) => p.emitted)), '', 1)}.`,
			data: series,
		});
	}
	const constant = medians.every((m) => m === medians[0]);
	rows.push({
		section: SECTION,
		metric: `Informatica Data Integration trigger: same cost for ${sizes.join(' / ')} tasks`,
		goal: 'constant',
		measured: medians.map((m) => `${m}`).join(' / '),
		met: constant,
	});
	return rows;
}

async function migrator(ctx: BenchContext, sizes: number[], rounds: number): Promise<Row[]> {
	const kit = relationalMigrator();
	if (!kit.trigger) return [{ section: SECTION, metric: 'Relational Migrator trigger', goal: '1 listing', measured: 'n/a', met: null, note: 'The Relational Migrator trigger has not landed yet.' }];
	const rows: Row[] = [];
	for (const n of sizes) {
		ctx.log(`polls: Relational Migrator trigger, ${n} jobs`);
		ctx.sandbox.reset();
		const projectId = (ctx.sandbox.state(FAMILY.relationalMigrator) as { projects: Array<{ id: string }> }).projects[0].id;
		const existing = (ctx.sandbox.state(FAMILY.relationalMigrator) as { jobs: unknown[] }).jobs.length;
		for (let i = existing; i < n; i++) await createRmJob(ctx.sandbox, projectId);
		ctx.sandbox.config.set({ runTimeMs: LONG_RUN_MS });
		let running: string | undefined;
		const series = await pollSeries(ctx, kit, { outcomes: [], project: { __rl: true, mode: 'list', value: '' }, jobsPerPoll: 50 }, rounds, async () => {
			if (running) ctx.sandbox.transition(FAMILY.relationalMigrator, running, 'COMPLETED/NOT_STARTED');
			// One job may run at a time: the previous one has just ended.
			running = await createRmJob(ctx.sandbox, projectId);
		});
		const listings = stat(series.steady.map((p) => Object.entries(p.byRoute).filter(([k]) => k.startsWith('GET ') && k.endsWith('/jobs')).reduce((a, [, v]) => a + v, 0)));
		const total = stat(series.steady.map((p) => p.requests));
		rows.push({
			section: SECTION,
			metric: `Relational Migrator trigger, ${n} jobs`,
			goal: '1 listing',
			measured: `${fmt(listings, 'listing', 1)}; ${describeSeries(series)}`,
			met: listings.max <= 1 && total.max <= 1,
			note: `Per poll: ${routes(series)}. One job started and one ended between polls; the trigger reads the newest 50 jobs (its default "Jobs per Poll").`,
			data: series,
		});
	}
	return rows;
}

async function cdata(ctx: BenchContext, sizes: number[], rounds: number): Promise<Row[]> {
	const kit = cdataSync();
	if (!kit.trigger) return [{ section: SECTION, metric: 'CData Sync trigger', goal: 'report', measured: 'n/a', met: null, note: 'The CData Sync trigger has not landed yet.' }];
	const rows: Row[] = [];
	for (const n of sizes) {
		ctx.log(`polls: CData Sync trigger, ${n} jobs`);
		ctx.sandbox.reset();
		const { workspaceId, jobIds } = await seedCdataJobs(ctx.sandbox, n, `bench_${n}`);
		const inWorkspace = (ctx.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ workspace_id: string }> }).jobs.filter((j) => j.workspace_id === workspaceId).length;
		ctx.sandbox.config.set({ runTimeMs: LONG_RUN_MS });
		let running: string[] = [];
		const series = await pollSeries(ctx, kit, { watch: 'workspace', workspace: { __rl: true, mode: 'id', value: workspaceId }, outcomes: [], options: {} }, rounds, async (round) => {
			for (const id of running) ctx.sandbox.transition(FAMILY.cdataSync, id, 'Successful');
			running = [];
			for (let j = 0; j < Math.min(CHANGES_PER_POLL, n); j++) {
				const id = jobIds[(round * CHANGES_PER_POLL + j) % n];
				await executeCdataJob(ctx.sandbox, id);
				running.push(id);
			}
		});
		rows.push({
			section: SECTION,
			metric: `CData Sync trigger, workspace of ${inWorkspace} jobs`,
			goal: 'report',
			measured: describeSeries(series),
			met: null,
			note: `Per poll: ${routes(series)} (status reads 4 at a time, the trigger's default "Parallel Status Reads"; history read only for a run that ended since the last poll). ${CHANGES_PER_POLL} runs started and ${CHANGES_PER_POLL} ended between polls.`,
			data: series,
		});
	}
	return rows;
}

async function databaseIngestion(ctx: BenchContext, sizes: number[], rounds: number): Promise<Row[]> {
	const kit = informatica();
	if (!kit.trigger) return [];
	const rows: Row[] = [];
	for (const n of sizes) {
		ctx.log(`polls: Informatica trigger, ${n} Database Ingestion jobs`);
		ctx.sandbox.reset();
		const session = await informaticaSession(ctx.sandbox);
		const jobIds = await seedDbmiJobs(ctx.sandbox, session, n, `bench_${n}`);
		ctx.sandbox.config.set({ runTimeMs: LONG_RUN_MS });
		let running: string[] = [];
		const series = await pollSeries(ctx, kit, { watch: ['databaseIngestion'], databaseIngestionJobIds: jobIds.join(','), outcomes: [], options: {} }, rounds, async (round) => {
			for (const id of running) ctx.sandbox.transition(FAMILY.informaticaDbmi, id, 'completed');
			running = [];
			for (let j = 0; j < Math.min(CHANGES_PER_POLL, n); j++) {
				const id = jobIds[(round * CHANGES_PER_POLL + j) % n];
				await startDbmiJob(ctx.sandbox, session, id);
				running.push(id);
			}
		});
		rows.push({
			section: SECTION,
			metric: `Informatica trigger, ${n} Database Ingestion jobs`,
			goal: 'report',
			measured: describeSeries(series),
			met: null,
			note: `Per poll: ${routes(series)}. The trigger reads the jobs' status 8 at a time.`,
			data: series,
		});
	}
	return rows;
}

export const polls: Section = {
	id: 3,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const rounds = ctx.reps(5, 3);
		const sizes = ctx.quick ? [10, 100] : [10, 100, 1000];
		const groups: Array<[string, () => Promise<Row[]>]> = [
			['Informatica Data Integration trigger', () => informaticaDataIntegration(ctx, [10, 100, 1000], rounds)],
			['Relational Migrator trigger', () => migrator(ctx, sizes, rounds)],
			['CData Sync trigger', () => cdata(ctx, sizes, rounds)],
			['Informatica Database Ingestion trigger', () => databaseIngestion(ctx, sizes, rounds)],
		];
		const rows: Row[] = [];
		for (const [label, group] of groups) {
			try {
				rows.push(...(await group()));
			} catch (error) {
				rows.push({ section: SECTION, metric: label, goal: '', measured: 'n/a', met: false, note: `Could not measure: ${(error as Error).message}` });
			}
		}
		return rows;
	},
};

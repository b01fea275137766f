/**
 * 4. Detection latency: from the sandbox marking a job finished (sandbox.transition) to the wait returning, with a
 * 1 s poll interval. The end is forced at a random offset, so it falls anywhere in the poll cycle; the expected median
 * is about half an interval plus one status read.
 */
import http from 'node:http';

import axios from 'axios';
import type { INode } from 'n8n-workflow';

import type { JobOutcome } from '../../nodes/shared/jobOutcome';
import { DEFAULT_WAIT, waitForJob } from '../../nodes/shared/waitForJob';
import { BENCH_FAMILY, BENCH_PREFIX } from '../lib/benchFamily';
import type { BenchContext, Section } from '../lib/context';
import type { Row } from '../lib/report';
import { fmt, nowMs, sleepMs, stat } from '../lib/stats';
import { latencyTargets } from '../lib/latencyTargets';

const SECTION = '4. Detection latency';
const INTERVAL_S = 1;
const GOAL_MS = INTERVAL_S * 1000 + 100;

/** What one latency run needs: start a job that runs until forced, wait for it, and force its end. */
export interface LatencyTarget {
	label: string;
	/** False: the waits run one after another (the vendor runs one job at a time). Default true. */
	parallel?: boolean;
	/** Seeds what `count` waits need. */
	prepare?(ctx: BenchContext, count: number): Promise<void>;
	/** Starts the job and the wait; resolves once the job exists in the sandbox. */
	start(ctx: BenchContext, index: number, intervalSeconds: number): Promise<{ jobId: string; done: Promise<unknown> }>;
	/** Forces the job's end in the sandbox. */
	finish(ctx: BenchContext, jobId: string): void;
}

const FAKE_NODE: INode = { id: 'bench', name: 'Bench', type: 'bench', typeVersion: 1, position: [0, 0], parameters: {} };

/** The shared engine alone: waitForJob polling the bench family over a keep-alive connection. */
const engineTarget: LatencyTarget = {
	label: 'shared waitForJob (engine only)',
	async start(ctx, _index, intervalSeconds) {
		const client = axios.create({ baseURL: ctx.sandbox.url, httpAgent: new http.Agent({ keepAlive: true }) });
		const created = await client.post<{ id: string }>(BENCH_PREFIX, {});
		const jobId = created.data.id;
		const readStatus = async (): Promise<JobOutcome> => {
			const { data } = await client.get<{ state: string }>(`${BENCH_PREFIX}/${jobId}`);
			return { status: data.state === 'RUNNING' ? 'running' : data.state === 'SUCCEEDED' ? 'succeeded' : 'failed', rawStatus: data.state };
		};
		const done = waitForJob({ readStatus, label: `job ${jobId}` }, { ...DEFAULT_WAIT, pollIntervalSeconds: intervalSeconds, timeoutSeconds: 60 }, { node: FAKE_NODE });
		return { jobId, done };
	},
	finish(ctx, jobId) {
		ctx.sandbox.transition(BENCH_FAMILY, jobId, 'SUCCEEDED');
	},
};

/** Runs `count` waits side by side; each job's end is forced between 1 and 3 intervals after it started. */
export async function measureLatency(ctx: BenchContext, target: LatencyTarget, count: number): Promise<number[]> {
	await target.prepare?.(ctx, count);
	const one = async (index: number) => {
		const { jobId, done } = await target.start(ctx, index, INTERVAL_S);
		await sleepMs(INTERVAL_S * 1000 + Math.random() * 2000 * INTERVAL_S);
		const forcedAt = nowMs();
		target.finish(ctx, jobId);
		await done;
		return nowMs() - forcedAt;
	};
	if (target.parallel === false) {
		const out: number[] = [];
		for (let i = 0; i < count; i++) out.push(await one(i));
		return out;
	}
	return await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
}

export const latency: Section = {
	id: 4,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const rows: Row[] = [];
		for (const target of [engineTarget, ...latencyTargets()]) {
			const count = target.parallel === false ? ctx.reps(7, 3) : ctx.reps(15, 5);
			ctx.log(`latency: ${target.label} (${count} waits${target.parallel === false ? ', one after another' : ''})`);
			ctx.sandbox.reset();
			let samples: number[];
			try {
				samples = await measureLatency(ctx, target, count);
			} catch (error) {
				rows.push({ section: SECTION, metric: `${target.label}, interval ${INTERVAL_S} s`, goal: `median ≤ ${GOAL_MS} ms`, measured: 'n/a', met: false, note: `Could not measure: ${(error as Error).message}` });
				continue;
			}
			const s = stat(samples);
			rows.push({
				section: SECTION,
				metric: `${target.label}, interval ${INTERVAL_S} s`,
				goal: `median ≤ ${GOAL_MS} ms`,
				measured: fmt(s, 'ms', 0),
				met: s.median <= GOAL_MS,
				data: s,
			});
		}
		return rows;
	},
};

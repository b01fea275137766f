/**
 * 1. Per-item overhead: 1,000 "get status" items through the node (n8n-core's WorkflowExecute via the harness) vs a
 * bare axios keep-alive loop making the same requests, in the same run. Then the concurrency the operation ships with
 * against the same sequential loop.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BenchContext, Section } from '../lib/context';
import { FLOOR_NODE, floorNode } from '../lib/floorNode';
import type { Row } from '../lib/report';
import { fmt, nowMs, round, settleHeap, stat } from '../lib/stats';
import type { StatusTarget } from '../lib/vendors';
import { bareClient, statusTargets } from '../lib/vendors';

const SECTION = '1. Per-item overhead';
const ITEMS = 1000;
/** The package's own share: node / the n8n floor node (a bare n8n node making the same request). */
const GOAL_OWN_RATIO = 1.1;
/** Why node / bare axios is reported, not a goal: the floor itself is far above it, and no node can go below the floor. */
const BARE_REASON =
	"Reported, not a goal: a bare keep-alive axios loop is not reachable by any n8n node (see the n8n floor row); the goal is node / n8n floor.";
const GOAL_CONCURRENCY = 10;
const GOAL_SPEEDUP = 3;
/** Emulated API answer time for the second concurrency figure (a sandbox `slow` fault on the status path). */
const LATENCY_MS = 5;

interface Prepared {
	target: StatusTarget;
	items: IDataObject[];
	runNode(): Promise<number>;
	/** The n8n floor node (lib/floorNode.ts) over the same items. */
	runFloor(concurrency: number): Promise<number>;
	runBare(concurrency?: number, keepAlive?: boolean): Promise<number>;
}

async function prepare(ctx: BenchContext, target: StatusTarget, count: number): Promise<Prepared> {
	const ids = await target.ids(ctx.sandbox);
	if (ids.length === 0) throw new Error('the sandbox has no job to read the status of');
	const items = Array.from({ length: count }, (_, i) => ({ id: ids[i % ids.length] }));
	const harness = target.kit.harness(ctx.sandbox, [floorNode(target.kit.credentialName)]);
	const bare = await target.bare(ctx.sandbox);
	// The floor node builds the same URL from the item with one expression.
	const sample = bare.url('__ID__');
	const [before, after] = sample.split('__ID__');
	const floorUrl = `={{ ${JSON.stringify(before)} + encodeURIComponent($json.id) + ${JSON.stringify(after)} }}`;
	const client = bareClient(true);
	const closing = bareClient(false);
	return {
		target,
		items,
		async runNode() {
			const start = nowMs();
			const result = await harness.runNode({ type: target.nodeType, parameters: target.parameters, items });
			const ms = nowMs() - start;
			if (result.error) throw new Error(`node run failed: ${result.error.message}`);
			if (result.items.length !== items.length) throw new Error(`node returned ${result.items.length} items for ${items.length}`);
			return ms;
		},
		async runFloor(concurrency: number) {
			const start = nowMs();
			const result = await harness.runNode({ type: FLOOR_NODE, parameters: { url: floorUrl, concurrency }, items });
			const ms = nowMs() - start;
			if (result.error) throw new Error(`floor node run failed: ${result.error.message}`);
			return ms;
		},
		async runBare(concurrency = 1, keepAlive = true) {
			const http = keepAlive ? client : closing;
			const start = nowMs();
			let next = 0;
			const worker = async () => {
				while (next < items.length) {
					const id = String(items[next++].id);
					const answer = await http.get(bare.url(id), { headers: bare.headers });
					if (!answer.data || typeof answer.data !== 'object') throw new Error('bare request answered without JSON');
				}
			};
			await Promise.all(Array.from({ length: concurrency }, worker));
			return nowMs() - start;
		},
	};
}

/** Runs `fn` with the operation's concurrency set to `value` (a benchmark-only override), then restores it. */
async function withConcurrency<T>(target: StatusTarget, value: number | undefined, fn: () => Promise<T>): Promise<T> {
	const op = target.operation as { concurrency?: number };
	const shipped = op.concurrency;
	op.concurrency = value;
	try {
		return await fn();
	} finally {
		op.concurrency = shipped;
	}
}

interface Pair {
	/** bare axios, keep-alive agent, one at a time */
	bare: number;
	/** the node */
	node: number;
	/** bare axios, a new connection per request (what n8n's request helper does), one at a time */
	bareClose?: number;
	/** the n8n floor node */
	floor?: number;
}

/**
 * `reps` runs of each leg, the order rotated from run to run; each ratio is taken within its own run.
 * The bare legs are always one request at a time.
 */
async function pairs(p: Prepared, reps: number, withClose = false, floorConcurrency?: number): Promise<Pair[]> {
	const out: Pair[] = [];
	for (let i = 0; i < reps; i++) {
		const legs: Array<[keyof Pair, () => Promise<number>]> = [
			['bare', () => p.runBare(1, true)],
			['node', () => p.runNode()],
		];
		if (withClose) legs.push(['bareClose', () => p.runBare(1, false)]);
		if (floorConcurrency !== undefined) legs.push(['floor', () => p.runFloor(floorConcurrency)]);
		const pair: Partial<Pair> = {};
		for (let k = 0; k < legs.length; k++) {
			const [name, leg] = legs[(k + i) % legs.length];
			settleHeap();
			pair[name] = await leg();
		}
		out.push(pair as Pair);
	}
	return out;
}

/**
 * The package's own share: `count` node runs and floor runs back to back, the order alternating from pair to pair
 * (node first, then floor first), each ratio taken within its pair. The two legs that are compared run next to each
 * other, so a slow spell of the machine (a 2-core VM drifts by 20% from second to second) falls on both.
 */
async function ownShare(p: Prepared, count: number): Promise<OwnShare> {
	const pairs: Array<{ node: number; floor: number }> = [];
	let rerun = 0;
	for (let i = 0; i < count; i++) {
		const pair = { node: 0, floor: 0 };
		try {
			for (const leg of i % 2 === 0 ? (['node', 'floor'] as const) : (['floor', 'node'] as const)) {
				settleHeap();
				pair[leg] = leg === 'node' ? await p.runNode() : await p.runFloor(1);
			}
		} catch (error) {
			// Every n8n request opens a new loopback connection (about 2,000 per pair): a run that meets the kernel's
			// connection churn (a reset, no free port) is run again, a bounded number of times, and counted.
			if (rerun >= MAX_RERUNS || !/ECONNRESET|EADDRNOTAVAIL|ECONNREFUSED|socket hang up/i.test(String((error as Error)?.message))) throw error;
			rerun++;
			i--;
			await new Promise((resolve) => setTimeout(resolve, 2000));
			continue;
		}
		pairs.push(pair);
	}
	return { pairs, rerun };
}

interface OwnShare {
	pairs: Array<{ node: number; floor: number }>;
	/** Pairs run again after a loopback connection failure. */
	rerun: number;
}

/** Pairs for the own-share figure: enough that the median stands out of the machine's noise. */
const OWN_PAIRS = { full: 15, quick: 7 };
const MAX_RERUNS = 3;

function rerunNote(share: OwnShare): string {
	return share.rerun ? ` ${share.rerun} pair(s) run again after a loopback connection failure (a reset or no free port).` : '';
}

export const overhead: Section = {
	id: 1,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const targets = statusTargets();
		if (targets.length === 0) {
			return [{ section: SECTION, metric: 'node / n8n floor, 1,000 items', goal: `≤ ${GOAL_OWN_RATIO}`, measured: 'n/a', met: null, note: 'No vendor "get status" operation has landed yet.' }];
		}
		const target = targets[0];
		const rows: Row[] = [];
		const reps = ctx.reps(5, 3);
		const p = await prepare(ctx, target, ITEMS);
		const shipped = target.operation.concurrency ?? 1;

		// Warm-up (JIT, sockets, the credential's first use) of every leg, not measured.
		await withConcurrency(target, 1, async () => {
			await p.runNode();
			await p.runFloor(1);
			await p.runBare();
		});

		// Requests the node makes per item (must be 1).
		ctx.sandbox.counters.reset();
		await withConcurrency(target, 1, () => p.runNode());
		const counted = ctx.sandbox.counters.snapshot();
		const perItem = counted.total / ITEMS;
		const requestsClose = ctx.sandbox.requests(20).some((r) => String(r.headers.connection ?? '').toLowerCase() === 'close');

		ctx.log(`overhead: ${target.label}, sequential, ${reps} runs`);
		const seq = await withConcurrency(target, 1, () => pairs(p, reps, true, 1));
		const ratio = stat(seq.map((x) => x.node / x.bare));
		const floorRatio = stat(seq.map((x) => x.floor! / x.bare));
		ctx.log(`overhead: ${target.label}, own share, node and floor back to back`);
		const share = await withConcurrency(target, 1, () => ownShare(p, ctx.reps(OWN_PAIRS.full, OWN_PAIRS.quick)));
		const own = share.pairs;
		const ownRatio = stat(own.map((x) => x.node / x.floor));
		const perItemMs = (key: keyof Pair) => stat(seq.map((x) => x[key]! / ITEMS));
		const nodeMs = perItemMs('node');
		const floorMs = perItemMs('floor');
		const bareMs = perItemMs('bare');
		const bareCloseMs = perItemMs('bareClose');
		const ownMs = stat(own.map((x) => (x.node - x.floor) / ITEMS));
		rows.push({
			section: SECTION,
			metric: `${target.label}: node / bare, ${ITEMS.toLocaleString('en-US')} items one at a time`,
			goal: 'report',
			measured: fmt(ratio, '', 2),
			met: null,
			note:
				`${BARE_REASON} Per item: node ${fmt(nodeMs, 'ms', 3)}, bare axios keep-alive ${fmt(bareMs, 'ms', 3)}; ${round(perItem, 3)} requests per item. ` +
				`The operation's concurrency was set to 1 for this figure so both sides run strictly in sequence; the sandbox runs in-process, so its own time is in both sides.`,
			data: { seq, ratio, nodeMsPerItem: nodeMs, bareMsPerItem: bareMs, requestsPerItem: perItem },
		});
		rows.push({
			section: SECTION,
			metric: 'n8n floor / bare (bare n8n node: expression + httpRequestWithAuthentication)',
			goal: 'report',
			measured: fmt(floorRatio, '', 2),
			met: null,
			note:
				`Per item: n8n floor ${fmt(floorMs, 'ms', 3)}; bare axios opening a new connection per request ${fmt(bareCloseMs, 'ms', 3)}. ` +
				(requestsClose
					? "n8n's request helper (n8n-core 2.41, @n8n/backend-network) builds a new http.Agent for every request, so every request opens a new TCP connection (the sandbox sees \"Connection: close\"); with the expression per item and n8n's request pipeline this is the cost of any node in n8n, which the package cannot lower without bypassing httpRequestWithAuthentication."
					: 'n8n reuses connections here.'),
			data: { floorRatio, floorMsPerItem: floorMs, bareCloseMsPerItem: bareCloseMs },
		});
		rows.push({
			section: SECTION,
			metric: `${target.label}: node / n8n floor (the package's own share)`,
			goal: `≤ ${GOAL_OWN_RATIO}`,
			measured: fmt(ownRatio, '', 2),
			met: ownRatio.median <= GOAL_OWN_RATIO,
			note:
				`The package's own cost per item (retry and error mapping, redaction, outcome mapping, item loop): ${fmt(ownMs, 'ms', 3)}. ` +
				`${own.length} pairs of 1,000-item runs, node and floor back to back, the order alternating; each ratio within its pair.${rerunNote(share)}`,
			data: { own, ownRatio, ownMsPerItem: ownMs },
		});

		/**
		 * One set of runs per answer time: the bare sequential loop once per run, and the node and the floor node at the
		 * shipped concurrency (and at the goal's, when it ships lower), each ratio taken against that run's bare loop.
		 */
		const levels = shipped < GOAL_CONCURRENCY ? [shipped, GOAL_CONCURRENCY] : [shipped];
		const speedups = async (latencyMs: number) => {
			const faultId = latencyMs > 0 ? ctx.sandbox.faults.add({ kind: 'slow', delayMs: latencyMs, match: { path: target.pathMatch } }).id : undefined;
			try {
				const count = latencyMs > 0 ? ctx.reps(3, 1) : reps;
				const runs: Array<Record<string, number>> = [];
				for (let i = 0; i < count; i++) {
					const legs: Array<[string, () => Promise<number>]> = [['bare', () => p.runBare(1, true)]];
					for (const c of levels) {
						legs.push([`node${c}`, () => withConcurrency(target, c, () => p.runNode())]);
						legs.push([`floor${c}`, () => p.runFloor(c)]);
					}
					const run: Record<string, number> = {};
					for (let k = 0; k < legs.length; k++) {
						const [name, leg] = legs[(k + i) % legs.length];
						run[name] = await leg();
					}
					runs.push(run);
				}
				const at = (c: number) => ({ ratio: stat(runs.map((x) => x.bare / x[`node${c}`])), floor: stat(runs.map((x) => x.bare / x[`floor${c}`])) });
				return { runs, shipped: at(shipped), goal: at(GOAL_CONCURRENCY) };
			} finally {
				if (faultId !== undefined) ctx.sandbox.faults.remove(faultId);
			}
		};

		ctx.log(`overhead: concurrency ${levels.join(' and ')}, loopback`);
		const loopRuns = await speedups(0);
		ctx.log(`overhead: concurrency ${levels.join(' and ')}, ${LATENCY_MS} ms answer time`);
		const slowRuns = await speedups(LATENCY_MS);
		const loop = loopRuns.shipped;
		const slow = slowRuns.shipped;
		const concurrencyNote =
			shipped < GOAL_CONCURRENCY
				? `The operation ships with concurrency ${shipped}; the goal asks for ${GOAL_CONCURRENCY} (set \`concurrency: ${GOAL_CONCURRENCY}\` in its operation file). `
				: '';
		rows.push({
			section: SECTION,
			metric: `bare one-at-a-time / node at concurrency ${shipped} as shipped, loopback`,
			// Reported, not a goal: at loopback no package can move it (the n8n floor node gets the same ratio); the
			// goal is the next row's, where the API takes time to answer as real ones do.
			goal: 'report',
			measured: fmt(loop.ratio, '', 2),
			met: null,
			note:
				concurrencyNote +
				`The n8n floor node at the same concurrency: ${fmt(loop.floor, '', 2)}. ` +
				'At loopback with answers in microseconds there is no waiting to overlap: the client and the in-process sandbox share one event loop, so concurrency cannot pay much here; the next row adds answer time.',
			data: loopRuns,
		});
		rows.push({
			section: SECTION,
			metric: `same, API answering in ${LATENCY_MS} ms (sandbox slow fault)`,
			goal: `≥ ${GOAL_SPEEDUP} at concurrency ${GOAL_CONCURRENCY}`,
			measured: fmt(slow.ratio, '', 2),
			met: shipped >= GOAL_CONCURRENCY && slow.ratio.median >= GOAL_SPEEDUP,
			note: `${concurrencyNote}The n8n floor node at the same concurrency: ${fmt(slow.floor, '', 2)}.`,
			data: slowRuns,
		});
		if (shipped < GOAL_CONCURRENCY) {
			const whatIfLoop = loopRuns.goal;
			const whatIfSlow = slowRuns.goal;
			rows.push({
				section: SECTION,
				metric: `what-if: concurrency ${GOAL_CONCURRENCY} (set by the bench), loopback / ${LATENCY_MS} ms`,
				goal: 'report',
				measured: `${fmt(whatIfLoop.ratio, '', 2)} / ${fmt(whatIfSlow.ratio, '', 2)}`,
				met: null,
				note: `The n8n floor node at concurrency ${GOAL_CONCURRENCY}: ${fmt(whatIfLoop.floor, '', 2)} / ${fmt(whatIfSlow.floor, '', 2)}.`,
				data: { loopback: whatIfLoop, slow: whatIfSlow, runs: 'see the two rows above' },
			});
		}

		// The other vendors' status reads: the sequential figure only.
		for (const other of targets.slice(1)) {
			ctx.log(`overhead: ${other.label}, sequential`);
			ctx.sandbox.reset();
			try {
				const q = await prepare(ctx, other, ITEMS);
				await withConcurrency(other, 1, async () => {
					await q.runNode();
					await q.runFloor(1);
					await q.runBare();
				});
				const runs = await withConcurrency(other, 1, () => pairs(q, ctx.reps(5, 2), false, 1));
				const r = stat(runs.map((x) => x.node / x.bare));
				const f = stat(runs.map((x) => x.floor! / x.bare));
				const otherShare = await withConcurrency(other, 1, () => ownShare(q, ctx.reps(OWN_PAIRS.full, OWN_PAIRS.quick)));
				const ownRuns = otherShare.pairs;
				const own = stat(ownRuns.map((x) => x.node / x.floor));
				rows.push({
					section: SECTION,
					metric: `${other.label}: node / n8n floor (the package's own share)`,
					goal: `≤ ${GOAL_OWN_RATIO}`,
					measured: fmt(own, '', 2),
					met: own.median <= GOAL_OWN_RATIO,
					note:
						`Node per item ${fmt(stat(ownRuns.map((x) => x.node / ITEMS)), 'ms', 3)}, own cost per item ${fmt(stat(ownRuns.map((x) => (x.node - x.floor) / ITEMS)), 'ms', 3)}. ` +
						`${ownRuns.length} pairs, node and floor back to back, the order alternating.${rerunNote(otherShare)} The operation ships with concurrency ${other.operation.concurrency ?? 1}.`,
					data: { runs, own: ownRuns },
				});
				rows.push({
					section: SECTION,
					metric: `${other.label}: node / bare, ${ITEMS.toLocaleString('en-US')} items one at a time`,
					goal: 'report',
					measured: fmt(r, '', 2),
					met: null,
					note: `${BARE_REASON} n8n floor / bare in the same runs: ${fmt(f, '', 2)}.`,
				});
			} catch (error) {
				rows.push({ section: SECTION, metric: `${other.label}: node / n8n floor`, goal: `≤ ${GOAL_OWN_RATIO}`, measured: 'n/a', met: false, note: `Could not measure: ${(error as Error).message}` });
			}
		}
		return rows;
	},
};

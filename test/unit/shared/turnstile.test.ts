/**
 * The ordered item loop (items.ts + turnstile.ts) with the run engine (jobRun.ts): starts one at a time in input
 * order, waits together, output in input order, failures as the sequential loop had them, cancel ending every wait.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runForEachItem } from '../../../nodes/shared/items';
import type { JobOutcome } from '../../../nodes/shared/jobOutcome';
import type { JobControl, RunPolicy } from '../../../nodes/shared/jobRun';
import { DEFAULT_RUN_POLICY, followCurrentRun, jobRunToJson, startOrAttach } from '../../../nodes/shared/jobRun';
import { routeItems } from '../../../nodes/shared/operations';
import type { WaitOptions } from '../../../nodes/shared/waitForJob';
import { DEFAULT_WAIT, waitForJob } from '../../../nodes/shared/waitForJob';
import { waitForCompletionProperties } from '../../../nodes/shared/waitDescription';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' } as INode;
const WAIT: WaitOptions = { ...DEFAULT_WAIT, pollIntervalSeconds: 0.01, timeoutSeconds: 5 };
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ctx {
	ctx: IExecuteFunctions;
	cancel: AbortController;
}

function makeCtx(count: number, options: { continueOnFail?: boolean; onError?: INode['onError']; parameters?: IDataObject } = {}): Ctx {
	const cancel = new AbortController();
	const n = { ...node, onError: options.onError };
	const ctx = {
		getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
		continueOnFail: () => options.continueOnFail ?? options.onError === 'continueErrorOutput',
		getNode: () => n,
		getExecutionCancelSignal: () => cancel.signal,
		getNodeParameter: (name: string, _i: number, fallback: unknown) => options.parameters?.[name] ?? fallback,
	} as unknown as IExecuteFunctions;
	return { ctx, cancel };
}

/** A fake vendor: jobs that run `runMs` after their start; every call logged as "<item>:<call>". */
class FakeJobs {
	log: string[] = [];
	waiting = 0;
	peakWaiting = 0;
	readonly endsAt = new Map<string, number>();
	readonly fails = new Set<string>();
	stops: string[] = [];

	constructor(
		readonly runMs: number,
		readonly opts: { startMs?: (item: number) => number; startFails?: Set<number>; jobFails?: Set<number> } = {},
	) {}

	control(item: number, job = `job ${item}`): JobControl {
		const outcome = (): JobOutcome => {
			const end = this.endsAt.get(job);
			if (end === undefined || Date.now() >= end) {
				return end === undefined
					? { status: 'succeeded', rawStatus: 'idle' }
					: { status: this.opts.jobFails?.has(item) ? 'failed' : 'succeeded', rawStatus: 'done' };
			}
			return { status: 'running', rawStatus: 'running' };
		};
		return {
			label: () => job,
			findRunning: async () => {
				this.log.push(`${item}:check`);
				const o = outcome();
				return o.status === 'running' ? o : undefined;
			},
			start: async () => {
				this.log.push(`${item}:start`);
				await tick(this.opts.startMs?.(item) ?? 5);
				if (this.opts.startFails?.has(item)) throw new NodeApiError(node, { message: 'no' }, { message: `start of ${job} refused (400)`, httpCode: '400' });
				this.endsAt.set(job, Date.now() + this.runMs);
				this.log.push(`${item}:started`);
				return { run: { status: 'running', rawStatus: 'starting' }, answer: {} };
			},
			readStatus: async () => outcome(),
			stop: async () => {
				this.stops.push(job);
			},
		};
	}

	/** The operation of item `item`: start (or attach) and wait, counting the waits going at once. */
	operation(policy: RunPolicy = DEFAULT_RUN_POLICY, wait: WaitOptions | null = WAIT, jobOf?: (item: number) => string) {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const jobs = this;
		return async function (this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const control = jobs.control(itemIndex, jobOf?.(itemIndex));
			const readStatus = control.readStatus;
			let counted = false;
			control.readStatus = async (run) => {
				if (!counted) {
					counted = true;
					jobs.waiting++;
					jobs.peakWaiting = Math.max(jobs.peakWaiting, jobs.waiting);
				}
				const o = await readStatus(run);
				if (o.status !== 'running' && counted) jobs.waiting--;
				return o;
			};
			const result = await startOrAttach(control, policy, wait ?? undefined, { node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() });
			return { item: itemIndex, ...jobRunToJson(result) };
		};
	}

	calls(kind: string): number[] {
		return this.log.filter((l) => l.endsWith(`:${kind}`)).map((l) => Number(l.split(':')[0]));
	}
}

describe('the ordered item loop: starts in input order, waits together', () => {
	it('starts one at a time in input order (a slow start holds the next), then waits together', async () => {
		const jobs = new FakeJobs(300, { startMs: (i) => (i === 0 ? 80 : 5) });
		const { ctx } = makeCtx(4);
		const t0 = Date.now();
		const out = await runForEachItem(ctx, jobs.operation(), { concurrency: 20, ordered: true });
		const seconds = (Date.now() - t0) / 1000;
		// Each item's check and start happen before the next item's check: no interleaving.
		expect(jobs.log).toEqual([
			'0:check', '0:start', '0:started',
			'1:check', '1:start', '1:started',
			'2:check', '2:start', '2:started',
			'3:check', '3:start', '3:started',
		]);
		expect(jobs.peakWaiting).toBe(4);
		expect(seconds).toBeLessThan(0.3 + 0.25 + 0.3);
		expect(out.map((o) => o.json.item)).toEqual([0, 1, 2, 3]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out.map((o) => o.json.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
	});

	it('a wait before the start (Run Task deploying) lets the next item begin, but not start before this one', async () => {
		const jobs = new FakeJobs(50);
		const op = jobs.operation();
		const deployEnd = Date.now() + 150;
		const out = await runForEachItem(
			makeCtx(2).ctx,
			async function (this: IExecuteFunctions, i) {
				jobs.log.push(`${i}:begin`);
				if (i === 0) {
					await waitForJob(
						{ readStatus: async () => (Date.now() >= deployEnd ? { status: 'succeeded', rawStatus: 'deployed' } : { status: 'running', rawStatus: 'deploying' }), label: 'deploy' },
						WAIT,
						{ node, itemIndex: i, cancelSignal: this.getExecutionCancelSignal() },
					);
				}
				return await op.call(this, i);
			},
			{ concurrency: 20, ordered: true },
		);
		expect(jobs.log.slice(0, 2)).toEqual(['0:begin', '1:begin']);
		expect(jobs.log.filter((l) => !l.endsWith('begin')).slice(0, 4)).toEqual(['0:check', '0:start', '0:started', '1:check']);
		expect(out.map((o) => o.json.outcome)).toEqual(['succeeded', 'succeeded']);
	});

	it('the bound holds: never more waits at once than the concurrency', async () => {
		const jobs = new FakeJobs(60);
		const out = await runForEachItem(makeCtx(6).ctx, jobs.operation(), { concurrency: 2, ordered: true });
		expect(jobs.peakWaiting).toBe(2);
		expect(jobs.calls('start')).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.map((o) => o.json.item)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('without a wait, items run strictly one after another', async () => {
		const jobs = new FakeJobs(1000);
		let active = 0;
		let peak = 0;
		const op = jobs.operation(DEFAULT_RUN_POLICY, null);
		const out = await runForEachItem(
			makeCtx(3).ctx,
			async function (this: IExecuteFunctions, i) {
				active++;
				peak = Math.max(peak, active);
				const r = await op.call(this, i);
				await tick(10);
				active--;
				return r;
			},
			{ concurrency: 20, ordered: true },
		);
		expect(peak).toBe(1);
		expect(out.map((o) => o.json.outcome)).toEqual(['running', 'running', 'running']);
	});

	it('two items of the same job: the second starts after the first one’s wait ended, as sequentially (two runs, none attached)', async () => {
		const jobs = new FakeJobs(100);
		const out = await runForEachItem(makeCtx(3).ctx, jobs.operation(DEFAULT_RUN_POLICY, WAIT, (i) => (i === 2 ? 'job B' : 'job A')), {
			concurrency: 20,
			ordered: true,
		});
		expect(out.map((o) => o.json.attached)).toEqual([false, false, false]);
		expect(out.map((o) => o.json.startedByThisItem)).toEqual([true, true, true]);
		expect(jobs.calls('start')).toEqual([0, 1, 2]);
	});

	it('continue on fail: a failed start becomes its paired error item, the others start and wait', async () => {
		const jobs = new FakeJobs(80, { startFails: new Set([1]) });
		const out = await runForEachItem(makeCtx(3, { continueOnFail: true }).ctx, jobs.operation(), { concurrency: 20, ordered: true });
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[1].json).toMatchObject({ error: 'start of job 1 refused (400)', httpCode: '400' });
		expect(out[0].json.outcome).toBe('succeeded');
		expect(out[2].json.outcome).toBe('succeeded');
		expect(jobs.calls('start')).toEqual([0, 1, 2]);
	});

	it('error output: a job that failed during the wait goes there with its outcome under details, in its place', async () => {
		const jobs = new FakeJobs(80, { jobFails: new Set([0]) });
		const out = await runForEachItem(makeCtx(2, { onError: 'continueErrorOutput' }).ctx, jobs.operation(), { concurrency: 20, ordered: true });
		expect(Object.keys(out[0].json).sort()).toEqual(['details', 'error']);
		expect(out[0].json.details).toMatchObject({ outcome: 'failed' });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json.outcome).toBe('succeeded');
	});

	it('a failed start without continue on fail: no later item sends anything, earlier waits run to their end, the error names its item', async () => {
		const jobs = new FakeJobs(150, { startFails: new Set([1]) });
		const t0 = Date.now();
		const error = await runForEachItem(makeCtx(4).ctx, jobs.operation(), { concurrency: 20, ordered: true }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.context.itemIndex).toBe(1);
		expect(jobs.log.filter((l) => l.startsWith('2:') || l.startsWith('3:'))).toEqual([]);
		// Item 0's wait went on to its job's end before the error was thrown.
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		expect(jobs.peakWaiting).toBe(1);
	});

	it('the lowest failing item’s error is thrown: an earlier job failing in its wait beats a later start failure', async () => {
		const jobs = new FakeJobs(120, { startFails: new Set([2]), jobFails: new Set([0]) });
		const error = await runForEachItem(makeCtx(4).ctx, jobs.operation(), { concurrency: 20, ordered: true }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context.itemIndex).toBe(0);
		expect(error.message).toMatch(/job 0 failed/);
		expect(jobs.calls('start')).toEqual([0, 1, 2]);
	});

	it('cancel ends every wait at once and stops each job this item started (stopOnCancel), none queued starts', async () => {
		const jobs = new FakeJobs(10_000);
		const { ctx, cancel } = makeCtx(3, { continueOnFail: true });
		const t0 = Date.now();
		const running = runForEachItem(ctx, jobs.operation(), { concurrency: 20, ordered: true });
		while (jobs.calls('started').length < 3 && Date.now() - t0 < 2000) await tick(5);
		cancel.abort();
		const out = await running;
		expect(Date.now() - t0).toBeLessThan(1500);
		expect(out.map((o) => (o.json.wait as IDataObject).end)).toEqual(['aborted', 'aborted', 'aborted']);
		expect(out.map((o) => o.json.stoppedOnCancel)).toEqual([true, true, true]);
		expect(jobs.stops.sort()).toEqual(['job 0', 'job 1', 'job 2']);
	});

	it('cancel while items are still queued: those are reported not started (no failed item), without a start call', async () => {
		const jobs = new FakeJobs(10_000);
		const { ctx, cancel } = makeCtx(3, { continueOnFail: true });
		const running = runForEachItem(ctx, jobs.operation({ ...DEFAULT_RUN_POLICY, stopOnCancel: false }), { concurrency: 20, ordered: true });
		while (jobs.calls('started').length < 1) await tick(1);
		cancel.abort();
		const out = await running;
		expect(jobs.calls('start').length).toBeLessThanOrEqual(2);
		expect(out[0].json).toMatchObject({ stoppedOnCancel: false, wait: { end: 'aborted' } });
		expect(out[2].json).toMatchObject({ outcome: 'cancelled', notStarted: true, startedByThisItem: false });
		expect(out[2].json.error).toBeUndefined();
		expect(out[2].json.message).toMatch(/cancelled before job 2 was started/);
		expect(jobs.stops).toEqual([]);
	});

	it('a status wait (followCurrentRun) has no start to order: the reads begin together', async () => {
		const jobs = new FakeJobs(100);
		for (let i = 0; i < 3; i++) jobs.endsAt.set(`job ${i}`, Date.now() + 100);
		const reads: number[] = [];
		const out = await runForEachItem(
			makeCtx(3).ctx,
			async function (this: IExecuteFunctions, i) {
				const control = jobs.control(i);
				const result = await followCurrentRun(
					{ ...control, readCurrent: async () => (reads.push(i), { status: 'running', rawStatus: 'running' }) },
					{ stopAttachedRun: false },
					WAIT,
					{ node, itemIndex: i, cancelSignal: this.getExecutionCancelSignal() },
				);
				return jobRunToJson(result);
			},
			{ concurrency: 20 },
		);
		expect(out.map((o) => o.json.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(reads).toEqual([0, 1, 2]);
	});
});

describe('the router sizes the loop from "Waits at Once"', () => {
	const show = { resource: ['r'], operation: ['start'] };
	const resource = (execute: (this: IExecuteFunctions, i: number) => Promise<IDataObject>, concurrency?: number) => [
		{
			resource: { name: 'R', value: 'r' },
			description: [],
			operations: { start: { description: waitForCompletionProperties(show) as INodeProperties[], execute, concurrency } },
		},
	];

	it.each([
		[undefined, 3],
		[1, 1],
		[2, 2],
	])('Waits at Once %s: at most %i items waiting together', async (bound, expected) => {
		const jobs = new FakeJobs(60);
		const { ctx } = makeCtx(3, {
			parameters: { resource: 'r', operation: 'start', waitForCompletion: true, waitOptions: bound === undefined ? {} : { maxConcurrentWaits: bound } },
		});
		const [items] = await routeItems(ctx, resource(jobs.operation()));
		expect(items.map((o) => o.json.item)).toEqual([0, 1, 2]);
		expect(jobs.peakWaiting).toBe(expected);
		expect(jobs.calls('start')).toEqual([0, 1, 2]);
	});

	it('a start operation whose first item does not wait runs its items one at a time', async () => {
		const jobs = new FakeJobs(60);
		let active = 0;
		let peak = 0;
		const op = jobs.operation();
		const { ctx } = makeCtx(3, { parameters: { resource: 'r', operation: 'start', waitForCompletion: false } });
		await routeItems(
			ctx,
			resource(async function (this: IExecuteFunctions, i) {
				active++;
				peak = Math.max(peak, active);
				const r = await op.call(this, i);
				active--;
				return r;
			}),
		);
		expect(peak).toBe(1);
	});
});

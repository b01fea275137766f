import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { RunListing, WatchedRun } from '../../../nodes/shared/statusWatch';
import { diffRuns, forgetRecentEmissions, watchStatus } from '../../../nodes/shared/statusWatch';

const run = (key: string, state: string, status: WatchedRun['outcome']['status'] = 'running', sortTime = 0): WatchedRun => ({
	key,
	state,
	outcome: { status, rawStatus: state },
	sortTime,
});

function pollContext(staticData: IDataObject, mode = 'trigger', budgetMs?: number): IPollFunctions {
	const budget = budgetMs === undefined ? {} : { getPollBudgetMs: () => budgetMs };
	return { getWorkflowStaticData: () => staticData, getMode: () => mode, ...budget } as unknown as IPollFunctions;
}

describe('statusWatch', () => {
	it('records a baseline on the first poll and emits nothing', async () => {
		const data: IDataObject = {};
		const out = await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'RUNNING'), run('b', 'COMPLETED', 'succeeded')] }));
		expect(out).toBeNull();
		expect(Object.keys((data.statusWatch as { runs: object }).runs)).toEqual(['a', 'b']);
	});

	it('emits each transition once, new runs included, in time order', async () => {
		const data: IDataObject = {};
		let listing: RunListing = { runs: [run('a', 'RUNNING')] };
		const list = async () => listing;
		await watchStatus(pollContext(data), list);
		listing = { runs: [run('a', 'COMPLETED', 'succeeded', 2), run('c', 'RUNNING', 'running', 1)] };
		const out = await watchStatus(pollContext(data), list);
		expect(out?.[0].map((i) => [i.json.key, i.json.previousState, i.json.state])).toEqual([
			['c', null, 'RUNNING'],
			['a', 'RUNNING', 'COMPLETED'],
		]);
		expect(await watchStatus(pollContext(data), list)).toBeNull();
	});

	it('a failed poll changes nothing, so the next poll still emits the transition', async () => {
		const data: IDataObject = {};
		await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'RUNNING')] }));
		const before = JSON.stringify(data);
		await expect(watchStatus(pollContext(data), async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
		expect(JSON.stringify(data)).toBe(before);
		const out = await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'FAILED', 'failed')] }));
		expect(out?.[0]).toHaveLength(1);
	});

	it('the outcome filter drops other transitions but still records them', () => {
		const saved = diffRuns(undefined, { runs: [run('a', 'RUNNING'), run('b', 'RUNNING')] }, {}).next;
		const { emit, next } = diffRuns(saved, { runs: [run('a', 'COMPLETED', 'succeeded'), run('b', 'FAILED', 'failed')] }, { outcomes: ['failed'] });
		expect(emit.map((i) => i.json.key)).toEqual(['b']);
		expect(next.runs.a.s).toBe('COMPLETED');
	});

	it('state survives a restart: reloaded state does not re-emit', () => {
		const first = diffRuns(undefined, { runs: [run('a', 'RUNNING')] }, {}).next;
		const second = diffRuns(first, { runs: [run('a', 'COMPLETED', 'succeeded')] }, {});
		const reloaded = JSON.parse(JSON.stringify(second.next));
		expect(diffRuns(reloaded, { runs: [run('a', 'COMPLETED', 'succeeded')] }, {}).emit).toHaveLength(0);
	});

	it('prunes runs not seen for a long time and caps the state', () => {
		let now = 0;
		const s1 = diffRuns(undefined, { runs: [run('old', 'X')] }, { now: () => now }).next;
		now = 10_000;
		const s2 = diffRuns(s1, { runs: [run('new', 'Y')] }, { now: () => now, forgetAfterMs: 5_000 }).next;
		expect(Object.keys(s2.runs)).toEqual(['new']);
		const many = diffRuns(undefined, { runs: Array.from({ length: 10 }, (_, i) => run(`k${i}`, 'S')) }, { maxRuns: 3 }).next;
		expect(Object.keys(many.runs)).toHaveLength(3);
	});

	it('keeps and passes on the cursor', async () => {
		const data: IDataObject = {};
		const seen: Array<string | undefined> = [];
		const list = async (cursor: string | undefined) => {
			seen.push(cursor);
			return { runs: [], cursor: `c${seen.length}` };
		};
		await watchStatus(pollContext(data), list);
		await watchStatus(pollContext(data), list);
		expect(seen).toEqual([undefined, 'c1']);
	});

	it('manual mode returns a sample, newest first, and saves nothing', async () => {
		const data: IDataObject = {};
		const out = await watchStatus(pollContext(data, 'manual'), async () => ({ runs: [run('a', 'X', 'succeeded', 1), run('b', 'Y', 'failed', 2)] }), {
			sampleSize: 1,
		});
		expect(out?.[0].map((i) => i.json.key)).toEqual(['b']);
		expect(data).toEqual({});
	});

	it('gives each event a stable id: a state seen again later is a new event, the same poll repeated is not', () => {
		const s1 = diffRuns(undefined, { runs: [run('a', 'A')] }, {}).next;
		const s2 = diffRuns(s1, { runs: [run('a', 'B')] }, {});
		const again = diffRuns(JSON.parse(JSON.stringify(s1)), { runs: [run('a', 'B')] }, {});
		expect(again.emit[0].json.eventId).toBe(s2.emit[0].json.eventId);
		const s3 = diffRuns(s2.next, { runs: [run('a', 'A')] }, {});
		const s4 = diffRuns(s3.next, { runs: [run('a', 'B')] }, {});
		expect(s4.emit[0].json.eventId).not.toBe(s2.emit[0].json.eventId);
	});

	it('a poll run twice from the same saved state emits once in this process; a restart emits it again with the same ids', async () => {
		const data: IDataObject = {};
		await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'RUNNING')] }));
		const saved = JSON.stringify(data);
		const list = async () => ({ runs: [run('a', 'FAILED', 'failed')] });
		const first = await watchStatus(pollContext(JSON.parse(saved) as IDataObject), list);
		expect(await watchStatus(pollContext(JSON.parse(saved) as IDataObject), list)).toBeNull();
		forgetRecentEmissions();
		const repeat = await watchStatus(pollContext(JSON.parse(saved) as IDataObject), list);
		expect(repeat?.[0].map((i) => i.json.eventId)).toEqual(first?.[0].map((i) => i.json.eventId));
	});

	it('two polls overlapping on the same static data: the one that read older data and finishes last saves and emits nothing', async () => {
		const data: IDataObject = {};
		const at = Date.now();
		await watchStatus(pollContext(data), async () => ({ runs: [] }));
		let release: () => void = () => undefined;
		const held = new Promise<void>((resolve) => (release = resolve));
		// Poll A reads "running" and is held back; poll B, started meanwhile, reads the end and saves first.
		const pollA = watchStatus(pollContext(data), async () => {
			await held;
			return { runs: [run('a', 'RUNNING', 'running', at)] };
		});
		const b = await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'COMPLETED', 'succeeded', at)] }));
		release();
		expect(await pollA).toBeNull();
		expect(b?.[0].map((i) => i.json.state)).toEqual(['COMPLETED']);
		expect((data.statusWatch as { runs: Record<string, { s: string }> }).runs.a.s).toBe('COMPLETED');
		// The next poll starts from B's state: the end does not fire again.
		expect(await watchStatus(pollContext(data), async () => ({ runs: [run('a', 'COMPLETED', 'succeeded', at)] }))).toBeNull();
	});

	it('a job taken out of scope and added back: the runs it had meanwhile stay quiet, a run since the last poll fires', () => {
		const t0 = Date.now();
		const job = (key: string, state: string, status: WatchedRun['outcome']['status'], at: number): WatchedRun => ({ ...run(key, state, status, at), job: 'j' });
		let now = t0;
		const options = { now: () => now };
		const s1 = diffRuns(undefined, { runs: [job('j:1', 'OK', 'succeeded', t0 - 1000)], scope: ['j', 'k'] }, options).next;
		now = t0 + 60_000;
		const s2 = diffRuns(s1, { runs: [], scope: ['k'] }, options).next; // j out of the selection
		now = t0 + 2 * 3600_000;
		const s3 = diffRuns(s2, { runs: [], scope: ['k'] }, options).next;
		now = t0 + 2 * 3600_000 + 60_000;
		const back = diffRuns(s3, { runs: [job('j:2', 'FAIL', 'failed', t0 + 120_000), job('j:3', 'OK', 'succeeded', t0 + 2 * 3600_000 + 30_000)], scope: ['j', 'k'] }, options);
		expect(back.emit.map((i) => i.json.key)).toEqual(['j:3']);
		// A job in scope but left unread (a poll cut short) keeps its cursor: its runs since then all fire.
		now = t0 + 60_000;
		const unread = diffRuns(s1, { runs: [], scope: ['j', 'k'] }, options).next;
		now = t0 + 120_000;
		const later = diffRuns(unread, { runs: [job('j:2', 'FAIL', 'failed', t0 + 30_000), job('j:3', 'OK', 'succeeded', t0 + 90_000)], scope: ['j', 'k'] }, options);
		expect(later.emit.map((i) => i.json.key)).toEqual(['j:2', 'j:3']);
	});

	it('a run of no job first seen is new only near the newest run seen (vendor clock); long-ended ones brought into view stay quiet', () => {
		const t0 = Date.now();
		const s1 = diffRuns(undefined, { runs: [run('a', 'OK', 'succeeded', t0)] }, {}).next;
		expect(s1.newest).toBe(t0);
		const { emit, next } = diffRuns(s1, { runs: [run('old', 'OK', 'succeeded', t0 - 24 * 3600_000), run('late', 'OK', 'succeeded', t0 - 60_000), run('new', 'OK', 'succeeded', t0 + 60_000)] }, {});
		expect(emit.map((i) => i.json.key)).toEqual(['late', 'new']);
		expect(next.newest).toBe(t0 + 60_000);
		// A longer grace for sources whose entries come late.
		const wide = diffRuns(s1, { runs: [run('late10', 'OK', 'succeeded', t0 - 9 * 60_000)], newRunGraceMs: 10 * 60_000 }, {});
		expect(wide.emit.map((i) => i.json.key)).toEqual(['late10']);
	});

	it('a job cursor keeps old runs listed again quiet and emits every newer run, oldest first', () => {
		const job = (key: string, state: string, status: WatchedRun['outcome']['status'], at: number): WatchedRun => ({ ...run(key, state, status, at), job: 'j' });
		const s1 = diffRuns(undefined, { runs: [job('j:1', 'OK', 'succeeded', 1), job('j:2', 'OK', 'succeeded', 2)] }, {}).next;
		expect(Object.keys(s1.runs)).toEqual(['j:2']);
		const { emit } = diffRuns(s1, { runs: [job('j:4', 'OK', 'succeeded', 4), job('j:1', 'OK', 'succeeded', 1), job('j:3', 'FAIL', 'failed', 3)] }, { outcomes: ['failed', 'succeeded'] });
		expect(emit.map((i) => [i.json.key, i.json.previousOutcome])).toEqual([
			['j:3', 'succeeded'],
			['j:4', 'failed'],
		]);
	});

	it('a latest-only job whose run was replaced before a poll saw it end is flagged, whatever the filter', () => {
		const latest = (key: string, status: WatchedRun['outcome']['status'], at: number): WatchedRun => ({ ...run(key, status, status, at), job: 'j', latestOnly: true });
		const s1 = diffRuns(undefined, { runs: [latest('j:1', 'running', 1)] }, {}).next;
		const { emit } = diffRuns(s1, { runs: [latest('j:2', 'succeeded', 2)] }, { outcomes: ['failed'] });
		expect(emit.map((i) => [i.json.key, i.json.runsMayHaveBeenMissed, i.json.missedRunsAtLeast])).toEqual([['j:2', true, 1]]);
		const quiet = diffRuns(diffRuns(undefined, { runs: [latest('j:1', 'succeeded', 1)] }, {}).next, { runs: [latest('j:2', 'succeeded', 2)] }, {});
		expect(quiet.emit.map((i) => i.json.runsMayHaveBeenMissed)).toEqual([false]);
	});

	describe('the poll budget (n8n 2.41 poll contexts; none on 1.x)', () => {
		afterEach(() => jest.restoreAllMocks());

		it('timeLeft() stays true without a budget, and turns false a reserve before the budget ends', async () => {
			const seen: boolean[] = [];
			const clock = { now: 1_000_000 };
			jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
			const probe = async (_c: string | undefined, _f: boolean, previous: { timeLeft(): boolean }) => {
				seen.push(previous.timeLeft());
				clock.now += 8_999;
				seen.push(previous.timeLeft());
				clock.now += 2;
				seen.push(previous.timeLeft());
				return { runs: [] };
			};
			await watchStatus(pollContext({}), probe);
			// Budget 10 s: a reserve of 1 s (a tenth, at least 1 s), so reads stop starting 9 s in.
			await watchStatus(pollContext({}, 'trigger', 10_000), probe);
			expect(seen).toEqual([true, true, true, true, true, false]);
		});

		it('longestUnreadFirst() puts the jobs read longest ago first, input order among equals', async () => {
			const data: IDataObject = {};
			const clock = { now: 1_000_000 };
			jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
			const job = (key: string, j: string): WatchedRun => ({ ...run(key, 'OK', 'succeeded', 1), job: j });
			let orders: string[][] = [];
			const listing = (read: string[]) => async (_c: string | undefined, _f: boolean, previous: { longestUnreadFirst<T>(jobs: readonly T[], id: (j: T) => string): T[] }) => {
				orders.push(previous.longestUnreadFirst(['a', 'b', 'c'], (id) => id));
				return { runs: read.map((id) => job(`${id}:1`, id)) };
			};
			await watchStatus(pollContext(data), listing(['a', 'b', 'c']));
			clock.now += 1000;
			await watchStatus(pollContext(data), listing(['a']));
			clock.now += 1000;
			await watchStatus(pollContext(data), listing(['b']));
			expect(orders).toEqual([
				['a', 'b', 'c'],
				['a', 'b', 'c'],
				['b', 'c', 'a'],
			]);
			orders = [];
			await watchStatus(pollContext(data), listing([]));
			expect(orders).toEqual([['c', 'a', 'b']]);
		});

		it('with a budget, a poll repeated from the same saved state after the budget is n8n\'s retry and emits again', async () => {
			const data: IDataObject = {};
			const clock = { now: 5_000_000 };
			jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
			await watchStatus(pollContext(data, 'trigger', 36_000), async () => ({ runs: [run('a', 'RUNNING')] }));
			const saved = JSON.stringify(data);
			const list = async () => ({ runs: [run('a', 'FAILED', 'failed')] });
			const first = await watchStatus(pollContext(JSON.parse(saved) as IDataObject, 'trigger', 36_000), list);
			expect(first?.[0]).toHaveLength(1);
			// Overlapping (within one budget): the twin is dropped.
			clock.now += 10_000;
			expect(await watchStatus(pollContext(JSON.parse(saved) as IDataObject, 'trigger', 36_000), list)).toBeNull();
			// After the budget: n8n dropped the first emission (lost lease) and retries; the run must not be lost.
			clock.now += 30_000;
			const retry = await watchStatus(pollContext(JSON.parse(saved) as IDataObject, 'trigger', 36_000), list);
			expect(retry?.[0].map((i) => i.json.eventId)).toEqual(first?.[0].map((i) => i.json.eventId));
		});
	});
});

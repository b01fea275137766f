import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { RunListing, WatchedRun } from '../../../nodes/shared/statusWatch';
import { diffRuns, watchStatus } from '../../../nodes/shared/statusWatch';

const run = (key: string, state: string, status: WatchedRun['outcome']['status'] = 'running', sortTime = 0): WatchedRun => ({
	key,
	state,
	outcome: { status, rawStatus: state },
	sortTime,
});

function pollContext(staticData: IDataObject, mode = 'trigger'): IPollFunctions {
	return { getWorkflowStaticData: () => staticData, getMode: () => mode } as unknown as IPollFunctions;
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
});

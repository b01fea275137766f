import type { INode } from 'n8n-workflow';

import type { JobOutcome } from '../../../nodes/shared/jobOutcome';
import { DEFAULT_WAIT, waitForJob } from '../../../nodes/shared/waitForJob';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' } as INode;

/** A fake clock: sleeping advances time instantly. */
function clock() {
	let t = 0;
	const sleeps: number[] = [];
	return {
		now: () => t,
		sleepFn: async (ms: number) => {
			sleeps.push(ms);
			t += ms;
		},
		sleeps,
	};
}

const running: JobOutcome = { status: 'running', rawStatus: 'RUNNING' };

function sequence(...outcomes: Array<JobOutcome | Error>) {
	let i = 0;
	return async () => {
		const next = outcomes[Math.min(i++, outcomes.length - 1)];
		if (next instanceof Error) throw next;
		return next;
	};
}

describe('waitForJob', () => {
	it('polls at the interval until the job ends', async () => {
		const c = clock();
		const result = await waitForJob(
			{ readStatus: sequence(running, running, { status: 'succeeded', rawStatus: 'COMPLETED' }), label: 'job 1' },
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 5 },
			{ node, ...c },
		);
		expect(result.end).toBe('finished');
		expect(result.outcome.status).toBe('succeeded');
		expect(result.polls).toBe(3);
		expect(c.sleeps).toEqual([5000, 5000, 5000]);
	});

	it('stops at a goal such as "CDC running"', async () => {
		const c = clock();
		const result = await waitForJob(
			{ readStatus: sequence({ status: 'running', rawStatus: 'STARTING' }, running), goal: (o) => o.rawStatus === 'RUNNING', label: 'job' },
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 1 },
			{ node, ...c },
		);
		expect(result.end).toBe('goalReached');
		expect(result.polls).toBe(2);
	});

	it('times out within its bound after one last read, and cancels the job when asked', async () => {
		const c = clock();
		const cancelJob = jest.fn(async () => {});
		const result = await waitForJob(
			{ readStatus: sequence(running), cancelJob, label: 'job 7' },
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 10, timeoutSeconds: 35, cancelOnTimeout: true, failOnJobFailure: false },
			{ node, ...c },
		);
		expect(result.end).toBe('timeout');
		expect(result.cancelledOnTimeout).toBe(true);
		expect(cancelJob).toHaveBeenCalledTimes(1);
		expect(c.now()).toBe(35_000);
		expect(result.polls).toBe(5);
	});

	it('a final read that finds the job finished is not a timeout', async () => {
		const c = clock();
		const result = await waitForJob(
			{ readStatus: sequence(running, { status: 'succeeded', rawStatus: 'DONE' }), label: 'job' },
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 10, timeoutSeconds: 10 },
			{ node, ...c },
		);
		expect(result.end).toBe('finished');
	});

	it('fails the item on timeout when failOnJobFailure is on', async () => {
		const c = clock();
		await expect(
			waitForJob({ readStatus: sequence(running), label: 'job 9' }, { ...DEFAULT_WAIT, pollIntervalSeconds: 1, timeoutSeconds: 3 }, { node, ...c }),
		).rejects.toThrow('Timed out after 3s waiting for job 9');
	});

	it('tolerates failed polls up to the limit, then gives up with a clear error', async () => {
		const c = clock();
		const ok = await waitForJob(
			{ readStatus: sequence(new Error('503'), new Error('503'), { status: 'succeeded', rawStatus: 'OK' }), label: 'job' },
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 1, maxConsecutivePollFailures: 3 },
			{ node, ...c },
		);
		expect(ok.failedPolls).toBe(2);
		await expect(
			waitForJob({ readStatus: sequence(new Error('boom')), label: 'job 3' }, { ...DEFAULT_WAIT, pollIntervalSeconds: 1, maxConsecutivePollFailures: 2 }, { node, ...clock() }),
		).rejects.toThrow('Could not read the status of job 3: boom');
	});

	it('ends at once on n8n cancel', async () => {
		const controller = new AbortController();
		let reads = 0;
		const result = await waitForJob(
			{
				readStatus: async () => {
					reads++;
					controller.abort();
					return running;
				},
				label: 'job',
			},
			{ ...DEFAULT_WAIT, pollIntervalSeconds: 1 },
			{ node, ...clock(), cancelSignal: controller.signal },
		);
		expect(result.end).toBe('aborted');
		expect(reads).toBe(1);
	});

	it('failure, cancellation and (optionally) warning fail the item with the job error', async () => {
		const failed: JobOutcome = { status: 'failed', rawStatus: '3', error: { message: 'ORA-00942: table does not exist' } };
		await expect(waitForJob({ readStatus: sequence(failed), label: 'run 5' }, { ...DEFAULT_WAIT, pollIntervalSeconds: 0 }, { node, ...clock() })).rejects.toThrow(
			'run 5 failed: ORA-00942: table does not exist',
		);
		const warning: JobOutcome = { status: 'warning', rawStatus: '2' };
		const soft = await waitForJob({ readStatus: sequence(warning), label: 'run' }, { ...DEFAULT_WAIT, pollIntervalSeconds: 0 }, { node, ...clock() });
		expect(soft.outcome.status).toBe('warning');
		await expect(
			waitForJob({ readStatus: sequence(warning), label: 'run 6' }, { ...DEFAULT_WAIT, pollIntervalSeconds: 0, treatWarningAsFailure: true }, { node, ...clock() }),
		).rejects.toThrow('run 6 ended with warnings');
	});

	it('returns at once when the start already reported a terminal state', async () => {
		const read = jest.fn();
		const result = await waitForJob({ readStatus: read, initial: { status: 'succeeded', rawStatus: 'OK' }, label: 'x' }, DEFAULT_WAIT, { node, ...clock() });
		expect(result.polls).toBe(0);
		expect(read).not.toHaveBeenCalled();
	});
});

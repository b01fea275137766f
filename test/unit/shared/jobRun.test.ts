import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../nodes/shared/jobOutcome';
import type { JobControl, RunPolicy } from '../../../nodes/shared/jobRun';
import { DEFAULT_RUN_POLICY, followCurrentRun, jobRunToJson, startOrAttach } from '../../../nodes/shared/jobRun';
import { DEFAULT_WAIT } from '../../../nodes/shared/waitForJob';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' } as INode;
const wait = { ...DEFAULT_WAIT, pollIntervalSeconds: 1, timeoutSeconds: 60 };

/**
 * A fake job: one run at a time, like the vendors. `otherRun` is a run someone else started; each status read
 * advances the current run by one step; a start while a run is going is refused like a 409.
 */
class FakeJob {
	starts = 0;
	refusedStarts = 0;
	stops: string[] = [];
	reads = 0;
	current: { runId: string; stepsLeft: number; final: JobOutcome['status'] } | undefined;
	private nextId = 1;
	/** Runs someone else starts right before this item's next start call (the race after the pre-check). */
	startBeforeNextStart = false;
	hideRunningFromCheck = false;

	constructor(readonly runSteps = 2) {}

	startOther(steps = 2, final: JobOutcome['status'] = 'succeeded'): string {
		this.current = { runId: `other-${this.nextId++}`, stepsLeft: steps, final };
		return this.current.runId;
	}

	outcome(runId: string): JobOutcome {
		if (this.current?.runId === runId && this.current.stepsLeft > 0) return { status: 'running', rawStatus: 'RUNNING', jobId: 'j1', runId };
		const final = this.current?.runId === runId ? this.current.final : 'succeeded';
		return { status: final, rawStatus: final.toUpperCase(), jobId: 'j1', runId };
	}

	control(): JobControl<{ runId: string }> {
		return {
			label: (run) => (run?.runId ? `job j1 run ${run.runId}` : 'job j1'),
			findRunning: async () => {
				if (this.hideRunningFromCheck) {
					this.hideRunningFromCheck = false;
					return undefined;
				}
				return this.current && this.current.stepsLeft > 0 ? this.outcome(this.current.runId) : undefined;
			},
			start: async () => {
				if (this.startBeforeNextStart) {
					this.startBeforeNextStart = false;
					this.startOther();
				}
				if (this.current && this.current.stepsLeft > 0) {
					this.refusedStarts++;
					throw Object.assign(new Error('Conflict (409): Job is already running'), { httpCode: '409' });
				}
				this.starts++;
				this.current = { runId: `mine-${this.nextId++}`, stepsLeft: this.runSteps, final: 'succeeded' };
				return { run: this.outcome(this.current.runId), answer: { runId: this.current.runId } };
			},
			isAlreadyRunningRefusal: (error) => (error as { httpCode?: string }).httpCode === '409',
			readStatus: async (run) => {
				this.reads++;
				const current = this.current;
				if (current && current.runId === run.runId && current.stepsLeft > 0) current.stepsLeft--;
				return this.outcome(run.runId!);
			},
			stop: async (run) => {
				this.stops.push(run.runId!);
				const current = this.current;
				if (current && current.runId === run.runId) this.current = { runId: current.runId, stepsLeft: 0, final: 'cancelled' };
			},
		};
	}
}

function env(abortAfterSleeps?: number) {
	const controller = new AbortController();
	let sleeps = 0;
	let t = 0;
	return {
		node,
		cancelSignal: controller.signal,
		now: () => t,
		sleepFn: async (ms: number) => {
			t += ms;
			sleeps++;
			if (abortAfterSleeps !== undefined && sleeps >= abortAfterSleeps) controller.abort();
		},
	};
}

const policy = (p: Partial<RunPolicy> = {}): RunPolicy => ({ ...DEFAULT_RUN_POLICY, ...p });

describe('startOrAttach', () => {
	it('starts once when nothing runs and reports the run it started', async () => {
		const job = new FakeJob();
		const result = await startOrAttach(job.control(), policy(), wait, env());
		expect(job.starts).toBe(1);
		expect(result).toMatchObject({ attached: false, startedByThisItem: true, answer: { runId: 'mine-1' } });
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'succeeded', runId: 'mine-1', attached: false, startedByThisItem: true });
	});

	it('a cancel during the look for a running run (the read cut off, or swallowed) ends the item without a start', async () => {
		for (const readFails of [true, false]) {
			const job = new FakeJob();
			const e = env();
			const controller = new AbortController();
			const control = job.control();
			control.findRunning = async () => {
				controller.abort();
				if (readFails) throw new Error('canceled');
				return undefined;
			};
			const run = startOrAttach(control, policy(), wait, { ...e, cancelSignal: controller.signal });
			await expect(run).rejects.toThrow('The execution was cancelled before job j1 was started');
			await expect(run).rejects.toBeInstanceOf(NodeOperationError);
			expect(job.starts + job.refusedStarts).toBe(0);
		}
	});

	it('a failed look for a running run without a cancel fails the item with that error, and starts nothing', async () => {
		const job = new FakeJob();
		const control = job.control();
		control.findRunning = async () => {
			throw new Error('ECONNRESET');
		};
		await expect(startOrAttach(control, policy(), wait, env())).rejects.toThrow('ECONNRESET');
		expect(job.starts).toBe(0);
	});

	it('attaches to the running run (default): no start, its outcome, attached: true', async () => {
		const job = new FakeJob();
		job.startOther(3, 'failed');
		const result = await startOrAttach(job.control(), policy(), { ...wait, failOnJobFailure: false }, env());
		expect(job.starts + job.refusedStarts).toBe(0);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'failed', runId: 'other-1', attached: true, startedByThisItem: false });
	});

	it('fails the item on an attached run that failed, like on its own run', async () => {
		const job = new FakeJob();
		job.startOther(1, 'failed');
		await expect(startOrAttach(job.control(), policy(), wait, env())).rejects.toThrow('job j1 run other-1 failed');
	});

	it('without a wait, returns the running run attached and starts nothing', async () => {
		const job = new FakeJob();
		job.startOther();
		const result = await startOrAttach(job.control(), policy(), undefined, env());
		expect(job.starts).toBe(0);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'running', runId: 'other-1', attached: true });
		expect(job.reads).toBe(0);
	});

	it('fails before any start when asked, naming the running run', async () => {
		const job = new FakeJob();
		job.startOther();
		const error = await startOrAttach(job.control(), policy({ ifAlreadyRunning: 'fail' }), wait, env()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('job j1 run other-1 is already running (run other-1)');
		expect(job.starts + job.refusedStarts).toBe(0);
	});

	it('waits for the running run, then starts its own (one start), keeping the previous run', async () => {
		const job = new FakeJob();
		job.startOther(2, 'failed');
		const result = await startOrAttach(job.control(), policy({ ifAlreadyRunning: 'waitThenStart' }), wait, env());
		expect(job.starts).toBe(1);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'succeeded', runId: 'mine-2', attached: false, startedByThisItem: true, previousRun: { outcome: 'failed', runId: 'other-1' } });
	});

	it('a wait for the previous run that times out starts nothing', async () => {
		const job = new FakeJob();
		job.startOther(1000);
		await expect(startOrAttach(job.control(), policy({ ifAlreadyRunning: 'waitThenStart' }), { ...wait, timeoutSeconds: 5 }, env())).rejects.toThrow(
			'job j1 run other-1 was still running after 5s',
		);
		expect(job.starts + job.refusedStarts).toBe(0);
	});

	it('a refusal after the pre-check (someone started in between) attaches to that run', async () => {
		const job = new FakeJob();
		job.startBeforeNextStart = true;
		const result = await startOrAttach(job.control(), policy(), wait, env());
		expect(job.refusedStarts).toBe(1);
		expect(job.starts).toBe(0);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'succeeded', runId: 'other-1', attached: true });
	});

	it('a refusal with Fail names the run and keeps the vendor message', async () => {
		const job = new FakeJob();
		job.startBeforeNextStart = true;
		const error = (await startOrAttach(job.control(), policy({ ifAlreadyRunning: 'fail' }), wait, env()).catch((e: unknown) => e)) as NodeOperationError;
		expect(error.message).toContain('other-1 is already running');
		expect(error.description).toContain('Job is already running');
	});

	it('a refusal with no run of this job to follow is the item error, with no second start', async () => {
		const job = new FakeJob();
		const control = job.control();
		let calls = 0;
		control.start = async () => {
			calls++;
			throw Object.assign(new Error('Migration job already running'), { httpCode: '409' });
		};
		await expect(startOrAttach(control, policy(), wait, env())).rejects.toThrow('Migration job already running');
		expect(calls).toBe(1);
	});

	it('any other start failure is thrown as it is, without a second start', async () => {
		const job = new FakeJob();
		const control = job.control();
		let calls = 0;
		control.start = async () => {
			calls++;
			throw Object.assign(new Error('Server error (500)'), { httpCode: '500' });
		};
		await expect(startOrAttach(control, policy(), wait, env())).rejects.toThrow('Server error (500)');
		expect(calls).toBe(1);
	});
});

describe('startOrAttach on cancel', () => {
	it('stops the run this item started, once, and reports cancelled', async () => {
		const job = new FakeJob(100);
		const result = await startOrAttach(job.control(), policy(), wait, env(2));
		expect(job.stops).toEqual(['mine-1']);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, wait: { end: 'aborted' } });
	});

	it('leaves an attached run alone', async () => {
		const job = new FakeJob();
		job.startOther(100);
		const result = await startOrAttach(job.control(), policy(), wait, env(2));
		expect(job.stops).toEqual([]);
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'running', stoppedOnCancel: false, attached: true, wait: { end: 'aborted' } });
	});

	it('stops an attached run only when the user allowed it', async () => {
		const job = new FakeJob();
		job.startOther(100);
		const result = await startOrAttach(job.control(), policy({ stopAttachedRun: true }), wait, env(2));
		expect(job.stops).toEqual(['other-1']);
		expect(result.stoppedOnCancel).toBe(true);
	});

	it('does not stop when "Stop the Job When the Execution Is Cancelled" is off', async () => {
		const job = new FakeJob(100);
		const result = await startOrAttach(job.control(), policy({ stopOnCancel: false }), wait, env(2));
		expect(job.stops).toEqual([]);
		expect(result.stoppedOnCancel).toBe(false);
	});

	it('reports a stop that failed instead of failing the cancelled item', async () => {
		const job = new FakeJob(100);
		const control = job.control();
		control.stop = async () => {
			throw new Error('The service could not be reached');
		};
		const result = await startOrAttach(control, policy(), wait, env(2));
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'running', stoppedOnCancel: false, stopError: 'The service could not be reached' });
	});

	it('Cancel on Timeout stops its own run but not an attached one', async () => {
		const mine = new FakeJob(1000);
		const timedOut = (e: unknown) => (e as NodeOperationError).description;
		expect(await startOrAttach(mine.control(), policy(), { ...wait, timeoutSeconds: 3, cancelOnTimeout: true }, env()).catch(timedOut)).toContain('The job was stopped');
		expect(mine.stops).toEqual(['mine-1']);
		const theirs = new FakeJob();
		theirs.startOther(1000);
		expect(await startOrAttach(theirs.control(), policy(), { ...wait, timeoutSeconds: 3, cancelOnTimeout: true }, env()).catch(timedOut)).toContain('The job was left running');
		expect(theirs.stops).toEqual([]);
	});
});

describe('followCurrentRun', () => {
	it('waits for a run started elsewhere and reports it attached', async () => {
		const job = new FakeJob();
		job.startOther(2);
		const control = job.control();
		const result = await followCurrentRun({ ...control, readCurrent: async () => job.outcome(job.current!.runId) }, { stopAttachedRun: false }, wait, env());
		expect(jobRunToJson(result)).toMatchObject({ outcome: 'succeeded', runId: 'other-1', attached: true, startedByThisItem: false });
		expect(job.starts).toBe(0);
	});

	it('returns a finished run at once, not attached', async () => {
		const job = new FakeJob();
		job.startOther(0);
		const result = await followCurrentRun({ ...job.control(), readCurrent: async () => job.outcome('other-1') }, { stopAttachedRun: false }, wait, env());
		expect(result.attached).toBe(false);
		expect(result.wait?.polls).toBe(0);
	});
});

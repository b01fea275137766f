import { DbmiJobMachine, JOB_ACTIONS, runPlan, stopPlan, type DbmiTask } from '../families/informaticaDbmiJob';

/** A hand-driven clock: timers run only when the test advances time. */
function manualClock() {
	let now = 0;
	const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
	return {
		now: () => now,
		iso: () => new Date(now).toISOString(),
		schedule(ms: number, fn: () => void) {
			const timer = { at: now + ms, fn, cancelled: false };
			timers.push(timer);
			return { cancel: () => void (timer.cancelled = true) };
		},
		advance(ms: number) {
			now += ms;
			for (const t of timers.filter((x) => !x.cancelled && x.at <= now).sort((a, b) => a.at - b.at)) {
				t.cancelled = true;
				t.fn();
			}
		},
	};
}

const task = (taskMode: DbmiTask['taskMode']): DbmiTask => ({
	taskId: 1,
	documentId: 'd',
	name: 't',
	projectId: 'p',
	folderId: '',
	nativeData: {},
	taskMode,
	srcVendor: 'ORACLE',
	tgtVendor: 'SNOWFLAKE',
	tables: ['S.A', 'S.B'],
	createdTime: '',
});

function machineWith(t: DbmiTask) {
	const clock = manualClock();
	const log: string[] = [];
	const machine = new DbmiJobMachine({ ...clock, log: (l) => log.push(l), runTimeMs: () => 100, task: () => t });
	return { clock, machine, log };
}

describe('Database Ingestion job state machine (no HTTP)', () => {
	it('lists the four job actions with the states they are allowed from and the page refusal texts', () => {
		expect(JOB_ACTIONS.map((a) => [a.action, [...a.allowedFrom].sort()])).toEqual([
			['start', ['aborted', 'completed', 'deployed', 'failed', 'stopped']],
			['stop', ['on_hold', 'resuming', 'running', 'running_with_warning', 'starting']],
			['resume', ['aborted', 'failed', 'stopped']],
			['undeploy', ['aborted', 'completed', 'deployed', 'failed', 'stopped']],
		]);
		expect(JOB_ACTIONS[0].refusal).toBe('Job is already running or not in DEPLOYED state.');
	});

	it('plans runs as data: running at 10 %, the end at 100 %, none for CDC or stuck runs', () => {
		expect(runPlan('start', 200, false, undefined, 'x')).toEqual({
			now: 'starting',
			lastAction: 'Job was started by a user.',
			steps: [{ atMs: 20, to: 'running' }, { atMs: 200, to: 'completed', errorMessage: null }],
		});
		expect(runPlan('resume', 200, true, undefined, 'x').steps).toEqual([{ atMs: 20, to: 'running' }]);
		expect(runPlan('start', 200, true, { outcome: 'failure' }, 'boom').steps[1]).toEqual({ atMs: 200, to: 'failed', errorMessage: 'boom' });
		expect(runPlan('start', 200, false, { outcome: 'stuck' }, 'x').steps).toHaveLength(1);
		expect(stopPlan(200)).toEqual({ now: 'stopping', lastAction: 'Job was stopped by a user.', steps: [{ atMs: 20, to: 'stopped' }] });
	});

	it('walks a job through deploy, a run, a second run and undeploy on the clock, one run id per run', () => {
		const t = task('UNLOAD');
		const { clock, machine } = machineWith(t);
		const job = machine.deploy(t);
		expect(job).toMatchObject({ jobId: 20, status: 'processing_deploy' });
		clock.advance(50);
		expect(job.status).toBe('deployed');
		machine.run(job, 'start', undefined);
		expect(job).toMatchObject({ status: 'starting', runId: 570, runs: 1 });
		clock.advance(10);
		expect(job.tables.map((x) => x.state)).toEqual(['RUNNING', 'RUNNING']);
		clock.advance(90);
		expect(job).toMatchObject({ status: 'completed', errorMessage: null });
		machine.run(job, 'start', { outcome: 'failure', message: 'ORA-1' });
		clock.advance(100);
		expect(job).toMatchObject({ status: 'failed', errorMessage: 'ORA-1', runId: 571, runs: 2 });
		expect(job.tables.map((x) => x.state)).toEqual(['ERROR', 'STOPPED']);
		machine.undeploy(job);
		clock.advance(50);
		expect(job.status).toBe('undeployed');
		expect(t.jobId).toBeUndefined();
	});

	it('keeps a CDC job running until stopped, and a forced state drops the pending steps', () => {
		const t = task('CDC');
		const { clock, machine, log } = machineWith(t);
		const job = machine.addJob(t, 'deployed');
		machine.run(job, 'start', undefined);
		clock.advance(1000);
		expect(job.status).toBe('running');
		machine.stop(job);
		clock.advance(10);
		expect(job.status).toBe('stopped');
		machine.run(job, 'resume', undefined);
		machine.force(job, 'on_hold');
		clock.advance(1000);
		expect(job.status).toBe('on_hold');
		expect(log).toContain('dbmi job 20 → stopped');
	});
});

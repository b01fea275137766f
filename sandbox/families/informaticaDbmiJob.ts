/**
 * The Database Ingestion job state machine, without HTTP: the states, which action each state allows, the vendor's
 * refusal text, and each action's timed plan as data. `informaticaDbmi.ts` turns it into routes.
 *
 *   deploy:   processing_deploy → deployed                     (after runTimeMs / 2)
 *   start:    starting → running → completed | failed          (running at 10 %, the end at the run's time)
 *             CDC jobs (task mode CDC or CDC_COMBINED) stay `running` until stopped (a `failure` script still fails them)
 *   stop:     stopping → stopped                               (after runTimeMs / 10)
 *   resume:   like start (resuming → …), from stopped, failed or aborted
 *   undeploy: processing_undeploy → undeployed                 (after runTimeMs / 2; the task has no job any more)
 */
import type { ScriptedOutcome } from '../core/scripts';
import type { ScheduledTimer } from '../core/timers';

export type TaskMode = 'UNLOAD' | 'CDC' | 'CDC_COMBINED';

export interface DbmiTask {
	taskId: number;
	documentId: string;
	name: string;
	projectId: string;
	folderId: string;
	nativeData: Record<string, unknown>;
	taskMode: TaskMode;
	srcVendor: string;
	tgtVendor: string;
	tables: string[];
	createdTime: string;
	jobId?: number;
}

export interface TableProgress {
	srcName: string;
	tgtName: string;
	state: string;
	recordsRead: number;
	recordsWritten: number;
	inserts: number;
	updates: number;
	deletes: number;
	runId: number;
	duration: number;
}

export interface DbmiJob {
	jobId: number;
	taskId: number;
	assetName: string;
	status: string;
	deployTime?: string;
	startTime?: string;
	endTime?: string;
	errorMessage: string | null;
	lastAction: string;
	runId: number;
	runs: number;
	resumes: number;
	lastResumeOptions?: unknown;
	tables: TableProgress[];
	/** Run plan of the current run, for progress in metrics. */
	runStartedAt?: number;
	runTimeMs?: number;
	pending: ScheduledTimer[];
}

export const ACTIVE = new Set(['processing_deploy', 'starting', 'running', 'running_with_warning', 'on_hold', 'stopping', 'resuming', 'processing_undeploy']);
const ENDED = new Set(['completed', 'failed', 'stopped', 'aborted', 'undeployed']);

export type JobAction = 'start' | 'stop' | 'resume' | 'undeploy';

/** Which states each job action is accepted from, and the page's 409 text when it is not. In route order. */
export const JOB_ACTIONS: ReadonlyArray<{ action: JobAction; allowedFrom: ReadonlySet<string>; refusal: string }> = [
	{
		action: 'start',
		// Deployed and not active.
		allowedFrom: new Set(['deployed', 'completed', 'stopped', 'failed', 'aborted']),
		refusal: 'Job is already running or not in DEPLOYED state.',
	},
	{
		action: 'stop',
		allowedFrom: new Set(['starting', 'running', 'running_with_warning', 'on_hold', 'resuming']),
		refusal: 'Job associated with JobID is not in "RUNNING" state',
	},
	{
		action: 'resume',
		allowedFrom: new Set(['stopped', 'failed', 'aborted']),
		refusal: 'Cannot resume as job is already running or not in "STOPPED", "FAILED", or "ABORTED" state',
	},
	{
		action: 'undeploy',
		allowedFrom: new Set(['aborted', 'completed', 'deployed', 'failed', 'stopped']),
		refusal: 'Job associated with JobID is not in "STOPPED", "FAILED" or "ABORTED" state',
	},
];

/** One timed transition: enter `to` `atMs` after the action; `errorMessage` (when given) is set with it. */
export interface PlanStep {
	atMs: number;
	to: string;
	errorMessage?: string | null;
}

/** What an action does at once (`now`, `lastAction`), and later (`steps`). */
export interface Plan {
	now: string;
	lastAction?: string;
	steps: PlanStep[];
}

export const deployPlan = (runTimeMs: number): Plan => ({
	now: 'processing_deploy',
	lastAction: 'Job deployment was requested by a user.',
	steps: [{ atMs: runTimeMs / 2, to: 'deployed' }],
});

export const stopPlan = (runTimeMs: number): Plan => ({
	now: 'stopping',
	lastAction: 'Job was stopped by a user.',
	steps: [{ atMs: runTimeMs / 10, to: 'stopped' }],
});

export const undeployPlan = (runTimeMs: number): Plan => ({ now: 'processing_undeploy', steps: [{ atMs: runTimeMs / 2, to: 'undeployed' }] });

/** A start or resume: running at 10 % of the run time, the end at 100 % (none for a stuck run or a CDC success). */
export function runPlan(kind: 'start' | 'resume', runTimeMs: number, cdc: boolean, script: ScriptedOutcome | undefined, failedText: string): Plan {
	const warning = script?.outcome === 'warning';
	const steps: PlanStep[] = [
		warning
			? { atMs: runTimeMs * 0.1, to: 'running_with_warning', errorMessage: script?.message ?? 'Some tables reported warnings.' }
			: { atMs: runTimeMs * 0.1, to: 'running' },
	];
	if (script?.outcome === 'failure') steps.push({ atMs: runTimeMs, to: 'failed', errorMessage: script.message ?? failedText });
	else if (script?.outcome !== 'stuck' && !cdc) steps.push(warning ? { atMs: runTimeMs, to: 'completed' } : { atMs: runTimeMs, to: 'completed', errorMessage: null });
	return {
		now: kind === 'start' ? 'starting' : 'resuming',
		lastAction: kind === 'start' ? 'Job was started by a user.' : 'Job was resumed by a user.',
		steps,
	};
}

/** What a status change does to the job's record: tables, end time, error message, deploy time, last action. */
export function applyStatus(job: DbmiJob, to: string, nowIso: string, errorMessage?: string | null): void {
	job.status = to;
	if (to === 'running' || to === 'running_with_warning') {
		for (const t of job.tables) if (t.state === 'QUEUED' || t.state === 'NOT_STARTED') t.state = 'RUNNING';
	}
	if (ENDED.has(to) && to !== 'undeployed') {
		job.endTime = nowIso;
		let failedOne = false;
		for (const t of job.tables) {
			if (to === 'completed') {
				t.state = 'COMPLETED';
				t.recordsRead = t.recordsWritten = t.inserts;
			} else if (t.state !== 'COMPLETED') {
				// A failed run: the first unfinished table is in error, the others stopped.
				t.state = to === 'failed' && !failedOne ? 'ERROR' : 'STOPPED';
				if (to === 'failed') failedOne = true;
			}
		}
	}
	if (errorMessage !== undefined) job.errorMessage = errorMessage;
	if (to === 'deployed') {
		job.deployTime ??= nowIso;
		job.lastAction = 'Job was deployed by a user.';
	}
	if (to === 'undeployed') job.lastAction = 'Job was undeployed by a user.';
}

export interface MachineDeps {
	schedule(ms: number, fn: () => void): ScheduledTimer;
	now(): number;
	iso(): string;
	log(line: string): void;
	/** The live default run time (deploy, stop and undeploy take shares of it). */
	runTimeMs(): number;
	task(taskId: number): DbmiTask | undefined;
}

const FIRST_JOB_ID = 20;
const FIRST_RUN_ID = 570;

/** The jobs and their timers. Every run (start or resume) takes the next run id, shared by all jobs. */
export class DbmiJobMachine {
	readonly jobs = new Map<number, DbmiJob>();
	private nextJobId = FIRST_JOB_ID;
	private nextRunId = FIRST_RUN_ID;

	constructor(private readonly deps: MachineDeps) {}

	reset(): void {
		for (const job of this.jobs.values()) this.clearPending(job);
		this.jobs.clear();
		this.nextJobId = FIRST_JOB_ID;
		this.nextRunId = FIRST_RUN_ID;
	}

	/** A job record for a task (seed data gives the id and status; a deploy takes the next id). */
	addJob(task: DbmiTask, status: string, jobId = this.nextJobId++): DbmiJob {
		const job: DbmiJob = {
			jobId,
			taskId: task.taskId,
			assetName: `${task.name}_${jobId}`,
			status,
			errorMessage: null,
			lastAction: 'Job was deployed by a user.',
			runId: 0,
			runs: 0,
			resumes: 0,
			tables: [],
			pending: [],
		};
		this.jobs.set(jobId, job);
		task.jobId = jobId;
		return job;
	}

	deploy(task: DbmiTask): DbmiJob {
		const existing = task.jobId !== undefined ? this.jobs.get(task.jobId) : undefined;
		const job = existing && existing.status !== 'undeployed' ? existing : this.addJob(task, 'processing_deploy');
		this.follow(job, deployPlan(this.deps.runTimeMs()));
		return job;
	}

	/** A start or a resume; `script` is the run's scripted outcome (taken by the caller). */
	run(job: DbmiJob, kind: 'start' | 'resume', script: ScriptedOutcome | undefined): void {
		const task = this.deps.task(job.taskId)!;
		const runTime = script?.runTimeMs ?? this.deps.runTimeMs();
		const cdc = task.taskMode !== 'UNLOAD';
		job.runId = this.nextRunId++;
		job.runs++;
		job.startTime = this.deps.iso();
		job.endTime = undefined;
		job.errorMessage = null;
		job.runStartedAt = this.deps.now();
		job.runTimeMs = runTime;
		if (kind === 'start' || job.tables.length === 0) {
			job.tables = task.tables.map((table, i) => ({
				srcName: table,
				tgtName: `TARGET.${table.split('.').pop()}`,
				state: 'QUEUED',
				recordsRead: 0,
				recordsWritten: 0,
				inserts: 100 + i * 37,
				updates: cdc ? i * 3 : 0,
				deletes: cdc ? i : 0,
				runId: job.runId * 10 + i,
				duration: 0,
			}));
		} else {
			for (const t of job.tables) if (t.state !== 'COMPLETED') t.state = 'QUEUED';
		}
		this.follow(job, runPlan(kind, runTime, cdc, script, `Run ${job.runId} of job ${job.assetName} failed.`));
	}

	stop(job: DbmiJob): void {
		this.follow(job, stopPlan(this.deps.runTimeMs()));
	}

	undeploy(job: DbmiJob): void {
		this.follow(job, undeployPlan(this.deps.runTimeMs()));
	}

	/** A forced state (control API): the pending steps are dropped. */
	force(job: DbmiJob, to: string): void {
		this.clearPending(job);
		this.enter(job, to);
	}

	private follow(job: DbmiJob, plan: Plan): void {
		this.clearPending(job);
		job.status = plan.now;
		if (plan.lastAction !== undefined) job.lastAction = plan.lastAction;
		for (const step of plan.steps) {
			job.pending.push(this.deps.schedule(Math.max(1, Math.round(step.atMs)), () => this.enter(job, step.to, step.errorMessage)));
		}
	}

	private enter(job: DbmiJob, to: string, errorMessage?: string | null): void {
		applyStatus(job, to, this.deps.iso(), errorMessage);
		const task = this.deps.task(job.taskId);
		if (to === 'deployed' && task) task.jobId = job.jobId;
		if (to === 'undeployed' && task && task.jobId === job.jobId) task.jobId = undefined;
		if (ENDED.has(to) || to === 'deployed') this.clearPending(job);
		this.deps.log(`dbmi job ${job.jobId} → ${to}`);
	}

	private clearPending(job: DbmiJob): void {
		for (const timer of job.pending) timer.cancel();
		job.pending = [];
	}
}

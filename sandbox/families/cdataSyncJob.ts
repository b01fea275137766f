/**
 * A CData Sync job as the sandbox keeps it (workspace, tasks, runs, history) and the answer shapes the routes send:
 * plain functions of the record and the clock; no HTTP here.
 */
import type { SandboxContext } from '../core/context';
import type { LifecycleJob } from '../core/lifecycle';

export const CDATA_STATUS = { none: 'None', starting: 'Starting', running: 'Running', success: 'Successful', failed: 'Failed', cancelled: 'Cancelled', warning: 'Warning' } as const;

export interface Workspace {
	id: string;
	name: string;
	is_default: boolean;
	created_at: string;
	updated_at: string;
}

export interface Task {
	id: string;
	job_id: string;
	query: string;
	is_active: boolean;
	created_at: string;
	updated_at: string;
}

export interface HistoryRecord {
	Id: string;
	JobId: string;
	JobName: string;
	RunStartDate: string;
	Status: string;
	Details: string;
	Runtime: number | null;
	RecordsAffected: number;
	LogFile: string;
}

export interface TaskHistoryRecord extends HistoryRecord {
	TaskId: string;
	Query: string;
}

export interface Run {
	history: HistoryRecord;
	lifecycle: LifecycleJob<string>;
	taskIds: string[];
	startedAt: number;
	endedAt?: number;
}

export interface Job {
	id: string;
	workspace_id: string;
	name: string;
	type: string;
	source_connection: { id: string; name: string } | null;
	destination_connection: { id: string; name: string } | null;
	schedule: { enabled: boolean; cron: string };
	settings: Record<string, unknown>;
	tasks: Task[];
	created_at: string;
	updated_at: string;
	run?: Run;
	history: HistoryRecord[];
	taskHistory: TaskHistoryRecord[];
}

export type Clock = SandboxContext['clock'];

/** A job with no runs, tasks or settings yet: what create and the seed data fill in. */
export function newJob(fields: Pick<Job, 'id' | 'workspace_id' | 'name' | 'type' | 'source_connection' | 'destination_connection'>, stamp: string): Job {
	return {
		...fields,
		schedule: { enabled: false, cron: '' },
		settings: {},
		tasks: [],
		created_at: stamp,
		updated_at: stamp,
		history: [],
		taskHistory: [],
	};
}

/** A job history record; the log file is named after the job and the run's start. */
export function historyRecord(id: string, job: Job, startedAt: number, clock: Clock, outcome: Pick<HistoryRecord, 'Status' | 'Details' | 'Runtime' | 'RecordsAffected'>): HistoryRecord {
	return { Id: id, JobId: job.id, JobName: job.name, RunStartDate: clock.iso(startedAt), ...outcome, LogFile: `${job.name}_${startedAt}.log` };
}

export const isRunning = (job: Job) => !!job.run && !job.run.lifecycle.finished;

export const taskJson = (job: Job, task: Task) => ({ ...task, index: job.tasks.indexOf(task) });

export const jobJson = (job: Job) => ({
	id: job.id,
	name: job.name,
	type: job.type,
	workspace_id: job.workspace_id,
	source_connection: job.source_connection,
	destination_connection: job.destination_connection,
	schedule: job.schedule,
	...job.settings,
	task_count: job.tasks.length,
	created_at: job.created_at,
	updated_at: job.updated_at,
});

export function statusJson(job: Job, clock: Clock) {
	const run = job.run;
	const last = job.history[0];
	if (!run && !last) return { job_id: job.id, job_name: job.name, status: CDATA_STATUS.none, run_id: null, run_start_date: null, run_end_date: null, details: '' };
	if (!run) {
		const end = Date.parse(last.RunStartDate) + (last.Runtime ?? 0);
		return {
			job_id: job.id,
			job_name: job.name,
			status: last.Status,
			run_id: last.Id,
			run_start_date: last.RunStartDate,
			run_end_date: clock.iso(end),
			details: last.Details,
			records_affected: last.RecordsAffected,
		};
	}
	return {
		job_id: job.id,
		job_name: job.name,
		status: run.lifecycle.state,
		run_id: run.history.Id,
		run_start_date: run.history.RunStartDate,
		run_end_date: run.endedAt ? clock.iso(run.endedAt) : null,
		details: run.history.Details,
		tasks_total: run.taskIds.length,
		records_affected: run.history.RecordsAffected,
	};
}

/** GET tasks/last-run: each task with its newest task-history record. */
export const lastRunJson = (job: Job) =>
	job.tasks.map((task) => {
		const last = job.taskHistory.find((h) => h.TaskId === task.id);
		return {
			task_id: task.id,
			query: task.query,
			status: last?.Status ?? CDATA_STATUS.none,
			run_start_date: last?.RunStartDate ?? null,
			details: last?.Details ?? '',
			records_affected: last?.RecordsAffected ?? 0,
		};
	});

/** Writes create/update fields (already read by `readBody`) onto the job. */
export function applySettings(job: Job, fields: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'name') job.name = String(value);
		else if (key === 'type') job.type = String(value);
		else if (key === 'schedule') job.schedule = { ...job.schedule, ...(value as object) };
		else if (key === 'cron') job.schedule = { ...job.schedule, cron: String(value) };
		else if (key === 'source_connection_id') job.source_connection = { id: String(value), name: job.source_connection?.name ?? '' };
		else if (key === 'destination_connection_id') job.destination_connection = { id: String(value), name: job.destination_connection?.name ?? '' };
		else if (key === 'source_connection' || key === 'destination_connection') {
			const conn = typeof value === 'string' ? { id: value, name: '' } : { id: String((value as { id: string }).id), name: String((value as { name?: string }).name ?? '') };
			job[key] = conn;
		} else if (key === 'queries') continue;
		else job.settings[key] = value;
	}
}

/**
 * Views of a Database Ingestion job as the page's examples show them: job/status, job/metrics, the job's log.
 * Plain functions of the job record and the clock; no HTTP here.
 */
import type { DbmiJob, DbmiTask, TableProgress } from './informaticaDbmiJob';

export const SORT_FIELDS = ['srcTable', 'tgtTable', 'state', 'recordsRead', 'recordsWritten'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** metricsOptions, checked by the route. */
export interface MetricsQuery {
	limit: number;
	offset: number;
	sortField?: SortField;
	descending: boolean;
	stateFilter?: string;
	search: string;
}

export function jobConfig(job: DbmiJob, task: DbmiTask) {
	return {
		taskId: task.documentId,
		taskMode: task.taskMode,
		srcConnId: '0100010B000000000002',
		tgtConnId: '0100010B000000000003',
		deployTime: job.deployTime ?? null,
		schedulerJobName: null,
		schedulerId: '',
		agentId: '',
		isRunOnOtherAgentEnabled: false,
		isServerless: false,
		deployVersion: '58.0.0-SNAPSHOT',
		featureTags: null,
		srcVendor: task.srcVendor,
		tgtVendor: task.tgtVendor,
		cdcGroupJobId: null,
		cdcGroupInmdtStrgConId: null,
		mapOfApplyJobDetails: {},
	};
}

export function durationSeconds(job: DbmiJob, now: number): number {
	if (!job.startTime) return 0;
	const end = job.endTime ? Date.parse(job.endTime) : now;
	return Math.max(0, Math.round((end - Date.parse(job.startTime)) / 1000));
}

export const statusView = (job: DbmiJob, task: DbmiTask, now: number) => ({
	jobId: job.jobId,
	assetName: job.assetName,
	assetType: 'DBMI_TASK',
	startedBy: 'sandbox@example.com',
	orgId: '2HimcQ9cXW5kLUCOUkXGi8',
	runtimeEnv: '01000125000000000002',
	status: job.status,
	durationInSeconds: durationSeconds(job, now),
	endTime: job.endTime ?? null,
	location: 'Default',
	startTime: job.startTime ?? null,
	errorMessage: job.errorMessage,
	lastAction: job.lastAction,
	jobConfig: jobConfig(job, task),
});

/** Progress of the running tables, derived from the time the run has had. */
export function refreshProgress(job: DbmiJob, now: number): void {
	if (!job.runStartedAt || !job.runTimeMs) return;
	const share = Math.min(1, (now - job.runStartedAt) / job.runTimeMs);
	job.tables.forEach((t) => {
		if (t.state === 'RUNNING') {
			t.recordsRead = Math.round(t.inserts * share);
			t.recordsWritten = t.recordsRead;
			t.duration = now - job.runStartedAt!;
		}
	});
}

function metricsEntry(job: DbmiJob, task: DbmiTask, t: TableProgress, now: number) {
	const base = {
		jobName: job.assetName,
		taskName: task.taskMode === 'UNLOAD' ? `UNLOAD-${task.srcVendor}-${t.srcName.split('.').pop()}` : task.taskMode,
		runId: String(t.runId),
		recordsRead: t.recordsRead,
		recordsWritten: t.recordsWritten,
		duration: t.duration,
	};
	if (task.taskMode === 'UNLOAD') {
		return {
			...base,
			captureProgress: null,
			subTasks: [
				{ srcName: t.srcName, tgtName: t.tgtName, state: t.state, inserts: 0, updates: 0, deletes: 0, unloadCount: t.recordsRead, lobs: 0 },
			],
		};
	}
	// The CDC example spells these keys capitalised, with spaces.
	return {
		...base,
		captureProgress: { sourceTime: (job.startTime ?? new Date(now).toISOString()).replace(/[-:T]/g, '').slice(0, 14) },
		subTasks: [
			{
				srcName: t.srcName,
				tgtName: t.tgtName,
				state: t.state,
				Inserts: t.recordsRead,
				Updates: t.updates,
				Deletes: t.deletes,
				LOBs: 0,
				'Unload Count': 0,
				'Transition State': 'Normal',
				'Transition State Error Detail': '',
				'Transition State Count': '',
				'Unload Identifier': `${job.jobId}${t.runId}`.padEnd(32, '0'),
			},
		],
	};
}

/** The job/metrics answer: the filtered, sorted page of tables, counts over all that match, throughput. */
export function metricsAnswer(job: DbmiJob, task: DbmiTask, query: MetricsQuery, now: number) {
	const { limit, offset, sortField, descending, stateFilter, search } = query;
	refreshProgress(job, now);
	let tables = job.tables.filter(
		(t) =>
			(!stateFilter || t.state === stateFilter) &&
			(!search || t.srcName.toLowerCase().includes(search) || t.tgtName.toLowerCase().includes(search)),
	);
	if (sortField) {
		const key = (t: TableProgress): string | number =>
			sortField === 'srcTable' ? t.srcName : sortField === 'tgtTable' ? t.tgtName : sortField === 'state' ? t.state : t[sortField];
		tables = [...tables].sort((a, b2) => {
			const [x, y] = [key(a), key(b2)];
			const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
			return descending ? -c : c;
		});
	}
	const page = tables.slice(offset, offset + limit);
	const statusCounts = new Map<string, number>();
	for (const t of tables) statusCounts.set(t.state, (statusCounts.get(t.state) ?? 0) + 1);
	const totalRead = task.taskMode === 'UNLOAD' ? tables.reduce((s, t) => s + t.recordsRead, 0) : 0;
	const totalWritten = task.taskMode === 'UNLOAD' ? tables.reduce((s, t) => s + t.recordsWritten, 0) : 0;
	const seconds = Math.max(1, durationSeconds(job, now));
	return {
		jobInfo: {
			jobId: job.jobId,
			runId: job.runId,
			assetId: `${task.documentId}_${job.jobId}`,
			jobName: job.assetName,
			assetName: job.assetName,
			assetType: 'DBMI_TASK',
			startedBy: 'sandbox@example.com',
			correlationId: `${task.documentId.slice(0, 16)}_DBMI`,
			orgId: '2HimcQ9cXW5kLUCOUkXGi8',
			runtimeEnv: '01000125000000000002',
			status: job.status,
			duration: seconds,
			endTime: job.endTime ?? null,
			jobConfig: jobConfig(job, task),
			location: 'Default',
			startTime: job.startTime ?? null,
		},
		metricsInfo: page.map((t) => metricsEntry(job, task, t, now)),
		counts: {
			total: tables.length,
			statusCounts: [...statusCounts.entries()].map(([status, counts]) => ({ status, counts })),
			totalUnload: { totalRead, totalWritten },
		},
		currentThroughput: job.tables.reduce((s, t) => s + t.recordsWritten, 0) / seconds,
	};
}

/** job/{jobId}/log: a path on the agent's machine after a run, else errorMessage with the run ID (page lines 960-972). */
export function logAnswer(job: DbmiJob, task: DbmiTask) {
	if (job.runs === 0) {
		return { agentId: null, logPath: null, errorMessage: `Unable to obtain log path for ingestion job '${job.assetName}' with run ID ${job.runId}` };
	}
	return {
		agentId: '01000308000000000002',
		logPath: `C:\\DBMI_Agents\\Sandbox\\apps\\Database_Ingestion\\logs\\tasks\\${job.assetName}-${task.taskMode}-${job.runId}.log`,
		errorMessage: null,
	};
}

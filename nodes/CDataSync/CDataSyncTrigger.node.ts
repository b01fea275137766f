import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../shared/jobOutcome';
import type { WatchedRun } from '../shared/statusWatch';
import { outcomeFilter, outcomeFilterProperty, watchStatus } from '../shared/statusWatch';
import { workspaceLocator } from './actions/fields';
import { pathSegment } from '../shared/parameters';
import { getJobs, searchWorkspaces } from './methods/listSearch';
import { field, outcomeFrom } from './outcome';
import { asList, cdataSyncRequest } from './transport';
import { mapWithConcurrency } from '../shared/concurrency';


/** A job deleted since the listing (or a selected job that no longer exists) is skipped, not a failed poll. */
async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw error;
	});
}

const startOf = (outcome: JobOutcome) => Date.parse(outcome.startedAt ?? '') || undefined;

/** One run of a job: a history record, with the status answer on top when it is the job's current run. */
function toRun(job: IDataObject, jobId: string, record: IDataObject | undefined, status: IDataObject | undefined): WatchedRun {
	const fromStatus = status ? outcomeFrom(status, jobId).outcome : undefined;
	const fromRecord = record ? outcomeFrom(record, jobId).outcome : undefined;
	// The status answer is the fresher reading of the current run; the history record has the details.
	const outcome: JobOutcome = { ...(fromRecord ?? fromStatus)!, ...(fromStatus ?? {}) };
	if (fromRecord) {
		outcome.runId = fromRecord.runId ?? outcome.runId;
		outcome.startedAt = fromRecord.startedAt ?? outcome.startedAt;
		outcome.endedAt = outcome.endedAt ?? fromRecord.endedAt;
		if (!outcome.error && fromRecord.error) outcome.error = fromRecord.error;
	}
	outcome.name = outcome.name ?? (job.name !== undefined ? String(job.name) : fromRecord?.name);
	const data: IDataObject = { job: Object.keys(job).length > 1 ? job : { id: jobId, name: outcome.name ?? null }, status: status ?? null };
	const details = field(record, 'details') ?? field(status, 'details');
	if (record) {
		data.latestHistory = record;
		data.recordsAffected = (field(record, 'records_affected', 'recordsaffected') as number | undefined) ?? null;
		data.logFile = (field(record, 'log_file', 'logfile') as string | undefined) ?? null;
		data.details = details === undefined ? null : String(details);
	} else if (details !== undefined) {
		data.details = String(details);
	}
	const marker = outcome.startedAt ?? outcome.runId ?? '';
	return { key: `${jobId}:${marker}`, job: jobId, state: outcome.rawStatus, outcome, data, sortTime: startOf(outcome) };
}

/** Whether a history record and the status answer describe the same run. */
function sameRun(record: IDataObject, status: IDataObject, jobId: string): boolean {
	const a = outcomeFrom(record, jobId).outcome;
	const b = outcomeFrom(status, jobId).outcome;
	if (a.startedAt && b.startedAt) return a.startedAt === b.startedAt;
	return a.runId !== undefined && a.runId === b.runId;
}

export class CDataSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CData Sync Trigger',
		name: 'cDataSyncTrigger',
		icon: { light: 'file:cDataSync.svg', dark: 'file:cDataSync.dark.svg' },
		group: ['trigger'],
		version: 1,
		// n8n's node search shows an app and its trigger as one entry, with the trigger's description: it says both.
		description: 'Run, wait for and manage CData Sync jobs and tasks (REST API V2); this trigger starts the workflow when a job changes status (started, succeeded, partly failed, failed)',
		subtitle: '={{"Watch " + ($parameter["watch"] === "workspace" ? "workspace" : "selected jobs")}}',
		defaults: { name: 'CData Sync Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cDataSyncApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				default: 'workspace',
				options: [
					{ name: 'All Jobs of a Workspace', value: 'workspace' },
					{ name: 'Selected Jobs', value: 'selectedJobs' },
				],
			},
			{ ...workspaceLocator({ watch: ['workspace'] }), description: 'The workspace whose jobs to watch' },
			{
				displayName: 'Job Names or IDs',
				name: 'jobIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getJobs' },
				default: [],
				required: true,
				description: 'The jobs to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { watch: ['selectedJobs'] } },
			},
			outcomeFilterProperty(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Parallel Status Reads',
						name: 'parallelReads',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 16 },
						default: 4,
						description: 'How many jobs are read at the same time in one poll',
					},
				],
			},
		],
	};

	methods = { listSearch: { searchWorkspaces }, loadOptions: { getJobs } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch', 'workspace') as string;
		const outcomes = outcomeFilter(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const parallel = Math.max(1, Math.min(16, Number(options.parallelReads ?? 4) || 4));
		const manual = this.getMode() === 'manual';

		let jobs: IDataObject[];
		if (watch === 'workspace') {
			const workspaceId = String(this.getNodeParameter('workspace', '', { extractValue: true }) ?? '').trim();
			if (!workspaceId) throw new NodeOperationError(this.getNode(), 'The "Workspace" parameter is empty', { description: 'Pick the workspace whose jobs to watch.' });
			jobs = [];
		} else {
			const raw = this.getNodeParameter('jobIds', []) as string[] | string;
			const ids = (Array.isArray(raw) ? raw : String(raw).split(',')).map((id) => String(id).trim()).filter((id) => id !== '');
			if (ids.length === 0) throw new NodeOperationError(this.getNode(), 'The "Job Names or IDs" parameter is empty', { description: 'Select at least one job to watch.' });
			jobs = ids.map((id) => ({ id }));
		}

		return await watchStatus(
			this,
			async (_cursor, firstPoll, previous) => {
				if (watch === 'workspace') {
					const workspaceId = String(this.getNodeParameter('workspace', '', { extractValue: true })).trim();
					jobs = asList(await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/workspaces/${pathSegment(workspaceId)}/jobs`, action: `listing the jobs of workspace ${workspaceId}` }));
				}
				const fingerprints: Record<string, string> = {};
				// Past the poll's budget (n8n 2.41) no new job is read (a job begun is finished: its history read fits in the
				// budget's reserve): those keep their saved cursor and come first next poll.
				const order = previous.longestUnreadFirst(jobs, (job) => String(job.id));
				const perJob = await mapWithConcurrency(order, parallel, async (job): Promise<WatchedRun[]> => {
					const jobId = String(job.id);
					if (!previous.timeLeft()) return [];
					const status = await unlessNotFound(
						cdataSyncRequest<IDataObject>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/status`, action: `reading the status of job ${jobId}` }),
					);
					if (!status) return [];
					const { outcome, status: parsed } = outcomeFrom(status, jobId);
					const marker = outcome.runId ?? outcome.startedAt;
					const fingerprint = `${parsed.rawStatus}|${marker ?? ''}`;
					fingerprints[jobId] = fingerprint;
					if (parsed.status === undefined) return [];
					// The history is read only when the job's status or run changed since the last poll (or carries no run marker):
					// it holds every run, so runs that began and ended between two polls are seen too.
					const unchanged = !manual && marker !== undefined && previous.job(jobId)?.q === fingerprint;
					if (unchanged || (firstPoll && marker !== undefined && !manual)) return [toRun(job, jobId, undefined, status)];
					const records = await unlessNotFound(
						cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/history`, action: `reading the history of job ${jobId}` }),
					);
					if (records === undefined) return [];
					const list = asList(records);
					const current = list.find((record) => sameRun(record, status, jobId));
					// A test event shows each job's current run only.
					if (manual) return [toRun(job, jobId, current, status)];
					const since = previous.job(jobId)?.at ?? 0;
					const runs = list
						.filter((record) => (startOf(outcomeFrom(record, jobId).outcome) ?? Infinity) >= since)
						.map((record) => toRun(job, jobId, record, sameRun(record, status, jobId) ? status : undefined));
					if (!current) runs.push(toRun(job, jobId, undefined, status));
					return runs;
				});
				return { runs: perJob.flat(), fingerprints, scope: jobs.map((job) => String(job.id)) };
			},
			{ outcomes },
		);
	}
}

import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { JobStatus } from '../shared/jobOutcome';
import type { WatchedRun } from '../shared/statusWatch';
import { outcomeFilterProperty, watchStatus } from '../shared/statusWatch';
import { workspaceLocator } from './actions/common';
import { getJobs, searchWorkspaces } from './methods/listSearch';
import { field, outcomeFrom } from './outcome';
import { asList, cdataSyncRequest, segment } from './transport';
import { mapWithConcurrency } from '../shared/concurrency';


/** A job deleted since the listing (or a selected job that no longer exists) is skipped, not a failed poll. */
async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.catch((error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw error;
	});
}

function latestRecord(records: IDataObject[]): IDataObject | undefined {
	const time = (r: IDataObject) => Date.parse(String(field(r, 'run_start_date', 'runstartdate') ?? '')) || 0;
	return [...records].sort((a, b) => time(b) - time(a))[0];
}

export class CDataSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CData Sync Trigger',
		name: 'cDataSyncTrigger',
		icon: { light: 'file:cDataSync.svg', dark: 'file:cDataSync.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when a CData Sync job changes status (started, succeeded, partly failed, failed)',
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
		const outcomes = this.getNodeParameter('outcomes', []) as JobStatus[];
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
			async (_cursor, firstPoll, previousState) => {
				if (watch === 'workspace') {
					const workspaceId = String(this.getNodeParameter('workspace', '', { extractValue: true })).trim();
					jobs = asList(await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/workspaces/${segment(workspaceId)}/jobs`, action: `listing the jobs of workspace ${workspaceId}` }));
				}
				const runs = await mapWithConcurrency(jobs, parallel, async (job): Promise<WatchedRun | undefined> => {
					const jobId = String(job.id);
					const status = await unlessNotFound(
						cdataSyncRequest<IDataObject>(this, { method: 'GET', path: `/jobs/${segment(jobId)}/status`, action: `reading the status of job ${jobId}` }),
					);
					if (!status) return undefined;
					const { outcome, status: parsed } = outcomeFrom(status, jobId);
					if (parsed.status === undefined) return undefined;
					const marker = outcome.runId ?? outcome.startedAt;
					let history: IDataObject | undefined;
					const terminal = parsed.status !== 'running';
					const quickState = `${parsed.rawStatus}|${marker ?? ''}`;
					// History only for a finished run that is new since the last poll (or when the status carries no run marker).
					if (terminal && (!marker || manual || (!firstPoll && previousState(jobId) !== quickState))) {
						const records = await unlessNotFound(
							cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${segment(jobId)}/history`, action: `reading the history of job ${jobId}` }),
						);
						if (records === undefined) return undefined;
						history = latestRecord(asList(records));
					}
					const historyOutcome = history ? outcomeFrom(history, jobId).outcome : undefined;
					const runMarker = marker ?? historyOutcome?.runId ?? '';
					const state = `${parsed.rawStatus}|${runMarker}`;
					const details = field(history, 'details') ?? field(status, 'details');
					if (!outcome.error && historyOutcome?.error) outcome.error = historyOutcome.error;
					outcome.name = outcome.name ?? (job.name !== undefined ? String(job.name) : historyOutcome?.name);
					outcome.startedAt = outcome.startedAt ?? historyOutcome?.startedAt;
					outcome.endedAt = outcome.endedAt ?? historyOutcome?.endedAt;
					outcome.runId = outcome.runId ?? historyOutcome?.runId;
					const data: IDataObject = { job: Object.keys(job).length > 1 ? job : { id: jobId, name: outcome.name ?? null }, status };
					if (history) {
						data.latestHistory = history;
						data.details = details === undefined ? null : String(details);
						data.recordsAffected = (field(history, 'records_affected', 'recordsaffected') as number | undefined) ?? null;
						data.logFile = (field(history, 'log_file', 'logfile') as string | undefined) ?? null;
					} else if (details !== undefined) {
						data.details = String(details);
					}
					return { key: jobId, state, outcome, data, sortTime: Date.parse(outcome.startedAt ?? '') || undefined };
				});
				return { runs: runs.filter((r): r is WatchedRun => r !== undefined) };
			},
			{ outcomes },
		);
	}
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { waitForJob, waitResultToJson } from '../../../shared/waitForJob';
import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { outcomeFrom, withOutcome } from '../../outcome';
import { cdataSyncRequest, segment } from '../../transport';
import { jobLocator, requiredId } from '../common';

const show = { resource: ['job'], operation: ['execute'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	{
		displayName: 'Task IDs',
		name: 'taskIds',
		type: 'string',
		default: '',
		placeholder: '870237973789151200, 870875808946851841',
		description: 'Run only these tasks of the job (IDs separated by commas). Leave empty to run all active tasks.',
		displayOptions: { show },
	},
	...waitForCompletionProperties(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const tasks = String(this.getNodeParameter('taskIds', itemIndex, '') ?? '')
		.split(/[,\s]+/)
		.map((t) => t.trim())
		.filter((t) => t !== '');
	const wait = readWaitOptions(this, itemIndex);
	const started = await cdataSyncRequest<IDataObject>(
		this,
		{ method: 'POST', path: `/jobs/${segment(jobId)}/execute`, body: tasks.length ? { tasks } : {}, allowEmptyBody: true, action: `starting job ${jobId}` },
		{ itemIndex },
	);
	const hasAnswer = Object.keys(started).length > 0;
	if (!wait) return hasAnswer ? withOutcome(started, jobId) : { jobId, started: true, tasks };

	const initial = hasAnswer ? outcomeFrom(started, jobId).outcome : undefined;
	const startedRunId = initial?.runId;
	const label = initial?.name ? `job "${initial.name}" (${jobId})` : `job ${jobId}`;
	const readStatus = async (): Promise<JobOutcome> => {
		const status = await cdataSyncRequest<IDataObject>(this, { method: 'GET', path: `/jobs/${segment(jobId)}/status`, retry: { maxRetries: 1 } }, { itemIndex });
		const { outcome, status: parsed } = outcomeFrom(status, jobId);
		// Right after the start the status may still describe the previous run: it is not this run's end.
		if (parsed.status === undefined || (startedRunId && outcome.runId && outcome.runId !== startedRunId)) {
			return { ...outcome, status: 'running', rawStatus: parsed.rawStatus || 'Starting' };
		}
		return outcome;
	};
	const cancelJob = async () => {
		await cdataSyncRequest(this, { method: 'POST', path: `/jobs/${segment(jobId)}/cancel`, allowEmptyBody: true, action: `cancelling job ${jobId}` }, { itemIndex });
	};
	const result = await waitForJob({ readStatus, cancelJob, initial: initial && initial.status === 'running' ? initial : undefined, label }, wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const json = waitResultToJson(result);
	json.jobId = jobId;
	if (tasks.length) json.tasks = tasks;
	return json;
}

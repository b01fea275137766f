import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pathSegment, requiredId } from '../../../shared/parameters';
import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { waitForJob, waitResultToJson } from '../../../shared/waitForJob';
import { outcomeFrom, staleAfterStart, withOutcome } from '../../outcome';
import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { executeJob, readJobStatus } from './api';

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

function readTaskIds(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return String(ctx.getNodeParameter('taskIds', itemIndex, '') ?? '')
		.split(/[,\s]+/)
		.map((t) => t.trim())
		.filter((t) => t !== '');
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const tasks = readTaskIds(this, itemIndex);
	const wait = readWaitOptions(this, itemIndex);
	const started = await executeJob(this, itemIndex, jobId, tasks);
	const hasAnswer = Object.keys(started).length > 0;
	if (!wait) return hasAnswer ? withOutcome(started, jobId) : { jobId, started: true, tasks };

	const initial = hasAnswer ? outcomeFrom(started, jobId).outcome : undefined;
	const result = await waitForJob(
		{
			label: initial?.name ? `job "${initial.name}" (${jobId})` : `job ${jobId}`,
			initial: initial && initial.status === 'running' ? initial : undefined,
			readStatus: async () => outcomeFrom(await readJobStatus(this, itemIndex, jobId, 1), jobId).outcome,
			stale: staleAfterStart(initial?.runId),
			cancelJob: async () => {
				await cdataSyncRequest(this, { method: 'POST', path: `/jobs/${pathSegment(jobId)}/cancel`, allowEmptyBody: true, action: `cancelling job ${jobId}` }, { itemIndex });
			},
		},
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const json = waitResultToJson(result);
	json.jobId = jobId;
	if (tasks.length) json.tasks = tasks;
	return json;
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions, startRunProperties } from '../../../shared/jobRunDescription';
import { requiredId } from '../../../shared/parameters';
import { withOutcome } from '../../outcome';
import { jobLocator } from '../fields';
import { cdataJobControl } from './run';

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
	...startRunProperties(show),
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
	const wait = readRunWaitOptions(this, itemIndex);
	const policy = readRunPolicy(this, itemIndex);
	const result = await startOrAttach(cdataJobControl(this, itemIndex, jobId, tasks), policy, wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const run = jobRunToJson(result);
	const answer = result.answer ?? {};
	const hasAnswer = Object.keys(answer).length > 0;
	const json: IDataObject = wait || !hasAnswer ? run : { ...withOutcome(answer, jobId), ...run };
	json.jobId = jobId;
	if (!wait && !hasAnswer && result.startedByThisItem) json.started = true;
	if (tasks.length || (!wait && !hasAnswer)) json.tasks = tasks;
	return json;
}

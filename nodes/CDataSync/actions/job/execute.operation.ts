import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions, startRunProperties } from '../../../shared/jobRunDescription';
import { optionalText, requiredId } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';
import { outcomeFrom, withOutcome } from '../../outcome';
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

/** Task IDs are Sync's numeric ids (letters, digits, "-" and "_" accepted): anything else is a typo, not a task. */
const TASK_ID = /^[A-Za-z0-9_-]+$/;

function readTaskIds(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const tasks = optionalText(ctx, itemIndex, 'taskIds', 'Task IDs')
		.split(/[,\s]+/)
		.map((t) => t.trim())
		.filter((t) => t !== '');
	const bad = tasks.find((t) => !TASK_ID.test(t));
	if (bad !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `"Task IDs" contains "${bad}", which is not a task ID`, {
			itemIndex,
			description: 'Separate task IDs with commas or spaces, e.g. 870237973789151200, 870875808946851841; leave the field empty to run all active tasks.',
		});
	}
	return tasks;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const tasks = readTaskIds(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const policy = readRunPolicy(this, itemIndex);
	const control = cdataJobControl(this, itemIndex, jobId, tasks);
	const result = await startOrAttach(control, policy, wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const run = jobRunToJson(result);
	const answer = result.answer ?? {};
	const hasAnswer = Object.keys(answer).length > 0;
	// After a wait, the status answer that ended it carries Sync's own fields (details, records affected, failed and total
	// tasks of "n of m Tasks Failed"): kept under the package's fields, as Get Status shows them.
	const last = wait ? control.lastStatus() : undefined;
	const final = last && outcomeFrom(last, jobId).outcome;
	const sameRun = final !== undefined && final.rawStatus === run.rawStatus && (final.runId ?? final.startedAt) === (run.runId ?? run.startedAt);
	const json: IDataObject = sameRun && last ? withFields(withOutcome(last, jobId), run) : wait || !hasAnswer ? run : withFields(withOutcome(answer, jobId), run);
	json.jobId = jobId;
	if (!wait && !hasAnswer && result.startedByThisItem) json.started = true;
	if (tasks.length || (!wait && !hasAnswer)) json.tasks = tasks;
	return json;
}

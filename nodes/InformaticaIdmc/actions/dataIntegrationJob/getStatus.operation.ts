import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contextOutlivingCancel } from '../../../shared/afterCancel';
import { outcomeToJson } from '../../../shared/jobOutcome';
import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { followRunProperties, readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { readRunStatus, stopTask } from './api';
import { runFields } from '../fields';
import { requiredId } from '../../../shared/parameters';

const show = { resource: ['dataIntegrationJob'], operation: ['getStatus'] };

const TASK_NOT_RUN =
	'Informatica stops a task, not a run: this can also stop another run of the same task started elsewhere.';

const followProperties = followRunProperties(show, { cancelOnTimeoutDescription: `Whether to stop the task when the wait times out. ${TASK_NOT_RUN}` });
const stopAttached = (followProperties[1].options as INodeProperties[]).find((o) => o.name === 'stopAttachedRun')!;
stopAttached.description = `Whether cancelling the execution in n8n (or Cancel on Timeout) may stop the task of this run, which this item did not start. ${TASK_NOT_RUN}`;

export const description: INodeProperties[] = [...runFields('getStatus'), ...followProperties];

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

/** A running run from the activity monitor, a finished one from the activity log; times in UTC. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requiredId(this, itemIndex, 'taskId', 'Task ID');
	const runId = requiredId(this, itemIndex, 'runId', 'Run ID');
	const wait = readRunWaitOptions(this, itemIndex);
	const { outcome, row } = await readRunStatus(this, itemIndex, taskId, runId);
	if (!row) {
		throw new NodeOperationError(this.getNode(), `Run ${runId} of task ${taskId} is neither in the activity monitor nor in the activity log`, {
			itemIndex,
			description: 'Check the IDs. A run that has just started or just finished can be missing for a moment: try again shortly.',
		});
	}
	if (!wait) return { taskId, ...outcomeToJson(outcome), errorMessage: outcome.error?.message ?? null, raw: row };

	// A run started elsewhere, followed until it ends; its task is stopped only when the user allowed it (the stop ends the task).
	let last: IDataObject = row;
	const taskType = String(outcome.details?.taskType ?? row.type ?? '');
	const result = await followCurrentRun(
		{
			label: () => `task ${taskId} run ${runId}`,
			readCurrent: async () => outcome,
			readStatus: async () => {
				const status = await readRunStatus(this, itemIndex, taskId, runId);
				if (status.row) last = status.row;
				return status.outcome;
			},
			stop: async () => {
				await stopTask(contextOutlivingCancel(this), itemIndex, { taskType, taskId }, false);
			},
			waitExtras: () => ({ context: { taskId, runId } }),
		},
		readRunPolicy(this, itemIndex, { stopOnCancel: false }),
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	return { taskId, ...jobRunToJson(result), errorMessage: result.run.error?.message ?? null, raw: last };
}

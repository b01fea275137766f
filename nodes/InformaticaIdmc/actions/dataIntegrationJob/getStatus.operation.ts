import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { outcomeToJson } from '../../../shared/jobOutcome';
import { readRunStatus } from './api';
import { runFields } from '../fields';
import { requiredId } from '../../../shared/parameters';

export const description: INodeProperties[] = runFields('getStatus');

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

/** A running run from the activity monitor, a finished one from the activity log; times in UTC. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requiredId(this, itemIndex, 'taskId', 'Task ID');
	const runId = requiredId(this, itemIndex, 'runId', 'Run ID');
	const { outcome, row } = await readRunStatus(this, itemIndex, taskId, runId);
	if (!row) {
		throw new NodeOperationError(this.getNode(), `Run ${runId} of task ${taskId} is neither in the activity monitor nor in the activity log`, {
			itemIndex,
			description: 'Check the IDs. A run that has just started or just finished can be missing for a moment: try again shortly.',
		});
	}
	return { taskId, ...outcomeToJson(outcome), errorMessage: outcome.error?.message ?? null, raw: row };
}

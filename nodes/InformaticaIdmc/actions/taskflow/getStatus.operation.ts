import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { followRunProperties, readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { requiredId } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';
import { taskflowOutcome } from '../../outcome';
import { readTaskflowRun, runIdField } from './api';
import { taskflowRunControl } from './run';

const show = { resource: ['taskflow'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	runIdField(['getStatus']),
	...followRunProperties(show, { wait: { pollIntervalSeconds: 10, timeoutSeconds: 3600 }, cancelOnTimeoutDescription: 'Whether to terminate the taskflow run when the wait times out (needs "Also Stop a Run This Item Attached To")' }),
];

export const concurrency = 4;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const runId = requiredId(this, itemIndex, 'runId', 'Run ID');
	const wait = readRunWaitOptions(this, itemIndex);
	if (!wait) {
		const answer = await readTaskflowRun(this, itemIndex, runId);
		const outcome = taskflowOutcome(answer);
		return withFields(answer, { outcome: outcome.status, rawStatus: outcome.rawStatus });
	}
	const { stopAttachedRun } = readRunPolicy(this, itemIndex);
	const control = taskflowRunControl(this, itemIndex, { runId });
	const result = await followCurrentRun(
		{ ...control, readCurrent: async () => control.readStatus({ status: 'running', rawStatus: '', runId }) },
		{ stopAttachedRun },
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	return { ...control.latest(), ...jobRunToJson(result) };
}

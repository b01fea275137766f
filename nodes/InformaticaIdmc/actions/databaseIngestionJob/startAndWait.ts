import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { waitResultToJson } from '../../../shared/waitForJob';
import type { WaitUntil } from './api';
import { jobAction, readJobOutcome, waitForDatabaseIngestionJob, waitUntilProperty } from './api';

/** "Wait for Completion", "Wait Until" and the wait options, for an operation that sets a job running. */
export function jobWaitProperties(show: Record<string, string[]>): INodeProperties[] {
	const [waitSwitch, waitOptions] = waitForCompletionProperties(show);
	return [waitSwitch, waitUntilProperty(show), waitOptions];
}

/**
 * Sends start or resume, then (when asked) polls job/status until the goal. The status is read once before the
 * call, so a first poll that still shows the previous run's end is not mistaken for this run's.
 */
export async function startOrResumeJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: 'start' | 'resume',
	jobId: string,
	parameters?: IDataObject,
): Promise<IDataObject> {
	const wait = readWaitOptions(ctx, itemIndex);
	let previous: JobOutcome | undefined;
	if (wait) previous = await readJobOutcome(ctx, itemIndex, jobId).catch(() => undefined);
	const answer = await jobAction(ctx, itemIndex, action, jobId, parameters);
	if (!wait) return { jobId, ...answer };
	const waitUntil = ctx.getNodeParameter('waitUntil', itemIndex, 'auto') as WaitUntil;
	const result = await waitForDatabaseIngestionJob(ctx, itemIndex, { jobId, waitUntil, options: wait, previous });
	return { jobId, ...answer, ...waitResultToJson(result), waitedUntil: result.goal };
}

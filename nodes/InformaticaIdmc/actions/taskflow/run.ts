/**
 * One taskflow run as the run engine sees it. A taskflow service starts a new instance on every call and never
 * refuses with "already running", so there is nothing to attach to before a start: Run Taskflow offers no
 * "If the Job Is Already Running". A run is stopped with the terminate resource (cancel, Cancel on Timeout).
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contextOutlivingCancel } from '../../../shared/afterCancel';
import type { JobOutcome } from '../../../shared/jobOutcome';
import type { JobControl } from '../../../shared/jobRun';
import { startRunProperties } from '../../../shared/jobRunDescription';
import type { WaitOptions } from '../../../shared/waitForJob';
import { taskflowOutcome, taskflowRunIdFromAnswer } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { readTaskflowRun, terminateTaskflowRuns } from './api';

/** Run Taskflow's wait and stop options, without "If the Job Is Already Running" (see above). */
export function taskflowStartProperties(show: IDisplayOptions['show'], wait: Partial<WaitOptions>): INodeProperties[] {
	const properties = startRunProperties(show, {
		wait,
		stop: { stopOnCancel: true, stopOnCancelDescription: 'Whether cancelling the execution in n8n (or n8n’s workflow timeout) terminates the taskflow run this item started' },
	}).filter((p) => p.name !== 'ifAlreadyRunning');
	const collection = properties.find((p) => p.name === 'waitOptions')!;
	// Nothing is attached on a start: the "attached run" option has nothing to act on here.
	collection.options = (collection.options as INodeProperties[]).filter((o) => o.name !== 'stopAttachedRun');
	return properties;
}

export function taskflowRunControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: { apiName?: string; body?: IDataObject; runId?: string },
): JobControl<IDataObject> & { latest: () => IDataObject } {
	let runId = request.runId ?? '';
	let latest: IDataObject = {};
	return {
		latest: () => latest,
		label: () => (runId ? `taskflow run ${runId}` : `taskflow ${request.apiName ?? ''}`.trim()),
		start: async () => {
			const apiName = request.apiName!;
			const text = await informaticaRequest<string>(
				ctx,
				{
					family: 'taskflow',
					method: 'POST',
					path: `/rt/${encodeURIComponent(apiName)}`,
					body: request.body ?? {},
					responseKind: 'text',
					action: `running taskflow ${apiName}`,
				},
				{ itemIndex },
			);
			const found = taskflowRunIdFromAnswer(text);
			if (!found) {
				throw new NodeOperationError(ctx.getNode(), `Taskflow ${apiName} answered without a run ID`, {
					itemIndex,
					description: `The service answered: ${text.slice(0, 200)}. Is the taskflow published as a service under this API name?`,
				});
			}
			runId = found;
			latest = { runId, apiName };
			return { run: { status: 'running', rawStatus: 'RUNNING', runId, name: apiName }, answer: latest };
		},
		readStatus: async () => {
			latest = await readTaskflowRun(ctx, itemIndex, runId);
			return taskflowOutcome(latest);
		},
		stop: async (run: JobOutcome) => {
			// Sent through a context that outlives n8n's cancel: the cancel itself is what asks for this call.
			await terminateTaskflowRuns(contextOutlivingCancel(ctx), itemIndex, [run.runId ?? runId]);
		},
	};
}

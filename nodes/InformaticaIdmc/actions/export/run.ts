/**
 * One export job as the run engine sees it. POST export creates a new export job each time, so there is no
 * "already running" to attach to, and the export API has no stop call: nothing is stopped on cancel or timeout.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import type { JobControl } from '../../../shared/jobRun';
import { followRunProperties, withoutStopOptions } from '../../../shared/jobRunDescription';
import type { WaitOptions } from '../../../shared/waitForJob';
import { waitForCompletionProperties } from '../../../shared/waitDescription';
import { exportOutcome } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { readExport, readExportLog } from './api';

const NO_STOP = 'The export API has no stop call: cancelling the execution, or a wait that times out, leaves the export running.';

function withoutStops(properties: INodeProperties[]): INodeProperties[] {
	return withoutStopOptions(properties, NO_STOP);
}

/** Start Export's "Wait for Completion": no "If Already Running" (each start is a new export job) and no stop options. */
export function exportStartProperties(show: IDisplayOptions['show'], wait: Partial<WaitOptions>): INodeProperties[] {
	return withoutStops(waitForCompletionProperties(show, wait));
}

/** Get Status's "Wait for Completion": follows an export until it ends. */
export function exportFollowProperties(show: IDisplayOptions['show'], wait: Partial<WaitOptions>): INodeProperties[] {
	return withoutStops(followRunProperties(show, { wait }));
}

/** The export job as JobControl; `id()` is known once the start answered. */
export function exportRunControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: { id?: string; body: IDataObject; includeFailureDetails: boolean },
): JobControl<IDataObject> & { latest: () => IDataObject } {
	let id = request.id ?? '';
	let latest: IDataObject = {};
	const read = async (): Promise<JobOutcome> => {
		latest = await readExport(ctx, itemIndex, id, false);
		return exportOutcome(latest);
	};
	return {
		latest: () => latest,
		label: () => (id ? `export job ${id}` : 'the export job'),
		start: async () => {
			latest = await informaticaRequest<IDataObject>(ctx, { family: 'v3', method: 'POST', path: '/export', body: request.body, action: 'starting an export job' }, { itemIndex });
			id = String(latest.id ?? latest.jobId ?? '');
			return { run: exportOutcome(latest), answer: latest };
		},
		readStatus: read,
		waitExtras: () => ({
			// A failed export's object states and log join the outcome before the failure rules run.
			onEnd: async (outcome) => {
				if (outcome.status !== 'failed' || !request.includeFailureDetails) return;
				try {
					const withObjects = await readExport(ctx, itemIndex, id, true);
					outcome.details = { ...outcome.details, ...exportOutcome(withObjects).details, objects: withObjects.objects as IDataObject[] };
					outcome.details.log = await readExportLog(ctx, itemIndex, id);
				} catch (error) {
					outcome.details = { ...outcome.details, failureDetailsError: (error as Error).message };
				}
			},
		}),
	};
}

/**
 * One import job as the run engine sees it. An import job id is started once (POST import/{id} answers 409 to a
 * second start), so "already running" is any state past NOT_STARTED: an import in progress, or one that ended. The
 * import API has no stop call: nothing is stopped on cancel or on a timed-out wait.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import type { JobControl, RunPolicy } from '../../../shared/jobRun';
import { followRunProperties, startRunProperties, withoutStopOptions } from '../../../shared/jobRunDescription';
import type { WaitOptions } from '../../../shared/waitForJob';
import { importOutcome } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { readImport, readImportLog } from './api';

const NO_STOP = 'The import API has no stop call: cancelling the execution, or a wait that times out, leaves the import running.';

function withoutStops(properties: INodeProperties[]): INodeProperties[] {
	return withoutStopOptions(properties, NO_STOP);
}

/** Start Import's "If the Job Is Already Running" (attach or fail: the same import job cannot run again) and its wait. */
export function importStartProperties(show: IDisplayOptions['show'], wait: Partial<WaitOptions>): INodeProperties[] {
	const properties = withoutStops(startRunProperties(show, { wait }));
	const choice = properties[0];
	choice.options = (choice.options as Array<{ value: string }>).filter((o) => o.value !== 'waitThenStart') as INodeProperties['options'];
	choice.displayName = 'If the Import Was Already Started';
	choice.description =
		'What to do when this import job was already started (in progress, or ended): an import job ID runs once, so there is no new run to start. Attach also makes a re-run or a retry after a crash follow the import instead of failing with the API’s 409.';
	return properties;
}

/** Get Status's "Wait for Completion": follows an import started elsewhere until it ends. */
export function importFollowProperties(show: IDisplayOptions['show'], wait: Partial<WaitOptions>): INodeProperties[] {
	return withoutStops(followRunProperties(show, { wait }));
}

/** Reads the run policy of Start Import: "Wait for It, Then Start a New Run" cannot apply to an import job. */
export function readImportPolicy(ctx: IExecuteFunctions, itemIndex: number): Pick<RunPolicy, 'ifAlreadyRunning'> {
	const ifAlreadyRunning = String(ctx.getNodeParameter('ifAlreadyRunning', itemIndex, 'attach'));
	if (ifAlreadyRunning !== 'attach' && ifAlreadyRunning !== 'fail') {
		throw new NodeOperationError(ctx.getNode(), `"If the Import Was Already Started" must be attach or fail, not "${ifAlreadyRunning}"`, {
			itemIndex,
			description: 'An import job ID is started once: there is no new run to start after it ends. Upload the package again for a new import job.',
		});
	}
	return { ifAlreadyRunning };
}

export interface ImportRun {
	id: string;
	body: IDataObject;
	policy: Pick<RunPolicy, 'ifAlreadyRunning'>;
	includeFailureDetails: boolean;
}

/** The import job as JobControl; `latest()` is the last import answer read (the start's, or a status read's). */
export function importRunControl(ctx: IExecuteFunctions, itemIndex: number, request: ImportRun): JobControl<IDataObject> & { latest: () => IDataObject } {
	const { id } = request;
	let latest: IDataObject = {};
	const read = async (): Promise<JobOutcome> => {
		latest = await readImport(ctx, itemIndex, id, false);
		return importOutcome(latest);
	};
	return {
		latest: () => latest,
		label: () => `import job ${id}`,
		findRunning: async () => {
			const current = await read();
			const state = current.rawStatus.toUpperCase();
			if (state === 'NOT_STARTED' || state === 'UNKNOWN') return undefined;
			// An import that ended is no run to fail on as "running": say what it is.
			if (current.status !== 'running' && request.policy.ifAlreadyRunning === 'fail') {
				throw new NodeOperationError(ctx.getNode(), `import job ${id} was already started and ended ${current.rawStatus}`, {
					itemIndex,
					description: '"If the Import Was Already Started" is set to Fail. An import job ID runs once: upload the package again for a new import job.',
				});
			}
			return current;
		},
		start: async () => {
			latest = await informaticaRequest<IDataObject>(
				ctx,
				{ family: 'v3', method: 'POST', path: `/import/${encodeURIComponent(id)}`, body: request.body, action: `starting import job ${id}` },
				{ itemIndex },
			);
			return { run: importOutcome(latest), answer: latest };
		},
		// 409 MigrationSvc_006 "Import job … was already started": the engine reads the import and attaches or fails.
		isAlreadyRunningRefusal: (error) => (error as { httpCode?: string | null }).httpCode === '409',
		readStatus: read,
		waitExtras: () => ({
			// A failed import's object states and log join the outcome before the failure rules run.
			onEnd: async (outcome) => {
				if (outcome.status !== 'failed' || !request.includeFailureDetails) return;
				try {
					const withObjects = await readImport(ctx, itemIndex, id, true);
					outcome.details = { ...outcome.details, ...importOutcome(withObjects).details, objects: withObjects.objects as IDataObject[] };
					outcome.details.log = await readImportLog(ctx, itemIndex, id);
				} catch (error) {
					outcome.details = { ...outcome.details, failureDetailsError: (error as Error).message };
				}
			},
		}),
	};
}

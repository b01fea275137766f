/**
 * The Database Ingestion and Replication calls the task and job operations share (paths and bodies as the
 * DBMI page shows them, ids normalised to strings on the way out).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import type { WaitOptions, WaitResult } from '../../../shared/waitForJob';
import { waitForJob } from '../../../shared/waitForJob';
import { informaticaRequest } from '../../transport';
import {
	databaseIngestionId,
	databaseIngestionOutcome,
	isDatabaseIngestionCdcMode,
	isDatabaseIngestionJobDeployed,
	isDatabaseIngestionJobUp,
} from '../../outcome';
import { requiredParameter } from '../../../shared/parameters';
import type { ApiContext } from '../../../shared/request';

/** The page shows jobId as a number in some bodies and a string in others: send a number when the id is numeric. */
export function jobIdAsNumber(jobId: string): number | string {
	return /^\d+$/.test(jobId) ? Number(jobId) : jobId;
}

/** Reads a required id parameter, trimmed; a NodeOperationError naming the field when it is empty. */
export function requiredId(ctx: IExecuteFunctions, parameter: string, label: string, itemIndex: number): string {
	return requiredParameter(ctx, itemIndex, parameter, label, { pathSafe: true, normalise: databaseIngestionId });
}

export interface TaskMatch {
	taskId: string;
	name: string;
	project?: string;
	folder?: string;
	raw: IDataObject;
}

/** GET tasks/fetchId: the tasks with that name (in that project/folder when given). */
export async function fetchTaskIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	query: { taskName: string; projectId?: string; folderId?: string },
): Promise<TaskMatch[]> {
	const qs: IDataObject = { taskName: query.taskName };
	if (query.projectId) qs.projectId = query.projectId;
	if (query.folderId) qs.folderId = query.folderId;
	const answer = await informaticaRequest<unknown>(
		ctx,
		{ family: 'databaseIngestion', method: 'GET', path: '/tasks/fetchId', qs, action: `looking up task "${query.taskName}"` },
		{ itemIndex },
	);
	const list = Array.isArray(answer) ? (answer as IDataObject[]) : answer && typeof answer === 'object' ? [answer as IDataObject] : [];
	return list.map((entry) => {
		const parents = (Array.isArray(entry.parentInfo) ? entry.parentInfo : []) as IDataObject[];
		const parent = (type: string) => parents.find((p) => String(p.parentType).toLowerCase() === type)?.parentName as string | undefined;
		return {
			taskId: databaseIngestionId(entry.taskId) ?? '',
			name: String(entry.name ?? query.taskName),
			project: parent('project'),
			folder: parent('folder'),
			raw: entry,
		};
	});
}

/** GET task/fetch/{taskId}/job: the job of a deployed task. */
export async function fetchJobId(ctx: IExecuteFunctions, itemIndex: number, taskId: string): Promise<{ jobId: string; answer: IDataObject }> {
	const answer = await informaticaRequest<IDataObject>(
		ctx,
		{ family: 'databaseIngestion', method: 'GET', path: `/task/fetch/${encodeURIComponent(taskId)}/job`, action: `getting the job of task ${taskId}` },
		{ itemIndex },
	);
	const jobId = databaseIngestionId(answer.jobId);
	if (!jobId) {
		throw new NodeOperationError(ctx.getNode(), `Informatica answered without a job ID for task ${taskId}`, {
			itemIndex,
			description: 'Deploy the task first.',
		});
	}
	return { jobId, answer };
}

/** POST task/deploy/{taskId}: starts the (asynchronous) deployment; the answer already carries the job id. */
export async function deployTask(ctx: IExecuteFunctions, itemIndex: number, taskId: string): Promise<{ jobId?: string; answer: IDataObject }> {
	const answer = await informaticaRequest<IDataObject>(
		ctx,
		{ family: 'databaseIngestion', method: 'POST', path: `/task/deploy/${encodeURIComponent(taskId)}`, body: {}, action: `deploying task ${taskId}` },
		{ itemIndex },
	);
	const data = (answer.data ?? {}) as IDataObject;
	return { jobId: databaseIngestionId(data.jobId ?? answer.jobId), answer };
}

/**
 * GET job/status. The page documents `{"jobId": …}` as a JSON body on this GET, but bodies on a GET are dropped by
 * proxies and by n8n's own HTTP client, so the jobId goes as a query parameter.
 */
export async function readJobStatus(ctx: ApiContext, itemIndex: number, jobId: string): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'databaseIngestion',
			method: 'GET',
			path: '/job/status',
			qs: { jobId },
			action: `reading the status of job ${jobId}`,
		},
		{ itemIndex },
	);
}

export async function readJobOutcome(ctx: IExecuteFunctions, itemIndex: number, jobId: string): Promise<JobOutcome> {
	return databaseIngestionOutcome(await readJobStatus(ctx, itemIndex, jobId));
}

export type JobAction = 'start' | 'stop' | 'undeploy' | 'resume';

/** POST job/start | stop | undeploy | resume; start, stop and undeploy send jobId as a string, as the page shows. */
export async function jobAction(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: JobAction,
	jobId: string,
	parameters?: IDataObject,
): Promise<IDataObject> {
	const body: IDataObject = { jobId: action === 'resume' ? jobIdAsNumber(jobId) : jobId };
	if (parameters) body.parameters = parameters;
	return await informaticaRequest<IDataObject>(
		ctx,
		{ family: 'databaseIngestion', method: 'POST', path: `/job/${action}`, body, allowEmptyBody: true, action: `${action === 'stop' ? 'stopping' : `${action.replace(/e$/, '')}ing`} job ${jobId}` },
		{ itemIndex },
	);
}

// ── Waiting ──────────────────────────────────────────────────────────────────────────────────────────────────

export type WaitUntil = 'auto' | 'finished' | 'running';

/** The "Wait Until" choice shown next to "Wait for Completion" on Start, Resume and Run Task. */
export function waitUntilProperty(show: Record<string, unknown[]>): INodeProperties {
	return {
		displayName: 'Wait Until',
		name: 'waitUntil',
		type: 'options',
		default: 'auto',
		description: 'When the wait ends. A CDC job never finishes by itself, so waiting for it to finish only ends when it is stopped or the wait times out.',
		options: [
			{ name: 'Automatic (CDC: Running, Initial Load: Finished)', value: 'auto', description: 'Read the job\'s task mode and pick' },
			{ name: 'Job Finished', value: 'finished', description: 'Until the job completes, fails or is stopped' },
			{ name: 'Job Running', value: 'running', description: 'Until the job is up and running (or ends)' },
		],
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	};
}

export interface JobWaitRequest {
	jobId: string;
	waitUntil: WaitUntil;
	options: WaitOptions;
	/** A status read before the start: a finished run with the same start time is the previous run, not this one. */
	previous?: JobOutcome;
}

/** Polls job/status until the job ends or reaches the goal; cancel-on-timeout stops the job. */
export async function waitForDatabaseIngestionJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: JobWaitRequest,
): Promise<WaitResult & { goal: 'finished' | 'running' }> {
	const { jobId, previous } = request;
	let goal: 'finished' | 'running' = request.waitUntil === 'running' ? 'running' : 'finished';
	const readStatus = async (): Promise<JobOutcome> => {
		const answer = await readJobStatus(ctx, itemIndex, jobId);
		const outcome = databaseIngestionOutcome(answer);
		if (request.waitUntil === 'auto') {
			goal = isDatabaseIngestionCdcMode(((answer.jobConfig ?? answer.extraData ?? {}) as IDataObject).taskMode) ? 'running' : 'finished';
		}
		// The status may still describe the previous run for a moment after a start.
		const unchanged =
			previous?.startedAt !== undefined &&
			outcome.startedAt === previous.startedAt &&
			outcome.endedAt === previous.endedAt &&
			outcome.rawStatus === previous.rawStatus;
		if (unchanged && outcome.status !== 'running') {
			return { ...outcome, status: 'running', rawStatus: `${outcome.rawStatus} (previous run)` };
		}
		return outcome;
	};
	const result = await waitForJob(
		{
			readStatus,
			cancelJob: async () => {
				await jobAction(ctx, itemIndex, 'stop', jobId);
			},
			goal: (outcome) => goal === 'running' && isDatabaseIngestionJobUp(outcome),
			label: `Database Ingestion job ${jobId}`,
		},
		request.options,
		{ node: ctx.getNode(), itemIndex, cancelSignal: ctx.getExecutionCancelSignal() },
	);
	return { ...result, goal };
}

/** Polls job/status until the deployment ends ("deployed"); a failed deployment fails the item when asked to. */
export async function waitForDeployment(ctx: IExecuteFunctions, itemIndex: number, jobId: string, options: WaitOptions): Promise<WaitResult> {
	return await waitForJob(
		{
			// Right after the deploy call the status may still read "undeployed" (a redeploy): not an end yet.
			readStatus: async () => {
				const outcome = await readJobOutcome(ctx, itemIndex, jobId);
				return outcome.rawStatus.toLowerCase() === 'undeployed' ? { ...outcome, status: 'running' } : outcome;
			},
			goal: isDatabaseIngestionJobDeployed,
			label: `the deployment of job ${jobId}`,
		},
		{ ...options, cancelOnTimeout: false },
		{ node: ctx.getNode(), itemIndex, cancelSignal: ctx.getExecutionCancelSignal() },
	);
}

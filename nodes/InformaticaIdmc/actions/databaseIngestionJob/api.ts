/**
 * The Database Ingestion and Replication calls the task and job operations share (paths and bodies: see
 * docs/vendor-apis.md, Database Ingestion; ids normalised to strings on the way out). Waiting is in wait.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parametersAsSet, pathSegment, requiredId, requiredText } from '../../../shared/parameters';
import type { ApiContext } from '../../../shared/request';
import { databaseIngestionId } from '../../outcome';
import { informaticaRequest } from '../../transport';

/** The reference (see docs/vendor-apis.md, Database Ingestion) shows jobId as a number in some bodies and a string in others: send a number when the id is numeric. */
export function jobIdAsNumber(jobId: string): number | string {
	return /^\d+$/.test(jobId) ? Number(jobId) : jobId;
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
		{ family: 'databaseIngestion', method: 'GET', path: `/task/fetch/${pathSegment(taskId)}/job`, action: `getting the job of task ${taskId}` },
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

/**
 * The task at a path as the v3 objects resource gives it (Project/Folder/Name, or Project/Name): tasks/fetchId by
 * name, then the match whose project and folder names (parentInfo) are those of the path.
 */
export async function taskAtPath(ctx: IExecuteFunctions, itemIndex: number, path: string): Promise<TaskMatch> {
	const parts = path.split('/').map((part) => part.trim()).filter(Boolean);
	const taskName = parts.pop() ?? '';
	const [projectName, folderName] = parts;
	// Project/Name is a task in no folder; a bare name matches wherever it is.
	const inPlace = (m: TaskMatch) => (parts.length === 0 ? true : m.project === projectName && (folderName === undefined ? !m.folder : m.folder === folderName));
	const matches = (await fetchTaskIds(ctx, itemIndex, { taskName })).filter(inPlace);
	if (matches.length !== 1) {
		throw new NodeOperationError(ctx.getNode(), matches.length ? `${matches.length} Database Ingestion tasks are at "${path}"` : `No Database Ingestion task at "${path}"`, {
			itemIndex,
			description: 'Pick the task from the list again (it may have been renamed or moved), or enter the job ID.',
		});
	}
	return matches[0];
}

/**
 * The "Job" parameter as a job ID. By ID (or a plain string, as workflows saved before it was a locator hold): the
 * ID itself. From List: the picked task's path, whose job is looked up (tasks/fetchId, then task/fetch/{taskId}/job).
 */
export async function readJobId(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	// The locator's mode as set (as n8n's editor reads it); only its value is resolved, once, by requiredId/requiredText.
	const raw = parametersAsSet(ctx).jobId;
	const mode = raw && typeof raw === 'object' ? (raw as INodeParameterResourceLocator).mode : undefined;
	if (mode !== 'list') return requiredId(ctx, itemIndex, 'jobId', 'Job ID');
	const task = await taskAtPath(ctx, itemIndex, requiredText(ctx, itemIndex, 'jobId', 'Job'));
	return (await fetchJobId(ctx, itemIndex, task.taskId)).jobId;
}

/** POST task/deploy/{taskId}: starts the (asynchronous) deployment; the answer already carries the job id. */
export async function deployTask(ctx: IExecuteFunctions, itemIndex: number, taskId: string): Promise<{ jobId?: string; answer: IDataObject }> {
	const answer = await informaticaRequest<IDataObject>(
		ctx,
		{ family: 'databaseIngestion', method: 'POST', path: `/task/deploy/${pathSegment(taskId)}`, body: {}, action: `deploying task ${taskId}` },
		{ itemIndex },
	);
	const data = (answer.data ?? {}) as IDataObject;
	return { jobId: databaseIngestionId(data.jobId ?? answer.jobId), answer };
}

/**
 * GET job/status. The reference (see docs/vendor-apis.md, Database Ingestion job status) documents `{"jobId": …}` as a JSON body on this GET, but bodies on a GET are dropped by
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

export type JobAction = 'start' | 'stop' | 'undeploy' | 'resume';

/** POST job/start | stop | undeploy | resume; start, stop and undeploy send jobId as a string, as the reference shows (see docs/vendor-apis.md, Database Ingestion). */
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

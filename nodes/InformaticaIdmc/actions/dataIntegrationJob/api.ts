/**
 * The Data Integration calls the job operations share: which task a request names (resource locator, path
 * resolved through the v3 lookup), reading a run's status (activity monitor, then activity log), stopping,
 * and the session log. The UI properties are in ../fields.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { activityLogOutcome, activityLogRows, activityMonitorOutcome } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { pathSegment } from '../../../shared/parameters';

/** How the job resource's body names the task: exactly one of taskId, taskFederatedId, taskName, plus taskType. */
export interface TaskReference {
	taskType: string;
	taskId?: string;
	taskFederatedId?: string;
	taskName?: string;
	/** Set when the task was given by path. */
	path?: string;
}

/** Reads the task locator; a path is resolved to its federated ID through POST /public/core/v3/lookup. */
export async function resolveTask(ctx: IExecuteFunctions, itemIndex: number): Promise<TaskReference> {
	const taskType = String(ctx.getNodeParameter('taskType', itemIndex, 'MTT'));
	const locator = ctx.getNodeParameter('task', itemIndex) as INodeParameterResourceLocator;
	const value = String(locator?.value ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), '"Task" is required', { itemIndex, description: 'Pick a task or enter its ID, name or path.' });
	}
	switch (locator.mode) {
		case 'id':
			return { taskType, taskId: value };
		case 'name':
			return { taskType, taskName: value };
		case 'path': {
			const path = value.replace(/^\/+|\/+$/g, '');
			const object = await lookUpPath(ctx, itemIndex, path, taskType);
			return { taskType, taskFederatedId: String(object.id), path };
		}
		default:
			return { taskType, taskFederatedId: value };
	}
}

/** POST lookup by path and type: the object, or the API's own 404. */
export async function lookUpPath(ctx: IExecuteFunctions, itemIndex: number, path: string, type: string): Promise<IDataObject> {
	const answer = await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'v3',
			method: 'POST',
			path: '/lookup',
			body: { objects: [{ path, type }] },
			idempotent: true,
			action: `looking up ${type} ${path}`,
		},
		{ itemIndex },
	);
	const object = (Array.isArray(answer.objects) ? answer.objects[0] : undefined) as IDataObject | undefined;
	if (!object?.id) {
		throw new NodeOperationError(ctx.getNode(), `The lookup of ${type} "${path}" answered without an ID`, { itemIndex });
	}
	return object;
}

/** The task part of a job request body. */
export function taskBody(task: TaskReference): IDataObject {
	const body: IDataObject = { '@type': 'job', taskType: task.taskType };
	if (task.taskFederatedId) body.taskFederatedId = task.taskFederatedId;
	else if (task.taskId) body.taskId = task.taskId;
	else if (task.taskName) body.taskName = task.taskName;
	return body;
}

/** POST job/stop, or job/stop?cleanStop=true. */
export async function stopTask(ctx: IExecuteFunctions, itemIndex: number, task: TaskReference, clean: boolean): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'v2',
			method: 'POST',
			path: '/job/stop',
			qs: clean ? { cleanStop: true } : undefined,
			body: taskBody(task),
			allowEmptyBody: true,
			action: `${clean ? 'cleanly stopping' : 'stopping'} task ${task.taskFederatedId ?? task.taskId ?? task.taskName}`,
		},
		{ itemIndex },
	);
}

export interface RunStatus {
	outcome: JobOutcome;
	/** The activity monitor or activity log row, as the API gave it. */
	row?: IDataObject;
}

/** The activity log rows of one run (newer docs require taskId whenever runId is given). */
export async function readActivityLogRun(ctx: IExecuteFunctions, itemIndex: number, taskId: string, runId: string): Promise<IDataObject | undefined> {
	const answer = await informaticaRequest<unknown>(
		ctx,
		{ family: 'v2', method: 'GET', path: '/activity/activityLog', qs: { taskId, runId, rowLimit: 1 }, action: `reading the activity log of run ${runId}` },
		{ itemIndex },
	);
	// One row as an object, or {entries: [...]}, is read like a list; a row of another run is not this run's.
	return activityLogRows(answer).find((row) => row.runId === undefined || String(row.runId) === runId);
}

/** GET activity/activityMonitor: the runs going now, newest first. */
export async function readActivityMonitor(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const monitor = await informaticaRequest<IDataObject[]>(
		ctx,
		{ family: 'v2', method: 'GET', path: '/activity/activityMonitor', qs: { details: true }, action: 'reading the activity monitor' },
		{ itemIndex },
	);
	return Array.isArray(monitor) ? monitor : [];
}

/**
 * A run's status: the activity monitor while it runs (one call), the activity log once it has finished.
 * A run in neither (between the two for a moment, or not started yet) reads as running, "NOT_LISTED".
 */
export async function readRunStatus(ctx: IExecuteFunctions, itemIndex: number, taskId: string, runId: string): Promise<RunStatus> {
	const running = (await readActivityMonitor(ctx, itemIndex)).find(
		(row) => String(row.runId) === runId && (String(row.taskId) === taskId || String(row.taskFederatedId ?? '') === taskId),
	);
	if (running) return { outcome: activityMonitorOutcome(running), row: running };
	const finished = await readActivityLogRun(ctx, itemIndex, taskId, runId);
	if (finished) return { outcome: activityLogOutcome(finished), row: finished };
	return { outcome: { status: 'running', rawStatus: 'NOT_LISTED', jobId: taskId, runId } };
}

/** GET activityLog/{id}/sessionLog: the session log text of a finished run. */
export async function readSessionLog(ctx: IExecuteFunctions, itemIndex: number, activityLogId: string): Promise<string> {
	return await informaticaRequest<string>(
		ctx,
		{
			family: 'v2',
			method: 'GET',
			path: `/activity/activityLog/${pathSegment(activityLogId)}/sessionLog`,
			responseKind: 'text',
			allowEmptyBody: true,
			headers: { Accept: 'text/plain, */*' },
			action: `reading the session log of activity log entry ${activityLogId}`,
		},
		{ itemIndex },
	);
}

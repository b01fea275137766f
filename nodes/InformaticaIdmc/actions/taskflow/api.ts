/** The taskflow service calls (under the pod host's /active-bpel, see transport.ts) the taskflow operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pathSegment } from '../../../shared/parameters';
import { parseTaskflowJson } from '../../outcome';
import { informaticaRequest } from '../../transport';

/** The "Run ID" field of the taskflow operations that read or stop a run. */
export function runIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 20262247166322413568',
		description: 'The taskflow run ID, as returned by Run Taskflow',
		displayOptions: { show: { resource: ['taskflow'], operation: operations } },
	};
}

/** A JSON answer read as text first, so Long run ids stay exact (outcome.ts, parseTaskflowJson). */
export async function taskflowJson<T = IDataObject>(ctx: IExecuteFunctions, itemIndex: number, request: Parameters<typeof informaticaRequest>[1]): Promise<T> {
	const text = await informaticaRequest<string>(ctx, { ...request, responseKind: 'text', allowEmptyBody: true }, { itemIndex });
	if (text.trim() === '') return {} as T;
	const parsed = parseTaskflowJson(text);
	if (parsed === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Informatica answered ${request.action ?? 'a taskflow call'} with a body that is not JSON`, {
			itemIndex,
			description: text.slice(0, 200),
		});
	}
	return parsed as T;
}

/** GET /active-bpel/services/tf/status/{runId}. */
export async function readTaskflowRun(ctx: IExecuteFunctions, itemIndex: number, runId: string): Promise<IDataObject> {
	return await taskflowJson(ctx, itemIndex, {
		family: 'taskflow',
		method: 'GET',
		path: `/services/tf/status/${pathSegment(runId)}`,
		action: `reading taskflow run ${runId}`,
	});
}

/** PUT /active-bpel/services/tf/terminate with `{"runid": [...]}` (at most 200 ids a call). */
export async function terminateTaskflowRuns(ctx: IExecuteFunctions, itemIndex: number, runIds: string[]): Promise<IDataObject> {
	return await taskflowJson(ctx, itemIndex, {
		family: 'taskflow',
		method: 'PUT',
		path: '/services/tf/terminate',
		body: { runid: runIds },
		action: `terminating taskflow run${runIds.length > 1 ? 's' : ''} ${runIds.join(', ')}`,
	});
}

export interface TaskflowRunQuery {
	runStatus?: string;
	startTime?: string;
	endTime?: string;
}

/** Rows in one page of the status list: the page caps rowLimit at 50. */
export const TASKFLOW_PAGE_SIZE = 50;

/** The rows of a status-list answer: an array, or an object holding one (the pages show no list example). */
export function taskflowRows(answer: unknown): IDataObject[] {
	if (Array.isArray(answer)) return answer as IDataObject[];
	if (answer && typeof answer === 'object') {
		const list = Object.values(answer as IDataObject).find((v) => Array.isArray(v));
		if (list) return list as IDataObject[];
		if ((answer as IDataObject).runId !== undefined) return [answer as IDataObject];
	}
	return [];
}

/** GET /active-bpel/services/tf/status?runStatus=&startTime=&endTime=&offset=&rowLimit=, paged until `max` rows or the end. */
export async function listTaskflowRuns(ctx: IExecuteFunctions, itemIndex: number, query: TaskflowRunQuery, max: number): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	for (let offset = 0; rows.length < max; offset += TASKFLOW_PAGE_SIZE) {
		const rowLimit = Math.min(TASKFLOW_PAGE_SIZE, max - rows.length);
		const qs: IDataObject = { offset, rowLimit };
		for (const [key, value] of Object.entries(query)) if (value) qs[key] = value;
		const page = taskflowRows(await taskflowJson<unknown>(ctx, itemIndex, { family: 'taskflow', method: 'GET', path: '/services/tf/status', qs, action: 'listing taskflow runs' }));
		rows.push(...page);
		if (page.length < rowLimit) break;
	}
	return rows;
}

import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { cdataSyncRequest, segment } from '../transport';
import { field, normaliseStatus } from '../outcome';
import { requiredParameter } from '../../shared/parameters';

export { applyLimit, returnAllProperties } from '../../shared/parameters';

/** Workspace picker: list from the API, or an ID. */
export function workspaceLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Workspace',
		name: 'workspace',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The workspace that holds the jobs',
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchWorkspaces', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 3f2b9c1e-8d4a-4b7e-a1c2-0f9e8d7c6b5a' },
		],
	};
}

/** Job picker: list from the API (all workspaces, or the chosen one), or an ID. */
export function jobLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Job',
		name: 'job',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchJobs', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 6a1c2e3f-4b5d-4e6f-a7b8-9c0d1e2f3a4b' },
		],
	};
}

/** Task picker: the chosen job's tasks, or an ID. */
export function taskLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Task',
		name: 'task',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTasks', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 870237973789151200' },
		],
	};
}

/** A required id from a resource locator or string parameter; a missing one fails before any request. */
export function requiredId(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): string {
	return requiredParameter(ctx, itemIndex, parameter, label, { pathSafe: true });
}

/** The job's name for messages, when it can be read; the id otherwise. */
export async function jobLabel(ctx: IExecuteFunctions, itemIndex: number, jobId: string): Promise<string> {
	try {
		const status = await cdataSyncRequest<IDataObject>(ctx, { method: 'GET', path: `/jobs/${segment(jobId)}/status`, retry: { maxRetries: 0 } }, { itemIndex });
		const name = field(status, 'job_name', 'jobname', 'name');
		return name ? `"${String(name)}" (${jobId})` : jobId;
	} catch {
		return jobId;
	}
}

/**
 * Sync refuses to update or delete a running job (the page's notes). Its answer's wording is not documented, so a
 * 4xx is checked against the job's status; when the job runs, the error (still the NodeApiError, status kept) names it.
 */
export async function explainRunningRefusal(ctx: IExecuteFunctions, itemIndex: number, jobId: string, error: unknown, verb: 'updated' | 'deleted'): Promise<never> {
	const e = error as NodeApiErrorLike;
	const code = Number(e?.httpCode);
	if (e instanceof NodeApiError && code >= 400 && code < 500 && code !== 401 && code !== 404) {
		let running = /running/i.test(`${e.message} ${e.description ?? ''}`);
		let label = jobId;
		try {
			const status = await cdataSyncRequest<IDataObject>(ctx, { method: 'GET', path: `/jobs/${segment(jobId)}/status`, retry: { maxRetries: 0 } }, { itemIndex });
			const name = field(status, 'job_name', 'jobname', 'name');
			if (name) label = `"${String(name)}" (${jobId})`;
			running = normaliseStatus(field(status, 'status')).status === 'running' || (running && field(status, 'status') === undefined);
		} catch {
			// keep what the refusal itself said
		}
		if (running) {
			const vendorMessage = e.message;
			e.message = `Job ${label} is running and cannot be ${verb}`;
			e.description = `CData Sync does not allow a running job to be ${verb}. Cancel it (Job > Cancel) or wait until it ends, then try again. Sync answered: ${vendorMessage}`;
		}
	}
	throw error;
}

type NodeApiErrorLike = NodeApiError & { httpCode?: string | null; description?: string | null };

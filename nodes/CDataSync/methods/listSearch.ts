import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { pathSegment } from '../../shared/parameters';
import { asList, cdataSyncRequest } from '../transport';

const MAX_PARALLEL = 4;

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((t) => t.toLowerCase().includes(wanted));
}

function currentId(ctx: ILoadOptionsFunctions, name: string): string {
	try {
		const value = ctx.getCurrentNodeParameter(name, { extractValue: true });
		return value === undefined || value === null ? '' : String(value).trim();
	} catch {
		return '';
	}
}

async function workspaces(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return asList(await cdataSyncRequest<unknown>(ctx, { method: 'GET', path: '/workspaces' }));
}

/** Jobs of one workspace, or of every workspace (a few at a time) when none is chosen. */
export async function listJobs(ctx: ILoadOptionsFunctions, workspaceId: string): Promise<Array<{ job: IDataObject; workspace?: string }>> {
	if (workspaceId) {
		const jobs = asList(await cdataSyncRequest<unknown>(ctx, { method: 'GET', path: `/workspaces/${pathSegment(workspaceId)}/jobs` }));
		return jobs.map((job) => ({ job }));
	}
	const all = await workspaces(ctx);
	const results: Array<{ job: IDataObject; workspace?: string }> = [];
	for (let i = 0; i < all.length; i += MAX_PARALLEL) {
		const batch = all.slice(i, i + MAX_PARALLEL);
		const lists = await Promise.all(
			batch.map(async (ws) => asList(await cdataSyncRequest<unknown>(ctx, { method: 'GET', path: `/workspaces/${pathSegment(String(ws.id))}/jobs` }))),
		);
		lists.forEach((jobs, j) => jobs.forEach((job) => results.push({ job, workspace: String(batch[j].name ?? batch[j].id) })));
	}
	return results;
}

export async function searchWorkspaces(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = (await workspaces(this))
		.map((ws) => ({ name: `${String(ws.name ?? ws.id)}${ws.is_default ? ' (default)' : ''}`, value: String(ws.id) }))
		.filter((r) => matches(filter, r.name, r.value));
	return { results };
}

export async function searchJobs(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = (await listJobs(this, currentId(this, 'workspace')))
		.map(({ job, workspace }) => ({ name: workspace ? `${String(job.name ?? job.id)} (${workspace})` : String(job.name ?? job.id), value: String(job.id) }))
		.filter((r) => matches(filter, r.name, r.value))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

export async function searchTasks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const jobId = currentId(this, 'job');
	if (!jobId) return { results: [] };
	const tasks = asList(await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/tasks` }));
	const results: INodeListSearchItems[] = tasks
		.map((task, index) => ({ name: `#${String(task.index ?? index)} ${String(task.query ?? task.id)}`, value: String(task.id) }))
		.filter((r) => matches(filter, r.name, r.value));
	return { results };
}

/** For the trigger's "Jobs" multi-select. */
export async function getJobs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listJobs(this, currentId(this, 'workspace')))
		.map(({ job, workspace }) => ({ name: workspace ? `${String(job.name ?? job.id)} (${workspace})` : String(job.name ?? job.id), value: String(job.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { informaticaRequest } from '../transport';

const PAGE_SIZE = 100;

/**
 * One page of the v3 objects resource (GET objects?q=type=='…'&limit=&skip=), filtered by the search text (the API
 * has no name filter) and sorted by path (no order is promised). Each result's value is picked by `value`.
 */
async function searchObjects(
	ctx: ILoadOptionsFunctions,
	type: string,
	action: string,
	value: (object: IDataObject) => string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const skip = paginationToken ? Number(paginationToken) : 0;
	const answer = await informaticaRequest<IDataObject>(ctx, {
		family: 'v3',
		method: 'GET',
		path: '/objects',
		qs: { q: `type=='${type.replace(/'/g, '')}'`, limit: PAGE_SIZE, skip },
		action,
	});
	const objects = (Array.isArray(answer.objects) ? answer.objects : []) as IDataObject[];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = objects
		.map((o) => ({ name: String(o.path ?? o.id), value: value(o), description: o.description ? String(o.description) : undefined }))
		.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value.toLowerCase() === needle)
		.sort((a, b) => a.name.localeCompare(b.name));
	const count = Number(answer.count ?? 0);
	return { results, paginationToken: skip + PAGE_SIZE < count ? String(skip + PAGE_SIZE) : undefined };
}

/** Tasks of the chosen type. The value is the object ID: the taskFederatedId. */
export async function searchTasks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const taskType = String(this.getCurrentNodeParameter('taskType') ?? 'MTT');
	return await searchObjects(this, taskType, 'listing tasks', (o) => String(o.id), filter, paginationToken);
}

/**
 * Database Ingestion tasks (v3 objects of type DBMI_TASK). The value is the task's path (Project/Folder/Name): the
 * Database Ingestion API knows tasks by name (tasks/fetchId), so each run looks the task and its job up by it.
 */
export async function searchDatabaseIngestionTasks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchObjects(this, DATABASE_INGESTION_TASK_TYPE, 'listing Database Ingestion tasks', (o) => String(o.path ?? ''), filter, paginationToken);
}

/** The v3 object type of a Database Ingestion task (the type its job/status answer names as assetType). */
export const DATABASE_INGESTION_TASK_TYPE = 'DBMI_TASK';

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { informaticaRequest } from '../transport';

const PAGE_SIZE = 100;

/**
 * Tasks of the chosen type, from the v3 objects resource (GET objects?q=type=='MTT'), newest path first is not
 * promised by the API, so results are sorted by path. The value is the object ID: the taskFederatedId.
 */
export async function searchTasks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const taskType = String(this.getCurrentNodeParameter('taskType') ?? 'MTT');
	const skip = paginationToken ? Number(paginationToken) : 0;
	const terms = [`type=='${taskType.replace(/'/g, '')}'`];
	const answer = await informaticaRequest<IDataObject>(this, {
		family: 'v3',
		method: 'GET',
		path: '/objects',
		qs: { q: terms.join(' and '), limit: PAGE_SIZE, skip },
		action: 'listing tasks',
	});
	const objects = (Array.isArray(answer.objects) ? answer.objects : []) as IDataObject[];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = objects
		.map((o) => ({ name: String(o.path ?? o.id), value: String(o.id), description: o.description ? String(o.description) : undefined }))
		.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value.toLowerCase() === needle)
		.sort((a, b) => a.name.localeCompare(b.name));
	const count = Number(answer.count ?? 0);
	return { results, paginationToken: skip + PAGE_SIZE < count ? String(skip + PAGE_SIZE) : undefined };
}

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { migratorRequest } from '../transport';

/** Projects for the resource locator (GET /project), filtered by name or ID as the user types. */
export async function searchProjects(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const projects = await migratorRequest<IDataObject[]>(this, { method: 'GET', url: '/project', qs: { sort: 'name,ASC' }, action: 'listing projects' });
	const needle = (filter ?? '').trim().toLowerCase();
	const results = (Array.isArray(projects) ? projects : [])
		.filter((p) => !needle || String(p.name ?? '').toLowerCase().includes(needle) || String(p.id ?? '').toLowerCase().includes(needle))
		.map((p) => ({ name: p.type ? `${String(p.name)} (${String(p.type)})` : String(p.name ?? p.id), value: String(p.id) }));
	return { results };
}

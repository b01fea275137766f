import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { migratorRequest } from '../../transport';

import { flag, returnAllProperties } from '../../../shared/parameters';
import { wholeNumber } from '../../../shared/parameters';

const show = { resource: ['project'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllProperties(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: 'lastModified,DESC',
		options: [
			{ name: 'Last Modified, Newest First', value: 'lastModified,DESC' },
			{ name: 'Last Modified, Oldest First', value: 'lastModified,ASC' },
			{ name: 'Name, A to Z', value: 'name,ASC' },
			{ name: 'Name, Z to A', value: 'name,DESC' },
		],
		displayOptions: { show },
	},
];

export const concurrency = 5;

/** GET /project has no limit parameter: the limit is applied here. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = flag(this, itemIndex, 'returnAll', false);
	const limit = returnAll ? Infinity : wholeNumber(this, itemIndex, this.getNodeParameter('limit', itemIndex, 50), 'Limit', 1);
	const sort = this.getNodeParameter('sort', itemIndex, 'lastModified,DESC') as string;
	const projects = await migratorRequest<IDataObject[]>(this, { method: 'GET', url: '/project', qs: { sort }, action: 'listing projects' }, { itemIndex });
	return (Array.isArray(projects) ? projects : []).slice(0, limit);
}

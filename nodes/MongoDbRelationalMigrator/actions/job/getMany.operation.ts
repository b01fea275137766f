import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MigratorJob } from '../../outcome';
import { jobToJson } from '../../outcome';
import { migratorRequest } from '../../transport';
import { MIGRATOR_ID } from '../fields';
import { flag, returnAllProperties } from '../../../shared/parameters';
import { requiredId, wholeNumber } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllProperties(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: 'submittedAt,DESC',
		options: [
			{ name: 'Newest First', value: 'submittedAt,DESC' },
			{ name: 'Oldest First', value: 'submittedAt,ASC' },
		],
		description: 'Order by submission time',
		displayOptions: { show },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'In Progress Only',
				name: 'inProgressOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only jobs that are still running (type=IN_PROGRESS)',
			},
			{
				displayName: 'Project ID',
				name: 'projectId',
				type: 'string',
				default: '',
				description: 'Only jobs of this project (Project > Get Many lists the IDs)',
			},
		],
	},
];

export const concurrency = 5;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = flag(this, itemIndex, 'returnAll', false);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { sort: this.getNodeParameter('sort', itemIndex, 'submittedAt,DESC') as string };
	if (!returnAll) qs.limit = wholeNumber(this, itemIndex, this.getNodeParameter('limit', itemIndex, 50), 'Limit', 1);
	if (filters.inProgressOnly === true) qs.type = 'IN_PROGRESS';
	if (filters.projectId !== undefined && String(filters.projectId).trim() !== '') {
		qs.projectId = requiredId(this, itemIndex, 'filters.projectId', 'Project ID', MIGRATOR_ID);
	}
	const jobs = await migratorRequest<MigratorJob[]>(this, { method: 'GET', url: '/jobs', qs, action: 'listing jobs' }, { itemIndex });
	return (Array.isArray(jobs) ? jobs : []).map((job) => jobToJson(job));
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withOutcome } from '../../outcome';
import { asList, cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { applyLimit, pathSegment, requiredId, returnAllProperties } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['getHistory'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	{
		displayName: 'Return',
		name: 'historyScope',
		type: 'options',
		default: 'many',
		displayOptions: { show },
		options: [
			{ name: 'Many Records', value: 'many', description: 'The job\'s run history, newest first' },
			{ name: 'One Record', value: 'one', description: 'One history record by its ID' },
		],
	},
	{
		displayName: 'History ID',
		name: 'historyId',
		type: 'string',
		default: '',
		required: true,
		description: 'The history record\'s ID (its "ID" field)',
		displayOptions: { show: { ...show, historyScope: ['one'] } },
	},
	...returnAllProperties({ ...show, historyScope: ['many'] }),
];

export const concurrency = 4;

function newestFirst(records: IDataObject[]): IDataObject[] {
	const time = (r: IDataObject) => Date.parse(String(r.startedAt ?? '')) || 0;
	return [...records].sort((a, b) => time(b) - time(a));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	if (this.getNodeParameter('historyScope', itemIndex, 'many') === 'one') {
		const historyId = requiredId(this, itemIndex, 'historyId', 'History ID');
		const record = await cdataSyncRequest<IDataObject>(
			this,
			{ method: 'GET', path: `/jobs/${pathSegment(jobId)}/history/${pathSegment(historyId)}`, action: `reading history ${historyId} of job ${jobId}` },
			{ itemIndex },
		);
		return [withOutcome(record, jobId)];
	}
	const body = await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/jobs/${pathSegment(jobId)}/history`, action: `reading the history of job ${jobId}` }, { itemIndex });
	return applyLimit(this, itemIndex, newestFirst(asList(body).map((r) => withOutcome(r, jobId))));
}

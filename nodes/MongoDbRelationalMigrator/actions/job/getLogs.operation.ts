import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { redactValue } from '../../../shared/redact';
import { migratorRequest } from '../../transport';
import { MIGRATOR_ID, jobIdProperty } from '../fields';
import { requiredId, wholeNumber, pathSegment } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['getLogs'] };

export const description: INodeProperties[] = [
	jobIdProperty(show),
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Error', value: 'ERROR' },
			{ name: 'Info', value: 'INFO' },
			{ name: 'Warning', value: 'WARNING' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show },
	},
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Events to skip, counted back from the most recent one',
		displayOptions: { show },
	},
];

export const concurrency = 5;

/** One item per event (GET /jobs/{jobId}/logs, Relational Migrator 1.15+), newest first. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID', MIGRATOR_ID);
	const qs: IDataObject = {
		limit: wholeNumber(this, itemIndex, this.getNodeParameter('limit', itemIndex, 50), 'Limit', 1),
		offset: wholeNumber(this, itemIndex, this.getNodeParameter('offset', itemIndex, 0), 'Offset', 0),
	};
	const eventType = this.getNodeParameter('eventType', itemIndex, 'all') as string;
	if (eventType !== 'all') qs.eventType = eventType;
	const events = await migratorRequest<IDataObject[]>(
		this,
		{ method: 'GET', url: `/jobs/${pathSegment(jobId)}/logs`, qs, action: `reading the logs of job ${jobId}` },
		{ itemIndex },
	);
	return (Array.isArray(events) ? events : []).map((event) => ({ jobId, ...redactValue(event) }));
}

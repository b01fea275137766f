import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { databaseIngestionOutcome, mapDatabaseIngestionStatus } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { jobIdAsNumber, readJobId } from './api';
import { flag, returnAllProperties } from '../../../shared/parameters';
import { jobIdField } from '../fields';

const show = { resource: ['databaseIngestionJob'], operation: ['getMetrics'] };

/** Page size used by "Return All". */
const PAGE_SIZE = 100;
/** A bound on pages fetched for one item, in case the server ignores the offset. */
const MAX_PAGES = 1000;

export const description: INodeProperties[] = [
	jobIdField(['getMetrics']),
	...returnAllProperties(show),
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'tasks',
		options: [
			{ name: 'One Item per Task', value: 'tasks', description: 'Each metricsInfo entry (with its tables as subTasks) becomes an item' },
			{ name: 'One Summary Item', value: 'summary', description: 'The job info, counts, current throughput and all metricsInfo entries in one item' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'metricsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Offset',
				name: 'offset',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Number of entries to skip before the first one returned',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only entries whose source or target table contains this text',
			},
			{
				displayName: 'Sort By',
				name: 'sortField',
				type: 'options',
				default: 'srcTable',
				options: [
					{ name: 'Records Read', value: 'recordsRead' },
					{ name: 'Records Written', value: 'recordsWritten' },
					{ name: 'Source Table', value: 'srcTable' },
					{ name: 'State', value: 'state' },
					{ name: 'Target Table', value: 'tgtTable' },
				],
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				default: 'asc',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
			},
			{
				displayName: 'State Filter',
				name: 'stateFilter',
				type: 'options',
				default: '',
				description: 'Only tables in this state',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Completed', value: 'COMPLETED' },
					{ name: 'Error', value: 'ERROR' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Queued', value: 'QUEUED' },
					{ name: 'Running', value: 'RUNNING' },
					{ name: 'Stopped', value: 'STOPPED' },
				],
			},
		],
	},
];

interface MetricsOptions {
	offset?: number;
	search?: string;
	sortField?: string;
	sortOrder?: string;
	stateFilter?: string;
}

/** Adds the normalised outcome next to each sub-task's upper-case state. */
function withOutcomes(entry: IDataObject): IDataObject {
	const subTasks = Array.isArray(entry.subTasks) ? (entry.subTasks as IDataObject[]) : [];
	return { ...entry, subTasks: subTasks.map((sub) => ({ ...sub, outcome: mapDatabaseIngestionStatus(sub.state).status })) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const jobId = await readJobId(this, itemIndex);
	const returnAll = flag(this, itemIndex, 'returnAll', false);
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', itemIndex, 50)));
	const output = this.getNodeParameter('output', itemIndex, 'tasks') as string;
	const options = this.getNodeParameter('metricsOptions', itemIndex, {}) as MetricsOptions;

	const entries: IDataObject[] = [];
	let offset = Math.max(0, Number(options.offset ?? 0));
	let first: IDataObject | undefined;
	for (let page = 0; page < MAX_PAGES && entries.length < limit; page++) {
		const size = Math.min(PAGE_SIZE, limit - entries.length);
		const metricsOptions: IDataObject = {
			stateFilter: options.stateFilter ? options.stateFilter : null,
			sort: [options.sortField ?? 'srcTable', options.sortOrder ?? 'asc'],
			search: options.search ?? '',
			limit: size,
			offset,
		};
		const answer = await informaticaRequest<IDataObject>(
			this,
			{
				family: 'databaseIngestion',
				method: 'POST',
				path: '/job/metrics',
				qs: { jobId },
				body: { jobId: jobIdAsNumber(jobId), parameters: { metricsOptions } },
				idempotent: true,
				action: `reading the metrics of job ${jobId}`,
			},
			{ itemIndex },
		);
		first ??= answer;
		const got = Array.isArray(answer.metricsInfo) ? (answer.metricsInfo as IDataObject[]) : [];
		entries.push(...got.slice(0, size));
		offset += got.length;
		const total = Number((answer.counts as IDataObject | undefined)?.total);
		if (got.length < size || (Number.isFinite(total) && offset >= total)) break;
	}

	const jobInfo = (first?.jobInfo ?? {}) as IDataObject;
	const outcome = databaseIngestionOutcome(jobInfo);
	if (output === 'summary') {
		return [
			{
				jobId,
				outcome: outcome.status,
				jobInfo,
				counts: first?.counts ?? null,
				currentThroughput: first?.currentThroughput ?? null,
				metricsInfo: entries.map(withOutcomes),
			},
		];
	}
	return entries.map((entry) => ({ jobId, jobStatus: jobInfo.status ?? null, jobOutcome: outcome.status, ...withOutcomes(entry) }));
}

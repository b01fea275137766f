import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseDateTime } from '../../../shared/dates';
import { requestedLimit, returnAllProperties } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';
import { taskflowOutcome } from '../../outcome';
import { listTaskflowRuns } from './api';

const show = { resource: ['taskflow'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Run Status',
				name: 'runStatus',
				type: 'options',
				default: 'Running',
				options: [
					{ name: 'Failed', value: 'Failed' },
					{ name: 'Running', value: 'Running' },
					{ name: 'Success', value: 'Success' },
					{ name: 'Suspended', value: 'Suspended' },
				],
			},
			{ displayName: 'Started After', name: 'startTime', type: 'dateTime', default: '', description: 'Runs that started on or after this time (UTC)' },
			{ displayName: 'Started Before', name: 'endTime', type: 'dateTime', default: '', description: 'Runs that started before this time (UTC)' },
		],
	},
];

/** A dateTime parameter as the status list wants it: UTC, no milliseconds (2021-06-10T05:48:28Z). */
function utc(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	// ISO 8601 only, the day existing in its month: Date.parse takes "x 1" and 2024-02-31 (for March 2).
	const ms = parseDateTime(value);
	if (ms === undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is not a date and time: "${String(value)}"`, {
			itemIndex,
			description: 'Use an ISO 8601 date and time whose day exists in its month, e.g. 2024-02-29T08:00:00Z.',
		});
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GET /active-bpel/services/tf/status with filters: the taskflow runs Monitor shows, one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query = {
		runStatus: filters.runStatus ? String(filters.runStatus) : undefined,
		startTime: utc(this, itemIndex, filters.startTime, 'Started After'),
		endTime: utc(this, itemIndex, filters.endTime, 'Started Before'),
	};
	const rows = await listTaskflowRuns(this, itemIndex, query, requestedLimit(this, itemIndex));
	return rows.map((row) => {
		const outcome = taskflowOutcome(row);
		return withFields(row, { outcome: outcome.status, rawStatus: outcome.rawStatus });
	});
}

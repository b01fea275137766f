import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { readRunWaitOptions } from '../../../shared/jobRunDescription';
import { flag, requiredId } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';
import { exportOutcome } from '../../outcome';
import { exportJobIdField, readExport } from './api';
import { exportFollowProperties, exportRunControl } from './run';

const show = { resource: ['export'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	exportJobIdField(['getStatus']),
	{
		displayName: 'Include Objects',
		name: 'includeObjects',
		type: 'boolean',
		default: false,
		description: 'Whether to include each object\'s export state (expand=objects)',
		displayOptions: { show },
	},
	...exportFollowProperties(show, { pollIntervalSeconds: 10, timeoutSeconds: 3600 }),
];

export const concurrency = 4;

function statusJson(answer: IDataObject): IDataObject {
	const outcome = exportOutcome(answer);
	return withFields(answer, outcome.details ? { outcome: outcome.status, rawStatus: outcome.rawStatus, summary: outcome.details } : { outcome: outcome.status, rawStatus: outcome.rawStatus });
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'exportJobId', 'Export Job ID');
	const withObjects = flag(this, itemIndex, 'includeObjects', false);
	const wait = readRunWaitOptions(this, itemIndex);
	if (!wait) return statusJson(await readExport(this, itemIndex, id, withObjects));
	const control = exportRunControl(this, itemIndex, { id, body: {}, includeFailureDetails: false });
	const result = await followCurrentRun(
		{ ...control, readCurrent: async () => control.readStatus({ status: 'running', rawStatus: '' }) },
		{ stopAttachedRun: false },
		{ ...wait, cancelOnTimeout: false },
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const answer = withObjects ? await readExport(this, itemIndex, id, true) : control.latest();
	return { ...statusJson(answer), ...jobRunToJson(result) };
}

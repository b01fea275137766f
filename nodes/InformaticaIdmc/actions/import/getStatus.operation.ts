import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { readRunWaitOptions } from '../../../shared/jobRunDescription';
import { importOutcome } from '../../outcome';
import { readImport } from './api';
import { importJobIdField } from '../fields';
import { flag, requiredId } from '../../../shared/parameters';
import { withFields } from '../../../shared/records';
import { importFollowProperties, importRunControl } from './run';

const show = { resource: ['import'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	importJobIdField(['getStatus']),
	{
		displayName: 'Include Objects',
		name: 'includeObjects',
		type: 'boolean',
		default: false,
		description: 'Whether to include each object\'s import state (expand=objects)',
		displayOptions: { show },
	},
	...importFollowProperties(show, { pollIntervalSeconds: 10, timeoutSeconds: 3600 }),
];

export const concurrency = 4;

function statusJson(answer: IDataObject): IDataObject {
	const outcome = importOutcome(answer);
	return withFields(answer, outcome.details ? { outcome: outcome.status, rawStatus: outcome.rawStatus, summary: outcome.details } : { outcome: outcome.status, rawStatus: outcome.rawStatus });
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'importJobId', 'Import Job ID');
	const withObjects = flag(this, itemIndex, 'includeObjects', false);
	const wait = readRunWaitOptions(this, itemIndex);
	if (!wait) return statusJson(await readImport(this, itemIndex, id, withObjects));

	// An import started elsewhere, followed until it ends; one not started yet is no run to wait for.
	const control = importRunControl(this, itemIndex, { id, body: {}, policy: { ifAlreadyRunning: 'attach' }, includeFailureDetails: false });
	const current = await control.readStatus({ status: 'running', rawStatus: '' });
	if (current.rawStatus.toUpperCase() === 'NOT_STARTED') {
		const answer = withObjects ? await readImport(this, itemIndex, id, true) : control.latest();
		return { ...statusJson(answer), attached: false, startedByThisItem: false };
	}
	const result = await followCurrentRun(
		{ ...control, readCurrent: async () => current },
		{ stopAttachedRun: false },
		{ ...wait, cancelOnTimeout: false },
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const answer = withObjects ? await readImport(this, itemIndex, id, true) : control.latest();
	return { ...statusJson(answer), ...jobRunToJson(result) };
}

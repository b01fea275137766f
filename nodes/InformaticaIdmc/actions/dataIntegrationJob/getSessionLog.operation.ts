import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readActivityLogRun, readSessionLog } from './api';
import { runFields } from '../fields';
import { requiredId } from '../../../shared/parameters';

const show = { resource: ['dataIntegrationJob'], operation: ['getSessionLog'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find Run By',
		name: 'findRunBy',
		type: 'options',
		default: 'run',
		options: [
			{ name: 'Task ID and Run ID', value: 'run' },
			{ name: 'Activity Log Entry ID', value: 'activityLogId' },
		],
		displayOptions: { show },
	},
	...runFields('getSessionLog', { findRunBy: ['run'] }),
	{
		displayName: 'Activity Log Entry ID',
		name: 'activityLogId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID of the run\'s activity log entry (details.activityLogId in a status output)',
		displayOptions: { show: { ...show, findRunBy: ['activityLogId'] } },
	},
];

export const concurrency = 2;

/** The session log text of a finished run. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const findRunBy = this.getNodeParameter('findRunBy', itemIndex, 'run') as string;
	let activityLogId: string;
	const out: IDataObject = {};
	if (findRunBy === 'activityLogId') {
		activityLogId = requiredId(this, itemIndex, 'activityLogId', 'Activity Log Entry ID');
	} else {
		const taskId = requiredId(this, itemIndex, 'taskId', 'Task ID');
		const runId = requiredId(this, itemIndex, 'runId', 'Run ID');
		const row = await readActivityLogRun(this, itemIndex, taskId, runId);
		if (!row?.id) {
			throw new NodeOperationError(this.getNode(), `Run ${runId} of task ${taskId} is not in the activity log`, {
				itemIndex,
				description: 'A session log exists once the run has finished.',
			});
		}
		activityLogId = String(row.id);
		Object.assign(out, { taskId, runId, taskName: row.objectName ?? null });
	}
	const sessionLog = await readSessionLog(this, itemIndex, activityLogId);
	return { ...out, activityLogId, sessionLog };
}

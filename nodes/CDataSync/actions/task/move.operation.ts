import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asList, cdataSyncRequest } from '../../transport';
import { jobLocator, taskLocator } from '../fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['task'], operation: ['move'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	taskLocator(show),
	{
		displayName: 'From Index',
		name: 'fromIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'The task\'s current position in the job (0 is first)',
		displayOptions: { show },
	},
	{
		displayName: 'To Index',
		name: 'toIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'The position to move the task to (0 is first)',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const taskId = requiredId(this, itemIndex, 'task', 'Task');
	const fromIndex = this.getNodeParameter('fromIndex', itemIndex) as number;
	const toIndex = this.getNodeParameter('toIndex', itemIndex) as number;
	for (const [label, value] of [['From Index', fromIndex], ['To Index', toIndex]] as const) {
		if (!Number.isInteger(value) || value < 0) {
			throw new NodeOperationError(this.getNode(), `"${label}" must be a whole number of 0 or more`, { itemIndex, description: `Got ${String(value)}.` });
		}
	}
	const answer = await cdataSyncRequest<unknown>(
		this,
		{ method: 'POST', path: `/jobs/${pathSegment(jobId)}/tasks/${pathSegment(taskId)}/move`, body: { from_index: fromIndex, to_index: toIndex }, allowEmptyBody: true, action: `moving task ${taskId} of job ${jobId}` },
		{ itemIndex },
	);
	const list = asList(answer);
	if (list.length) return list;
	return answer && typeof answer === 'object' && Object.keys(answer).length ? (answer as IDataObject) : { jobId, taskId, fromIndex, toIndex, moved: true };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { terminateTaskflowRuns } from './api';

export const description: INodeProperties[] = [
	{
		displayName: 'Run IDs',
		name: 'runIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7645954072982472420, 675348537035183518',
		description: 'Comma-separated taskflow run IDs to terminate (at most 200 a call)',
		displayOptions: { show: { resource: ['taskflow'], operation: ['terminate'] } },
	},
];

/** PUT /active-bpel/services/tf/terminate with `{"runid": [...]}`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const runIds = String(this.getNodeParameter('runIds', itemIndex, '') ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (runIds.length === 0) throw new NodeOperationError(this.getNode(), '"Run IDs" is required', { itemIndex });
	if (runIds.length > 200) {
		throw new NodeOperationError(this.getNode(), '"Run IDs" lists more than 200 runs', { itemIndex, description: 'The terminate resource takes at most 200 run IDs a call: split them.' });
	}
	const bad = runIds.find((id) => !/^\d+$/.test(id));
	if (bad) throw new NodeOperationError(this.getNode(), `"Run IDs" holds "${bad}", which is not a taskflow run ID (digits only)`, { itemIndex });
	const answer = await terminateTaskflowRuns(this, itemIndex, runIds);
	return { runIds, terminated: true, answer };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { requiredText } from '../../../shared/parameters';
import { taskflowRunControl, taskflowStartProperties } from './run';

const show = { resource: ['taskflow'], operation: ['runTaskflow'] };

export const description: INodeProperties[] = [
	{
		displayName: 'API Name',
		name: 'apiName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tf_nightly_load',
		description: 'The API name of the taskflow published as a service: the last part of its service URL (…/active-bpel/rt/&lt;API name&gt;)',
		displayOptions: { show },
	},
	{
		displayName: 'Inputs',
		name: 'inputs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Input',
		description: 'The taskflow\'s input fields, sent as one JSON object',
		displayOptions: { show },
		options: [
			{
				displayName: 'Input',
				name: 'input',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, description: 'The input field\'s name, as in the taskflow\'s Start step' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'More Inputs (JSON)',
		name: 'inputsJson',
		type: 'json',
		default: '{}',
		description: 'Inputs that are not plain text (numbers, lists, objects), as a JSON object; merged with Inputs, Inputs win',
		displayOptions: { show },
	},
	...taskflowStartProperties(show, { pollIntervalSeconds: 10, timeoutSeconds: 3600 }),
];

/** The JSON body from Inputs and More Inputs; bad input fails before any request. */
export function taskflowInputs(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('inputsJson', itemIndex, '{}') as unknown;
	let extra: unknown = raw;
	if (typeof raw === 'string') {
		try {
			extra = raw.trim() ? jsonParse(raw) : {};
		} catch {
			throw new NodeOperationError(ctx.getNode(), '"More Inputs (JSON)" is not valid JSON', { itemIndex });
		}
	}
	if (!extra || typeof extra !== 'object' || Array.isArray(extra)) {
		throw new NodeOperationError(ctx.getNode(), '"More Inputs (JSON)" must be a JSON object', { itemIndex, description: 'For example {"batchSize": 500}' });
	}
	const body: IDataObject = { ...(extra as IDataObject) };
	const rows = ((ctx.getNodeParameter('inputs', itemIndex, {}) as IDataObject).input ?? []) as Array<{ name?: string; value?: string }>;
	rows.forEach((row, index) => {
		const name = String(row.name ?? '').trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), `"Name" of input ${index + 1} is required`, { itemIndex });
		body[name] = row.value ?? '';
	});
	return body;
}

/** POST /active-bpel/rt/{API name}: runs a taskflow published as a service, optionally waiting for the run to end. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const apiName = requiredText(this, itemIndex, 'apiName', 'API Name');
	if (/[/?#\s]/.test(apiName)) {
		throw new NodeOperationError(this.getNode(), `"API Name" must be the taskflow's API name alone, not "${apiName}"`, {
			itemIndex,
			description: 'Take the last part of the service URL, after /active-bpel/rt/.',
		});
	}
	const body = taskflowInputs(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const policy = { ...readRunPolicy(this, itemIndex), ifAlreadyRunning: 'attach' as const, stopAttachedRun: false };
	const control = taskflowRunControl(this, itemIndex, { apiName, body });
	const result = await startOrAttach(control, policy, wait, { node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() });
	if (!wait) return { runId: result.run.runId, apiName, outcome: result.run.status, rawStatus: result.run.rawStatus, startedByThisItem: true };
	return { apiName, ...control.latest(), ...jobRunToJson(result) };
}

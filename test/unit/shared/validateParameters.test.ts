import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { validateParameters } from '../../../nodes/shared/validateParameters';
import { waitForCompletionProperties } from '../../../nodes/shared/waitDescription';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' } as INode;

/** A context whose node holds `values` as set (display conditions read them raw, as n8n's editor does). */
function ctx(values: Record<string, unknown>): IExecuteFunctions {
	return {
		getNode: () => ({ ...node, parameters: values }),
		getNodeParameter: (name: string, _i: number, fallback: unknown) => (name in values ? values[name] : fallback),
	} as unknown as IExecuteFunctions;
}

const show = { resource: ['job'], operation: ['start'] };
const properties: INodeProperties[] = [
	{ displayName: 'Task Type', name: 'taskType', type: 'options', default: 'MTT', options: [{ name: 'Mapping', value: 'MTT' }, { name: 'Sync', value: 'DSS' }], displayOptions: { show } },
	{ displayName: 'Picked', name: 'picked', type: 'options', typeOptions: { loadOptionsMethod: 'x' }, default: '', displayOptions: { show } },
	{ displayName: 'Other', name: 'other', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }], displayOptions: { show: { resource: ['task'] } } },
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1, maxValue: 500 }, default: 50, displayOptions: { show } },
	...waitForCompletionProperties(show),
];

describe('validateParameters', () => {
	const base = { resource: 'job', operation: 'start' };
	it('passes valid values and defaults', () => {
		expect(() => validateParameters(ctx({ ...base, taskType: 'DSS', limit: 10 }), 0, properties)).not.toThrow();
	});
	it('refuses an unknown option value, naming the field and the allowed values', () => {
		expect(() => validateParameters(ctx({ ...base, taskType: 'NOPE' }), 0, properties)).toThrow('"Task Type" has an unknown value "NOPE"');
	});
	it('skips options loaded at run time and properties not shown for this operation', () => {
		expect(() => validateParameters(ctx({ ...base, picked: 'anything', other: 'zzz' }), 0, properties)).not.toThrow();
	});
	it('enforces number bounds and refuses non-numbers', () => {
		expect(() => validateParameters(ctx({ ...base, limit: 0 }), 0, properties)).toThrow('"Limit" must be at least 1');
		expect(() => validateParameters(ctx({ ...base, limit: 501 }), 0, properties)).toThrow('"Limit" must be at most 500');
		expect(() => validateParameters(ctx({ ...base, limit: 'ten' }), 0, properties)).toThrow('"Limit" must be a number');
	});
	it('accepts booleans and the texts "true"/"false" for a yes/no field, refuses anything else naming the field', () => {
		for (const flag of [true, false, 'true', ' FALSE ', 'True', '']) {
			expect(() => validateParameters(ctx({ ...base, waitForCompletion: flag }), 0, properties)).not.toThrow();
		}
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: 'yes' }), 0, properties)).toThrow('"Wait for Completion" must be true or false');
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: 1 }), 0, properties)).toThrow('"Wait for Completion" must be true or false');
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: true, waitOptions: { cancelOnTimeout: 'no' } }), 0, properties)).toThrow(
			'"Wait Options > Cancel on Timeout" must be true or false',
		);
		// A switch set to the text "true" shows its options: they are checked too.
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: 'true', waitOptions: { failOnJobFailure: 'off' } }), 0, properties)).toThrow(
			'"Wait Options > Fail Item When Job Fails" must be true or false',
		);
	});
	it('refuses a yes/no where a text or an ID goes, naming the field; a name/value pair may hold one', () => {
		const texts: INodeProperties[] = [
			{ displayName: 'Job ID', name: 'jobId', type: 'string', default: '' },
			{ displayName: 'Task', name: 'task', type: 'resourceLocator', default: { mode: 'id', value: '' }, modes: [] },
			{
				displayName: 'Inputs',
				name: 'inputs',
				type: 'fixedCollection',
				default: {},
				options: [{ name: 'input', displayName: 'Input', values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }] }],
			},
		];
		expect(() => validateParameters(ctx({ jobId: true }), 0, texts)).toThrow('"Job ID" is a yes/no value (true), not text or an ID');
		expect(() => validateParameters(ctx({ task: { __rl: true, mode: 'id', value: false } }), 0, texts)).toThrow('"Task" is a yes/no value (false)');
		expect(() => validateParameters(ctx({ jobId: '15', inputs: { input: [{ value: true }] } }), 0, texts)).not.toThrow();
	});
	it('an optional number left empty in a collection takes its default', () => {
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: true, waitOptions: { timeoutSeconds: '', pollIntervalSeconds: null } }), 0, properties)).not.toThrow();
	});
	it('checks the options inside a collection, only when the collection is shown', () => {
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: true, waitOptions: { pollIntervalSeconds: -1 } }), 0, properties)).toThrow(
			'"Wait Options > Poll Interval (Seconds)" must be at least 0',
		);
		expect(() => validateParameters(ctx({ ...base, waitForCompletion: false, waitOptions: { pollIntervalSeconds: -1 } }), 0, properties)).not.toThrow();
	});
	it('a display condition set by an expression is resolved; a set value is read as set', () => {
		const resolvedOnly = { resource: 'job', operation: '={{ "start" }}', taskType: 'NOPE' };
		const context = {
			getNode: () => ({ ...node, parameters: resolvedOnly }),
			getNodeParameter: (name: string, _i: number, fallback: unknown) => (name === 'operation' ? 'start' : name in resolvedOnly ? resolvedOnly[name as keyof typeof resolvedOnly] : fallback),
		} as unknown as IExecuteFunctions;
		expect(() => validateParameters(context, 0, properties)).toThrow('"Task Type" has an unknown value "NOPE"');
	});
});

import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { booleanValue, isEmptyValue, resolvedParameter } from './parameters';
import type { WaitOptions } from './waitForJob';
import { DEFAULT_WAIT } from './waitForJob';

// Literal defaults below mirror DEFAULT_WAIT (the lint rules want literals in descriptions).

/** The wait option that bounds the waits going at once; the item loop reads it, not the wait. */
export const MAX_CONCURRENT_WAITS = 'maxConcurrentWaits';
export const DEFAULT_MAX_CONCURRENT_WAITS = 50;

/**
 * The "Wait for Completion" switch and its options, identical on every start operation of every vendor.
 * `show` is the displayOptions.show of the operation that offers it.
 */
export function waitForCompletionProperties(show: IDisplayOptions['show'], defaults: Partial<WaitOptions> = {}): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: 'Whether to poll the job until it ends (or reaches the goal) before passing the item on',
			displayOptions: { show },
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { ...show, waitForCompletion: [true] } },
			options: [
				{
					displayName: 'Cancel on Timeout',
					name: 'cancelOnTimeout',
					type: 'boolean',
					default: false,
					description: 'Whether to stop the job when the wait times out',
				},
				{
					displayName: 'Fail Item When Job Fails',
					name: 'failOnJobFailure',
					type: 'boolean',
					default: true,
					description:
						'Whether a failed or cancelled job (or a timeout) fails the item. Off: the item passes on with its outcome, for an IF node to branch on.',
				},
				{
					displayName: 'Max Failed Status Reads in a Row',
					name: 'maxConsecutivePollFailures',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 3,
					description: 'The wait gives up (the item fails) at this many failed status reads (network, 5xx) in a row: with 3, the third failure in a row ends the wait',
				},
				{
					displayName: 'Poll Interval (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 10,
				},
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 0.1 },
					default: 3600,
					description: 'Longest time to wait; a final status read happens before the wait gives up',
				},
				{
					displayName: 'Treat Warning as Failure',
					name: 'treatWarningAsFailure',
					type: 'boolean',
					default: false,
				},
				{
					displayName: 'Waits at Once',
					name: MAX_CONCURRENT_WAITS,
					type: 'number',
					typeOptions: { minValue: 1, numberPrecision: 0 },
					default: 50,
					description:
						'How many items may wait at the same time (read from the first item). Starts still go one at a time, in input order; 1 waits for each item before the next one begins.',
				},
			],
		},
	];
	// Operation-specific defaults (a CDC job's goal, a longer import) replace the literal ones above.
	for (const option of properties[1].options as INodeProperties[]) {
		const value = defaults[option.name as keyof WaitOptions];
		if (value !== undefined) option.default = value;
	}
	return properties;
}

/** The wait options' declarations by name (labels and number bounds for the checks below). */
const WAIT_OPTIONS = new Map((waitForCompletionProperties({})[1].options as INodeProperties[]).map((o) => [o.name, o]));

function waitOptionError(ctx: IExecuteFunctions, itemIndex: number, name: string, message: string, got: unknown): NodeOperationError {
	const label = WAIT_OPTIONS.get(name)?.displayName ?? name;
	return new NodeOperationError(ctx.getNode(), `"Wait Options > ${label}" ${message}`, { itemIndex, description: `Got "${String(got)}".` });
}

/** A wait option's number: a number or numeric text, finite and within the option's declared bounds. */
function waitNumber(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(n)) throw waitOptionError(ctx, itemIndex, name, 'must be a number', value);
	const minValue = WAIT_OPTIONS.get(name)?.typeOptions?.minValue;
	if (typeof minValue === 'number' && n < minValue) throw waitOptionError(ctx, itemIndex, name, `must be at least ${minValue}`, value);
	return n;
}

/** A wait option's yes/no: a boolean or the text "true" / "false" (a text "false" is off, not a truthy text). */
function waitBoolean(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): boolean {
	const flag = booleanValue(value);
	if (flag === undefined) throw waitOptionError(ctx, itemIndex, name, 'must be true or false', value);
	return flag;
}

/** The "Wait for Completion" switch for one item: off when left empty, a text "false" is off. */
function waitsForCompletion(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const value = resolvedParameter(ctx, itemIndex, 'waitForCompletion', false);
	if (isEmptyValue(value)) return false;
	const flag = booleanValue(value);
	if (flag === undefined) {
		throw new NodeOperationError(ctx.getNode(), '"Wait for Completion" must be true or false', { itemIndex, description: `Got "${String(value)}".` });
	}
	return flag;
}

/** Reads the wait switch and options for one item; undefined when the user did not ask to wait. */
export function readWaitOptions(ctx: IExecuteFunctions, itemIndex: number, defaults: Partial<WaitOptions> = {}): WaitOptions | undefined {
	if (!waitsForCompletion(ctx, itemIndex)) return undefined;
	const given = resolvedParameter(ctx, itemIndex, 'waitOptions', {}) as IDataObject | undefined;
	const wait = { ...DEFAULT_WAIT, ...defaults } as WaitOptions & IDataObject;
	if (!given || typeof given !== 'object') return wait;
	for (const name of Object.keys(given)) {
		const value = given[name];
		// An empty value keeps the default: an undefined timeout would make the deadline NaN (a wait without end,
		// polling without pause), a null interval would poll without pause.
		if (name === MAX_CONCURRENT_WAITS || isEmptyValue(value)) continue;
		const type = WAIT_OPTIONS.get(name)?.type;
		wait[name] = type === 'number' ? waitNumber(ctx, itemIndex, name, value) : type === 'boolean' ? waitBoolean(ctx, itemIndex, name, value) : value;
	}
	return wait;
}

/** Whether an operation's parameters offer "Waits at Once". */
export function offersWaitBound(description: readonly INodeProperties[]): boolean {
	return description.some((p) => p.name === 'waitOptions' && (p.options as INodeProperties[] | undefined)?.some((o) => o.name === MAX_CONCURRENT_WAITS));
}

/**
 * The node's wait bound, read from the first item (the item loop is sized once per run): "Waits at Once" when the
 * first item waits, undefined when it does not. A value that is not a whole number of at least 1 counts as 1.
 */
export function readWaitBound(ctx: IExecuteFunctions): number | undefined {
	try {
		if (!waitsForCompletion(ctx, 0)) return undefined;
		const given = (resolvedParameter(ctx, 0, 'waitOptions', {}) as IDataObject)[MAX_CONCURRENT_WAITS];
		const bound = isEmptyValue(given) ? DEFAULT_MAX_CONCURRENT_WAITS : Math.floor(Number(given));
		return Number.isFinite(bound) && bound >= 1 ? bound : 1;
	} catch {
		// A parameter the first item cannot resolve: the item itself reports it; the items run one at a time.
		return 1;
	}
}

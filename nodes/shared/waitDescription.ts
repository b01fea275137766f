import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { WaitOptions } from './waitForJob';
import { DEFAULT_WAIT } from './waitForJob';

// Literal defaults below mirror DEFAULT_WAIT (the lint rules want literals in descriptions).

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
					description: 'Status reads that may fail in a row (network, 5xx) before the wait gives up',
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

/** Reads the wait switch and options for one item; undefined when the user did not ask to wait. */
export function readWaitOptions(ctx: IExecuteFunctions, itemIndex: number, defaults: Partial<WaitOptions> = {}): WaitOptions | undefined {
	if (!ctx.getNodeParameter('waitForCompletion', itemIndex, false)) return undefined;
	const given = ctx.getNodeParameter('waitOptions', itemIndex, {}) as Partial<WaitOptions>;
	return { ...DEFAULT_WAIT, ...defaults, ...given };
}

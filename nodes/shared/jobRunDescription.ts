import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { booleanValue, resolvedParameter } from './parameters';
import type { IfAlreadyRunning, RunPolicy } from './jobRun';
import { DEFAULT_RUN_POLICY } from './jobRun';
import type { WaitOptions } from './waitForJob';
import { readWaitOptions, waitForCompletionProperties } from './waitDescription';

const IF_ALREADY_RUNNING: IfAlreadyRunning[] = ['attach', 'waitThenStart', 'fail'];

/** The "If the Job Is Already Running" choice of a start operation. */
export function ifAlreadyRunningProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'If the Job Is Already Running',
		name: 'ifAlreadyRunning',
		type: 'options',
		default: 'attach',
		displayOptions: { show },
		description:
			'What to do when the job already has a run going (started elsewhere, or by an n8n execution that crashed). Attach also makes a re-run or a retry after a crash follow the run that is still going instead of starting a second one. n8n keeps nothing of a crashed execution that a node can read: if that run already ended, a re-run starts a new run.',
		options: [
			{
				name: 'Attach to the Running Job',
				value: 'attach',
				description: 'Start nothing; follow the running run (wait for it when waiting) and report its outcome, marked attached',
			},
			{
				name: 'Wait for It, Then Start a New Run',
				value: 'waitThenStart',
				description: 'Poll the running run until it ends (within the wait timeout), then start this item’s own run',
			},
			{ name: 'Fail', value: 'fail', description: 'Fail the item, naming the running run, before any start' },
		],
	};
}

export interface StopOptionDefaults {
	/** Default of "Stop the Job When the Execution Is Cancelled". */
	stopOnCancel: boolean;
	/** Replaces the option's description (a vendor whose stop cannot target one run says so here). */
	stopOnCancelDescription?: string;
	/** Replaces the description of "Cancel on Timeout" for the same reason. */
	cancelOnTimeoutDescription?: string;
}

const STOP_ON_CANCEL_DESCRIPTION =
	'Whether cancelling the execution in n8n (or n8n’s workflow timeout) sends one stop call for the run this item started. A run this item attached to is left alone unless the next option is on.';

function stopOptions(defaults: StopOptionDefaults): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Stop the Job When the Execution Is Cancelled',
			name: 'stopOnCancel',
			type: 'boolean',
			// The operation's default replaces this one below: off where a stop cannot target one run.
			default: true,
			description: defaults.stopOnCancelDescription ?? STOP_ON_CANCEL_DESCRIPTION,
		},
		{
			displayName: 'Also Stop a Run This Item Attached To',
			name: 'stopAttachedRun',
			type: 'boolean',
			default: false,
			description:
				'Whether cancel (and Cancel on Timeout) may also stop a run this item did not start: one it attached to, someone else’s',
		},
	];
	options[0].default = defaults.stopOnCancel;
	return options;
}

/** Adds the stop options to a "Wait Options" collection, keeping the collection's options in alphabetical order. */
function withStopOptions(properties: INodeProperties[], defaults: StopOptionDefaults): INodeProperties[] {
	const collection = properties.find((p) => p.name === 'waitOptions');
	if (!collection) return properties;
	const options = [...((collection.options as INodeProperties[]) ?? []), ...stopOptions(defaults)];
	if (defaults.cancelOnTimeoutDescription) {
		const cancelOnTimeout = options.find((o) => o.name === 'cancelOnTimeout');
		if (cancelOnTimeout) cancelOnTimeout.description = defaults.cancelOnTimeoutDescription;
	}
	collection.options = options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return properties;
}

/** A start operation's run parameters: "If the Job Is Already Running", "Wait for Completion" and the wait options with the stop options. */
export function startRunProperties(
	show: IDisplayOptions['show'],
	options: { wait?: Partial<WaitOptions>; stop?: Partial<StopOptionDefaults> } = {},
): INodeProperties[] {
	const stop: StopOptionDefaults = { stopOnCancel: DEFAULT_RUN_POLICY.stopOnCancel, ...options.stop };
	return [ifAlreadyRunningProperty(show), ...withStopOptions(waitForCompletionProperties(show, options.wait), stop)];
}

/**
 * A status operation's "Wait for Completion": the same wait options, for a run started elsewhere. Such a run is
 * never this item's, so only "Also Stop a Run This Item Attached To" is offered.
 */
export function followRunProperties(show: IDisplayOptions['show'], options: { wait?: Partial<WaitOptions>; cancelOnTimeoutDescription?: string } = {}): INodeProperties[] {
	const properties = withStopOptions(waitForCompletionProperties(show, options.wait), {
		stopOnCancel: false,
		cancelOnTimeoutDescription: options.cancelOnTimeoutDescription,
	});
	const collection = properties.find((p) => p.name === 'waitOptions')!;
	collection.options = (collection.options as INodeProperties[]).filter((o) => o.name !== 'stopOnCancel');
	const waitSwitch = properties.find((p) => p.name === 'waitForCompletion')!;
	waitSwitch.description = 'Whether to poll the job’s current run until it ends (or reaches the goal) before passing the item on';
	return properties;
}

/** Reads one item's run policy; `stopOnCancel` falls back to the operation's default. */
export function readRunPolicy(ctx: IExecuteFunctions, itemIndex: number, defaults: Partial<RunPolicy> = {}): RunPolicy {
	const base: RunPolicy = { ...DEFAULT_RUN_POLICY, ...defaults };
	const ifAlreadyRunning = resolvedParameter(ctx, itemIndex, 'ifAlreadyRunning', base.ifAlreadyRunning) as IfAlreadyRunning;
	const given = resolvedParameter(ctx, itemIndex, 'waitOptions', {}) as Partial<RunPolicy>;
	return {
		ifAlreadyRunning: IF_ALREADY_RUNNING.includes(ifAlreadyRunning) ? ifAlreadyRunning : base.ifAlreadyRunning,
		// A text "true"/"false" from an expression counts as that boolean (the parameter checks refuse other values).
		stopOnCancel: booleanValue(given?.stopOnCancel) ?? base.stopOnCancel,
		stopAttachedRun: booleanValue(given?.stopAttachedRun) ?? base.stopAttachedRun,
	};
}

/** The wait options without the stop options (they belong to the run policy). */
export function readRunWaitOptions(ctx: IExecuteFunctions, itemIndex: number, defaults: Partial<WaitOptions> = {}): WaitOptions | undefined {
	const wait = readWaitOptions(ctx, itemIndex, defaults) as (WaitOptions & Partial<RunPolicy>) | undefined;
	if (!wait) return undefined;
	delete wait.stopOnCancel;
	delete wait.stopAttachedRun;
	return wait;
}

/**
 * The wait parameters of a run the vendor cannot stop (Informatica imports and exports): the stop options and Cancel
 * on Timeout removed, and the wait switch's description saying why (`noStop`).
 */
export function withoutStopOptions(properties: INodeProperties[], noStop: string): INodeProperties[] {
	const collection = properties.find((p) => p.name === 'waitOptions')!;
	collection.options = (collection.options as INodeProperties[]).filter((o) => !['stopOnCancel', 'stopAttachedRun', 'cancelOnTimeout'].includes(o.name));
	const waitSwitch = properties.find((p) => p.name === 'waitForCompletion')!;
	waitSwitch.description = `${String(waitSwitch.description)}. ${noStop}`;
	return properties;
}

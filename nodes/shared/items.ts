import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cancelAwareContext, NotStartedOnCancelError, notStartedItem } from './afterCancel';
import { SkippedItemError, Turnstile } from './turnstile';

/** What an operation may return for one input item. */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData | INodeExecutionData[];

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;

export interface ItemLoopOptions {
	/** Items run at most this many at a time; 1 (the default) keeps them strictly in order. */
	concurrency?: number;
	/**
	 * Start-and-wait items: each item's start phase (everything before its first wait) begins only after the item
	 * before it has finished its own, so starts go one at a time in input order while the waits run together
	 * (see turnstile.ts). After a failure without continue on fail, no later item starts.
	 */
	ordered?: boolean;
}

function isExecutionData(value: unknown): value is INodeExecutionData {
	return !!value && typeof value === 'object' && 'json' in (value as object) && typeof (value as INodeExecutionData).json === 'object';
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) =>
		isExecutionData(entry)
			? { ...entry, pairedItem: entry.pairedItem ?? { item: itemIndex } }
			: { json: entry as IDataObject, pairedItem: { item: itemIndex } },
	);
}

/** Gives an error its item index so n8n points at the right item, without losing its HTTP status. */
export function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

/**
 * The error item n8n shows under "continue on fail": pairing kept, status and message carried, and for a job that
 * ran and failed, its outcome. With "On Error: Continue (using error output)" the same fields go under `details`:
 * n8n sends an item to the error output only when its JSON holds nothing but error, message and details.
 */
export function errorItem(error: unknown, itemIndex: number, toErrorOutput = false): INodeExecutionData {
	const e = error as { message?: string; description?: string | null; httpCode?: string | null };
	const message = e.message ?? String(error);
	const fields: IDataObject = {};
	if (e.description) fields.description = e.description;
	if (e.httpCode) fields.httpCode = e.httpCode;
	const outcome = (error as { jobOutcome?: IDataObject }).jobOutcome;
	if (outcome) Object.assign(fields, outcome);
	delete fields.error;
	const json: IDataObject = toErrorOutput ? { error: message, details: fields } : { error: message, ...fields };
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The item loop every action router uses: one operation call per input item, pairedItem on every output,
 * continueOnFail honoured, errors tagged with their item index, optional bounded concurrency, and for
 * start-and-wait operations the ordered turnstile (starts in input order, waits together).
 */
export async function runForEachItem(
	ctx: IExecuteFunctions,
	operation: ItemOperation,
	options: ItemLoopOptions = {},
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
	const results: INodeExecutionData[][] = new Array(count);
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const signal = executionSignal(ctx);
	const turnstile = options.ordered && concurrency > 1 ? new Turnstile(count, signal) : undefined;
	const sharedCtx = signal ? cancelAwareContext(ctx, signal) : ctx;
	let next = 0;
	type Failure = { index: number; error: NodeApiError | NodeOperationError };
	const failed: { first: Failure | undefined } = { first: undefined as Failure | undefined };
	const firstFailure = (): Failure | undefined => failed.first;

	const runItem = async (itemIndex: number) => {
		if (turnstile) {
			await turnstile.entered(itemIndex);
			// Queued behind a failed item: skipped without any request, as the sequential loop never reached it.
			if (turnstile.stoppedBefore(itemIndex)) return turnstile.settle(itemIndex);
		}
		try {
			// The item's own context: with a cancel signal of the item's own that the engine finds its turn by (ordered
			// loop), and whose requests the engine can send despite the cancel (a start already sent, see afterCancel.ts).
			// Without a turnstile every item has the execution's signal: one such context serves them all.
			const itemCtx = turnstile ? cancelAwareContext(ctx, turnstile.signal(itemIndex)) : sharedCtx;
			results[itemIndex] = toItems(await operation.call(itemCtx, itemIndex), itemIndex);
		} catch (error) {
			if (error instanceof SkippedItemError) return;
			// Kept from starting by n8n's cancel: reported as not started, no failed item (the node does not fail over it).
			if (error instanceof NotStartedOnCancelError) {
				results[itemIndex] = toItems(notStartedItem(error), itemIndex);
				return;
			}
			if (ctx.continueOnFail()) {
				results[itemIndex] = [errorItem(error, itemIndex, toErrorOutput)];
			} else {
				turnstile?.fail(itemIndex);
				if (itemIndex < (firstFailure()?.index ?? Infinity)) failed.first = { index: itemIndex, error: withItemIndex(ctx, error, itemIndex) };
			}
		} finally {
			turnstile?.settle(itemIndex);
		}
	};

	const worker = async () => {
		while (next < count && firstFailure() === undefined) await runItem(next++);
	};
	try {
		await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(count, 1)) }, worker));
	} finally {
		turnstile?.close();
	}
	const failure = firstFailure();
	if (failure) throw failure.error;
	return results.flat();
}

function executionSignal(ctx: IExecuteFunctions): AbortSignal | undefined {
	const fn = (ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal;
	return typeof fn === 'function' ? fn.call(ctx) : undefined;
}

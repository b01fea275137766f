import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What an operation may return for one input item. */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData | INodeExecutionData[];

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;

export interface ItemLoopOptions {
	/** Items run at most this many at a time; 1 (the default) keeps them strictly in order. */
	concurrency?: number;
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
 * continueOnFail honoured, errors tagged with their item index, optional bounded concurrency.
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
	let next = 0;
	type Failure = { index: number; error: NodeApiError | NodeOperationError };
	const failed: { first: Failure | undefined } = { first: undefined as Failure | undefined };
	const firstFailure = (): Failure | undefined => failed.first;

	const worker = async () => {
		while (next < count && firstFailure() === undefined) {
			const itemIndex = next++;
			try {
				results[itemIndex] = toItems(await operation.call(ctx, itemIndex), itemIndex);
			} catch (error) {
				if (ctx.continueOnFail()) {
					results[itemIndex] = [errorItem(error, itemIndex, toErrorOutput)];
				} else if (itemIndex < (firstFailure()?.index ?? Infinity)) {
					failed.first = { index: itemIndex, error: withItemIndex(ctx, error, itemIndex) };
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(count, 1)) }, worker));
	const failure = firstFailure();
	if (failure) throw failure.error;
	return results.flat();
}

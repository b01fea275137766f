import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deriveContext } from './runContext';

/**
 * The node's context for the one call that must still go out after n8n cancelled the execution: the stop of a job
 * this item started.
 *
 * n8n-core 2.41's `httpRequestWithAuthentication` replaces every request's `abortSignal` with the execution's cancel
 * signal whenever its `this` has `getExecutionCancelSignal`
 * (n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/authentication.js, lines 13-15), and
 * axios refuses to send a request whose signal already fired. This context is the node's own (same credential, same
 * session renewal, same helpers) with a `getExecutionCancelSignal` that returns no signal, so the stop is sent and is
 * bounded by its own request timeout instead.
 */
export function contextOutlivingCancel<T extends IExecuteFunctions>(ctx: T): T {
	return deriveContext(ctx, {
		getExecutionCancelSignal: { value: () => undefined, enumerable: false },
	});
}

/** The item signals whose requests are, for now, sent despite a cancel (a count: nested holds). */
const held = new WeakMap<AbortSignal, number>();
const HELD_SIGNAL = Symbol('heldCancelSignal');

/**
 * Runs `call` with the item's requests no longer bound to n8n's cancel: a start call already sent must get its
 * answer, not be cut off (the run it started would go on unstopped and unreported), and the status read that tells
 * whether a start with a lost answer took effect must still go out after the cancel. Only the requests begun inside
 * `call`, through a context of the item loop (itemContext in items.ts, whose getExecutionCancelSignal consults this),
 * are shielded; each is bounded by the credential's Request Timeout. `signal` is the item's cancel signal, as the
 * operation hands it to the engine.
 */
export async function finishDespiteCancel<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
	if (!signal) return await call();
	held.set(signal, (held.get(signal) ?? 0) + 1);
	try {
		return await call();
	} finally {
		const count = (held.get(signal) ?? 1) - 1;
		if (count > 0) held.set(signal, count);
		else held.delete(signal);
	}
}

/**
 * The item's context the item loop hands the operation: getExecutionCancelSignal() returns `signal`, or nothing while
 * finishDespiteCancel holds it (n8n then binds no signal to the request). The held signal stays readable for the
 * request layer, which resends nothing once it fired (see cancelledWhileHeld).
 */
export function cancelAwareContext<T extends IExecuteFunctions>(ctx: T, signal: AbortSignal): T {
	return deriveContext(ctx, {
		getExecutionCancelSignal: { value: () => (held.has(signal) ? undefined : signal), enumerable: false },
		[HELD_SIGNAL]: { value: signal, enumerable: false },
		onExecutionCancellation: {
			value: (handler: () => unknown) => {
				if (signal.aborted) return;
				signal.addEventListener('abort', () => handler(), { once: true });
			},
			enumerable: false,
		},
	});
}

/** Whether `ctx` sends a request despite n8n's cancel (finishDespiteCancel) and that cancel came: nothing may be sent again. */
export function cancelledWhileHeld(ctx: object): boolean {
	const signal = (ctx as { [HELD_SIGNAL]?: AbortSignal })[HELD_SIGNAL];
	return !!signal && held.has(signal) && signal.aborted;
}

/**
 * An item that n8n's cancel reached before its start was sent (queued behind earlier items, or still looking for a
 * running run): nothing of it ran, so it is no failed item. The item loop reports it (notStartedItem) instead of
 * failing the node over it, so the items before it keep their `cancelled` reports.
 */
export class NotStartedOnCancelError extends NodeOperationError {
	readonly notStartedOnCancel = true;
}

/** The output of an item the cancel kept from starting: outcome `cancelled`, `notStarted: true`, nothing stopped. */
export function notStartedItem(error: NotStartedOnCancelError): IDataObject {
	return { outcome: 'cancelled', rawStatus: 'not started', notStarted: true, attached: false, startedByThisItem: false, stoppedOnCancel: false, message: error.message };
}

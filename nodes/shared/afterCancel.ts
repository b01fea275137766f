import type { IExecuteFunctions } from 'n8n-workflow';

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
	return Object.create(ctx, {
		getExecutionCancelSignal: { value: () => undefined, enumerable: false },
	}) as T;
}

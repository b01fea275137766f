/**
 * Contexts the package derives from the node's (an item's own, one that outlives n8n's cancel) are new objects on
 * every item; caches meant once per node run (resolved parameters, the parameters as set, a credential's secrets) key
 * on the node run's own context, which each derived context names.
 */
const RUN_CONTEXT = Symbol('runContext');

/** The node run's own context behind `ctx` (ctx itself when it is one). */
export function runContext(ctx: object): object {
	return (ctx as { [RUN_CONTEXT]?: object })[RUN_CONTEXT] ?? ctx;
}

/** `Object.create(ctx, properties)`, naming ctx's node run context for the per-run caches. */
export function deriveContext<T extends object>(ctx: T, properties: PropertyDescriptorMap): T {
	return Object.create(ctx, Object.assign({ [RUN_CONTEXT]: { value: runContext(ctx), enumerable: false } }, properties)) as T;
}

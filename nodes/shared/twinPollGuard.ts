/**
 * The second guard of the polling trigger next to its saved state: this process remembers the events it emitted
 * lately, so a poll that n8n runs twice from the same saved state (at-least-once polls) emits each event once.
 */
import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

/** How long this process remembers the events it emitted, against a poll run twice with the same saved state. */
const GUARD_MS = 60 * 60 * 1000;
const GUARD_MAX = 20_000;

/** Event ids this process emitted lately, per watch: a poll run twice (or twice at once) emits each event once. */
const recentlyEmitted = new Map<string, Map<string, number>>();

/** Forgets what this process emitted: what a restart does (tests use it to act one out). */
export function forgetRecentEmissions(): void {
	recentlyEmitted.clear();
}

/** Per workflow, node and watch, and per saved state the poll started from: only a poll repeated from the same state is a twin. */
export function guardScope(ctx: IPollFunctions, watchId: string, base: string | undefined): string {
	const workflowId = typeof ctx.getWorkflow === 'function' ? ctx.getWorkflow().id : undefined;
	const node = typeof ctx.getNode === 'function' ? ctx.getNode() : undefined;
	return `${workflowId ?? ''}:${node?.id ?? node?.name ?? ''}:${watchId}:${base ?? ''}`;
}

/**
 * Drops items this process emitted lately and remembers the rest for `rememberMs` (default an hour); synchronous, so
 * two overlapping polls cannot both pass.
 */
export function firstTimeOnly(scope: string, items: INodeExecutionData[], now: number, rememberMs = GUARD_MS): INodeExecutionData[] {
	for (const [key, ids] of recentlyEmitted) {
		for (const [id, expires] of ids) if (expires <= now) ids.delete(id);
		if (ids.size === 0) recentlyEmitted.delete(key);
	}
	let seen = recentlyEmitted.get(scope);
	if (!seen) recentlyEmitted.set(scope, (seen = new Map()));
	const fresh = items.filter((item) => !seen.has(String(item.json.eventId)));
	for (const item of fresh) seen.set(String(item.json.eventId), now + rememberMs);
	while (seen.size > GUARD_MAX) seen.delete(seen.keys().next().value as string);
	return fresh;
}


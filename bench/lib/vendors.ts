/**
 * The vendor nodes the benchmark drives, loaded only when their files exist (the vendors land one by one).
 */
import type { LatencyTarget } from '../sections/latency';

/** Requires a module by path from the repository root; undefined when it does not exist yet. */
export function optionalRequire<T = Record<string, unknown>>(path: string): T | undefined {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(path) as T;
	} catch (error) {
		const e = error as { code?: string; message?: string };
		if (e.code === 'MODULE_NOT_FOUND' && e.message?.includes(path.replace(/^.*\//, ''))) return undefined;
		throw error;
	}
}

export function latencyTargets(): LatencyTarget[] {
	return [];
}

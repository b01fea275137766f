/** Small statistics helpers: every figure in the benchmark is a median of several runs, with min and max. */

export interface Stat {
	median: number;
	min: number;
	max: number;
	n: number;
	samples: number[];
}

export function stat(samples: number[]): Stat {
	const sorted = [...samples].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0, samples };
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length, samples };
}

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export function nowMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
	const start = nowMs();
	await fn();
	return nowMs() - start;
}

export function round(value: number, digits = 2): number {
	if (!Number.isFinite(value)) return value;
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** "12.3 [11.9–13.0]" with a unit; figures with fewer samples than 2 are shown alone. */
export function fmt(s: Stat, unit = '', digits = 2): string {
	if (s.n === 0) return 'n/a';
	const u = unit ? ` ${unit}` : '';
	if (s.n === 1 || s.min === s.max) return `${round(s.median, digits)}${u}`;
	return `${round(s.median, digits)}${u} [${round(s.min, digits)}–${round(s.max, digits)}]`;
}

export function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A full garbage collection before a timed leg, so that one leg does not pay for the garbage the previous one left
 * (the legs of a pair allocate very differently). `--expose-gc` is switched on at run time; without it, nothing.
 */
let collect: (() => void) | undefined | null;
export function settleHeap(): void {
	if (collect === undefined) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			require('node:v8').setFlagsFromString('--expose-gc');
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			collect = require('node:vm').runInNewContext('gc') as () => void;
		} catch {
			collect = null;
		}
	}
	collect?.();
}

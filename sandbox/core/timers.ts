/** Every timer the sandbox starts goes through here, so reset() and close() can clear them all. */
export interface ScheduledTimer {
	cancel(): void;
}

export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();

	/** Runs `fn` after `ms`; errors are logged, never thrown into the event loop. */
	schedule(ms: number, fn: () => void, onError?: (error: unknown) => void): ScheduledTimer {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			try {
				fn();
			} catch (error) {
				onError?.(error);
			}
		}, Math.max(0, ms));
		// A forgotten timer must not keep a test process alive.
		timer.unref();
		this.timers.add(timer);
		return {
			cancel: () => {
				clearTimeout(timer);
				this.timers.delete(timer);
			},
		};
	}

	/** A promise that resolves after `ms` (resolves early, never hangs, when the timers are cleared). */
	delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				this.waiters.delete(done);
				resolve();
			};
			this.waiters.add(done);
			this.schedule(ms, done);
		});
	}

	private readonly waiters = new Set<() => void>();

	get size(): number {
		return this.timers.size;
	}

	clearAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const resolve of this.waiters) resolve();
		this.waiters.clear();
	}
}

import type { ScheduledTimer } from './timers';

/** One scheduled transition: enter `to` at `atMs` after the job started. */
export interface LifecycleStep<S extends string> {
	atMs: number;
	to: S;
}

export interface LifecycleOptions<S extends string> {
	family: string;
	id: string | number;
	initial: S;
	/** Transitions in time order. An empty list (or one without a terminal state) leaves the job "stuck". */
	steps?: Array<LifecycleStep<S>>;
	/** States after which nothing more happens: entering one (scheduled or forced) cancels the remaining steps. */
	terminal?: S[];
	/** Called on every transition after the initial state, scheduled or forced: update your record here. */
	onTransition?: (to: S, from: S, job: LifecycleJob<S>) => void;
}

export interface LifecycleDeps {
	schedule(ms: number, fn: () => void): ScheduledTimer;
	now(): number;
}

/**
 * A job that walks through states on a timer. Families keep their own record (ids, counters, timestamps)
 * and update it from onTransition; the control API can force a state with force().
 */
export class LifecycleJob<S extends string = string> {
	readonly family: string;
	readonly id: string;
	readonly startedAt: number;
	state: S;
	/** When the job entered a terminal state. */
	endedAt?: number;
	readonly history: Array<{ state: S; at: number }>;
	private pending: ScheduledTimer[] = [];
	private readonly terminal: Set<S>;

	constructor(
		private readonly deps: LifecycleDeps,
		private readonly options: LifecycleOptions<S>,
	) {
		this.family = options.family;
		this.id = String(options.id);
		this.startedAt = deps.now();
		this.state = options.initial;
		this.history = [{ state: options.initial, at: this.startedAt }];
		this.terminal = new Set(options.terminal ?? []);
		if (this.terminal.has(options.initial)) {
			this.endedAt = this.startedAt;
			return;
		}
		for (const step of options.steps ?? []) {
			this.pending.push(deps.schedule(step.atMs, () => this.enter(step.to)));
		}
	}

	get finished(): boolean {
		return this.endedAt !== undefined;
	}

	/** Enters `to` now (control API, or the family's own cancel/stop endpoint). */
	force(to: S): void {
		this.enter(to);
	}

	/** Stops the remaining scheduled transitions without changing the state. */
	cancelPending(): void {
		for (const timer of this.pending) timer.cancel();
		this.pending = [];
	}

	private enter(to: S): void {
		if (this.finished) return;
		const from = this.state;
		this.state = to;
		const at = this.deps.now();
		this.history.push({ state: to, at });
		if (this.terminal.has(to)) {
			this.endedAt = at;
			this.cancelPending();
		}
		this.options.onTransition?.(to, from, this);
	}

	toJSON() {
		return { family: this.family, id: this.id, state: this.state, startedAt: this.startedAt, endedAt: this.endedAt, history: this.history };
	}
}

/**
 * The usual plan: `queued` at start, `running` after 10% of the run time, `final` at the run time.
 * Leave `final` undefined for a run that never ends (scripted outcome "stuck").
 */
export function standardRun<S extends string>(
	runTimeMs: number,
	states: { queued?: S; running: S; final?: S },
): { initial: S; steps: Array<LifecycleStep<S>> } {
	const steps: Array<LifecycleStep<S>> = [];
	if (states.queued !== undefined) steps.push({ atMs: Math.round(runTimeMs * 0.1), to: states.running });
	if (states.final !== undefined) steps.push({ atMs: runTimeMs, to: states.final });
	return { initial: states.queued ?? states.running, steps };
}

/** The lifecycle jobs alive in the sandbox, by family and id, so the control API can find them. */
export class JobRegistry {
	private readonly jobs = new Map<string, LifecycleJob<string>>();

	add(job: LifecycleJob<string>): void {
		this.jobs.set(`${job.family}:${job.id}`, job);
	}

	get(family: string, id: string | number): LifecycleJob<string> | undefined {
		return this.jobs.get(`${family}:${id}`);
	}

	list(family?: string): Array<LifecycleJob<string>> {
		return [...this.jobs.values()].filter((j) => family === undefined || j.family === family);
	}

	clear(): void {
		for (const job of this.jobs.values()) job.cancelPending();
		this.jobs.clear();
	}
}

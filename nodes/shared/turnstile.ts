/**
 * The ordered turnstile of a start-and-wait operation's items (issue 14): the items run together, up to the wait
 * bound, but each item's start phase (what it does before its first wait: the status read before the start, the
 * start call, the attach decision) begins only after the item before it has finished its own start phase or its
 * whole execute. The waits run outside the turnstile.
 *
 * The engine (jobRun.ts, waitForJob.ts) finds an item's turn through the item's cancel signal: the item loop gives
 * every item a context whose getExecutionCancelSignal() returns a signal of the item's own (fired with the
 * execution's), so the vendor operations, which already hand that signal to the engine, need no change.
 */

interface Gate {
	promise: Promise<void>;
	open: () => void;
}

function gate(): Gate {
	let open!: () => void;
	const promise = new Promise<void>((resolve) => {
		open = resolve;
	});
	return { promise, open };
}

/** Thrown by startOrAttach for an item queued behind a failed item: it sends nothing, and the loop drops it. */
export class SkippedItemError extends Error {
	constructor(readonly itemIndex: number) {
		super(`Item ${itemIndex} was not started: an earlier item failed`);
	}
}

const turns = new WeakMap<AbortSignal, ItemTurn>();

/** The turn of the item whose cancel signal this is; undefined outside an ordered item loop. */
export function turnOf(signal: AbortSignal | undefined): ItemTurn | undefined {
	return signal ? turns.get(signal) : undefined;
}

export class Turnstile {
	/** passed[i]: item i's start phase is over (its first wait began, or its execute settled). */
	private readonly passed: Gate[];

	/** started[i]: items 0..i are past their startOrAttach start phase (or settled). */
	private readonly started: Array<Promise<void>>;

	private readonly ownStart: Gate[];

	/** The waits going after a start, by slot (the job, see JobControl.slot): a later item of the same slot starts after they end, as it did sequentially. */
	private readonly follows = new Map<string, Array<{ index: number; done: Promise<void> }>>();

	private lowestFailure = Infinity;

	private readonly controllers: AbortController[];

	private readonly unlink: () => void;

	constructor(count: number, executionSignal: AbortSignal | undefined) {
		this.passed = Array.from({ length: count }, gate);
		this.ownStart = Array.from({ length: count }, gate);
		this.started = [];
		for (let i = 0; i < count; i++) {
			this.started.push(i === 0 ? this.ownStart[0].promise : Promise.all([this.started[i - 1], this.ownStart[i].promise]).then(() => undefined));
		}
		this.controllers = Array.from({ length: count }, () => new AbortController());
		this.controllers.forEach((controller, index) => turns.set(controller.signal, new ItemTurn(this, index)));
		// One listener on the execution's signal for all items (not one each: EventTarget warns past 10).
		const abortAll = () => this.controllers.forEach((c) => c.abort(executionSignal?.reason));
		if (executionSignal?.aborted) abortAll();
		executionSignal?.addEventListener('abort', abortAll);
		this.unlink = () => executionSignal?.removeEventListener('abort', abortAll);
	}

	/** The cancel signal item `index` sees: fires when the execution's does. */
	signal(index: number): AbortSignal {
		return this.controllers[index].signal;
	}

	/** Resolves when item `index` may begin: the item before it has passed its start phase. */
	async entered(index: number): Promise<void> {
		if (index > 0) await this.passed[index - 1].promise;
	}

	/** An item failed (no continue on fail): no item after it starts. */
	fail(index: number): void {
		this.lowestFailure = Math.min(this.lowestFailure, index);
	}

	/** Whether an item before `index` failed, so `index` must not start. */
	stoppedBefore(index: number): boolean {
		return this.lowestFailure < index;
	}

	/** Item `index` settled: whatever it still held is released. */
	settle(index: number): void {
		this.passed[index].open();
		this.ownStart[index].open();
	}

	/** Detaches from the execution's signal once the loop is over. */
	close(): void {
		this.unlink();
	}

	/** @internal */
	passStartPhase(index: number): void {
		this.passed[index].open();
	}

	/** @internal */
	async startTurn(index: number, slot: string): Promise<void> {
		if (index > 0) await this.started[index - 1];
		const earlier = (this.follows.get(slot) ?? []).filter((f) => f.index < index);
		await Promise.all(earlier.map((f) => f.done));
		if (this.stoppedBefore(index)) throw new SkippedItemError(index);
	}

	/** @internal */
	passStart(index: number): void {
		this.ownStart[index].open();
	}

	/** @internal */
	following(index: number, slot: string): () => void {
		const end = gate();
		const list = this.follows.get(slot) ?? [];
		list.push({ index, done: end.promise });
		this.follows.set(slot, list);
		return end.open;
	}
}

/** One item's view of the turnstile, as the engine uses it. */
export class ItemTurn {
	constructor(
		private readonly turnstile: Turnstile,
		readonly index: number,
	) {}

	/**
	 * Waits until the items before this one are past their starts (and any wait of an earlier item on the same
	 * `slot`, the job as a rule, has ended); throws SkippedItemError when an earlier item failed meanwhile.
	 */
	async awaitStartTurn(slot: string): Promise<void> {
		await this.turnstile.startTurn(this.index, slot);
	}

	/** This item's start (or attach) is decided: the next item's start may go. */
	startDone(): void {
		this.turnstile.passStart(this.index);
	}

	/** This item's first wait begins: its start phase is over, the next item may begin. */
	waitBegins(): void {
		this.turnstile.passStartPhase(this.index);
	}

	/** Registers this item's wait on slot `slot`; returns the call that marks its end. */
	following(slot: string): () => void {
		return this.turnstile.following(this.index, slot);
	}
}

export type ScriptedOutcomeKind = 'success' | 'warning' | 'failure' | 'stuck';
export const OUTCOMES: ScriptedOutcomeKind[] = ['success', 'warning', 'failure', 'stuck'];

/** What the next run(s) of one job must do. Families decide what each outcome looks like in their API. */
export interface ScriptSpec {
	family: string;
	/** Job or task id or name, as the family documents. Compared as a string. */
	key: string | number;
	outcome: ScriptedOutcomeKind;
	/** Error or warning text to show (the family's errorMsg / message field). */
	message?: string;
	/** Log text for the run's log endpoint. */
	log?: string;
	/** Run time of this run, overriding the sandbox's runTimeMs. */
	runTimeMs?: number;
	/** How many runs it applies to. Default 1. */
	times?: number;
}

export interface ScriptedOutcome {
	outcome: ScriptedOutcomeKind;
	message?: string;
	log?: string;
	runTimeMs?: number;
}

export class ScriptStore {
	private scripts: Array<ScriptSpec & { remaining: number }> = [];

	add(spec: ScriptSpec): void {
		if (!spec.family) throw new Error('family is required');
		if (spec.key === undefined || spec.key === null || spec.key === '') throw new Error('key is required');
		if (!OUTCOMES.includes(spec.outcome)) throw new Error(`outcome must be one of ${OUTCOMES.join(', ')}`);
		const times = spec.times ?? 1;
		if (!(Number.isInteger(times) && times > 0)) throw new Error('times must be a positive integer');
		this.scripts.push({ ...spec, key: String(spec.key), remaining: times });
	}

	/**
	 * Called by a family when a run starts: the first script for any of `keys` (e.g. task id, then task name),
	 * or undefined (run normally: success after runTimeMs). Each take uses up one of its `times`.
	 */
	take(family: string, ...keys: Array<string | number | undefined | null>): ScriptedOutcome | undefined {
		const wanted = keys.filter((k) => k !== undefined && k !== null && k !== '').map(String);
		for (const key of wanted) {
			const script = this.scripts.find((s) => s.family === family && s.key === key);
			if (!script) continue;
			script.remaining--;
			if (script.remaining <= 0) this.scripts = this.scripts.filter((s) => s !== script);
			const { outcome, message, log, runTimeMs } = script;
			return { outcome, message, log, runTimeMs };
		}
		return undefined;
	}

	list(): Array<ScriptSpec & { remaining: number }> {
		return this.scripts.map((s) => ({ ...s }));
	}

	clear(): void {
		this.scripts = [];
	}
}

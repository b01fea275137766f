import type { Sandbox } from '../../sandbox/server';
import type { Row } from './report';

export interface BenchOptions {
	/** Fewer repetitions (CI). */
	quick: boolean;
	/** Skip `npm run build` even when dist/ looks stale. */
	noBuild: boolean;
}

export interface BenchContext extends BenchOptions {
	sandbox: Sandbox;
	/** The repository root. */
	root: string;
	/** Progress lines on stderr (the table goes to stdout). */
	log(line: string): void;
	/** How many times to repeat a measurement: `full` normally, `quick` with --quick. */
	reps(full: number, quick: number): number;
}

export type Section = {
	id: number;
	title: string;
	run(ctx: BenchContext): Promise<Row[]>;
};

/**
 * A minimal sandbox family for the engine-level latency figure: jobs that run until the benchmark forces them to end
 * (`sandbox.transition('benchJobs', id, 'SUCCEEDED')`). Registered next to the vendor families, only by the benchmark.
 */
import type { SandboxContext, SandboxFamily } from '../../sandbox/core/context';
import { HttpError } from '../../sandbox/core/httpError';
import type { SandboxApp } from '../../sandbox/core/router';

export const BENCH_FAMILY = 'benchJobs';
export const BENCH_PREFIX = '/bench/v1/jobs';

type State = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export const benchFamily: SandboxFamily = {
	name: BENCH_FAMILY,
	register(app: SandboxApp, ctx: SandboxContext): void {
		let next = 1;
		ctx.onReset(() => {
			next = 1;
		});
		app.route('POST', BENCH_PREFIX, () => {
			const id = String(next++);
			const job = ctx.lifecycle<State>({ family: BENCH_FAMILY, id, initial: 'RUNNING', steps: [], terminal: ['SUCCEEDED', 'FAILED'] });
			return { status: 201, body: { id, state: job.state } };
		});
		app.route('GET', `${BENCH_PREFIX}/:id`, (req) => {
			const job = ctx.jobs.get(BENCH_FAMILY, req.params.id);
			if (!job) throw new HttpError(404, { message: `No job ${req.params.id}` });
			return { status: 200, body: { id: job.id, state: job.state } };
		});
	},
};

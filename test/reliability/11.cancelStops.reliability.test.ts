/**
 * Scenario 11: stop on cancel. Start-and-wait executions are cancelled mid-wait through WorkflowExecute (what n8n's
 * Stop button and its workflow timeout do). Every cancelled item that started its job sends exactly one stop call;
 * an item that attached to someone else's run sends none. Data Integration's stop ends a task, not a run, so its
 * option is off by default: there a cancel sends no stop unless the user turned it on.
 * Figures per vendor: executions cancelled, stop calls for own runs, stop calls for attached runs.
 */
import type { INodeParameters } from 'n8n-workflow';

import { cdataJob, rmCreateParams, type Env, FAMILY, figure, rl, RM_PROJECT, routeCount, timed, useScenarioEnv } from './support';

const ORDERS = '0100000Z000009';
const RUN_TIME_MS = 60_000;
const WAIT = { pollIntervalSeconds: 0.05, timeoutSeconds: 120 };
const ROUNDS = 5;

interface Vendor {
	name: string;
	type: string;
	family: string;
	startKey(env: Env): string;
	start(env: Env, extra?: INodeParameters): INodeParameters;
	isStop(route: string): boolean;
	/** Stop on cancel is off by default (Data Integration): the option is turned on for the "own run" rounds. */
	stopOffByDefault?: boolean;
	/** Ends whatever runs, so the next round starts clean. */
	end(env: Env): void;
}

const withWait = (p: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({
	...p,
	waitForCompletion: true,
	waitOptions: { ...WAIT, ...((extra.waitOptions as object) ?? {}) },
});

const VENDORS: Vendor[] = [
	{
		name: 'informatica DBMI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDbmi,
		startKey: () => '15',
		start: (_env, extra) => withWait({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15' }, extra),
		isStop: (route) => route === 'POST /saas/dbmi/public/api/v2/job/stop',
		end(env) {
			const job = (env.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((j) => j.jobId === 15);
			if (job && !['deployed', 'completed', 'stopped', 'failed', 'aborted'].includes(job.status)) env.sandbox.transition(FAMILY.informaticaDbmi, '15', 'completed');
		},
	},
	{
		name: 'informatica DI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDataIntegration,
		startKey: () => ORDERS,
		start: (_env, extra) => withWait({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) }, extra),
		isStop: (route) => route === 'POST /saas/api/v2/job/stop',
		stopOffByDefault: true,
		end(env) {
			const runs = (env.sandbox.state(FAMILY.informaticaDataIntegration) as { runs: Array<{ taskId: string; runId: number; state: string }> }).runs;
			for (const r of runs.filter((x) => x.taskId === ORDERS && !['SUCCESS', 'WARNING', 'FAILED', 'STOPPED'].includes(x.state)))
				env.sandbox.transition(FAMILY.informaticaDataIntegration, `${ORDERS}:${r.runId}`, 'SUCCESS');
		},
	},
	{
		name: 'cdata sync',
		type: 'cDataSync',
		family: FAMILY.cdataSync,
		startKey: cdataJob,
		start: (env, extra) => withWait({ resource: 'job', operation: 'execute', job: rl(cdataJob(env)) }, extra),
		isStop: (route) => route.startsWith('POST ') && route.endsWith('/jobs/:jobId/cancel'),
		end(env) {
			const job = (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; status: { status: string } }> }).jobs.find((j) => j.id === cdataJob(env))!;
			if (['Starting', 'Running'].includes(String(job.status.status))) env.sandbox.transition(FAMILY.cdataSync, job.id, 'Successful');
		},
	},
	{
		name: 'relational migrator',
		type: 'mongoDbRelationalMigrator',
		family: FAMILY.relationalMigrator,
		startKey: () => RM_PROJECT,
		start: (_env, extra) =>
			withWait(rmCreateParams(), extra),
		isStop: (route) => route === 'POST /api/v1/jobs/:jobId/stop',
		end(env) {
			for (const j of (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string; status: string }> }).jobs.filter((x) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(x.status)))
				env.sandbox.transition(FAMILY.relationalMigrator, j.id, 'COMPLETED');
		},
	},
];

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('11 stop on cancel: one stop per cancelled item that started its job, none for attached runs', () => {
	const env = useScenarioEnv({ runTimeMs: RUN_TIME_MS, resetEachTest: false });
	beforeEach(() => {
		env.sandbox.reset();
		env.sandbox.config.set({ runTimeMs: RUN_TIME_MS });
		env.harness = env.newHarness();
	});

	it.each(VENDORS.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const key = `${v.family}:${v.startKey(env)}`;
		const starts = () => env.sandbox.counters.snapshot().starts[key] ?? 0;
		const stops = () => routeCount(env.sandbox, v.isStop);
		const reads = () => env.sandbox.counters.snapshot().total;
		/** Runs the start-and-wait and cancels it once it has polled twice after `startsBefore` + `newStarts` starts. */
		const runAndCancel = async (parameters: INodeParameters, newStarts: number) => {
			const startsBefore = starts();
			let cancel!: () => void;
			const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
			const running = env.harness.runNode({ type: v.type, parameters, cancelWhen });
			const watcher = (async () => {
				await until(() => starts() >= startsBefore + newStarts, 20_000, 'the start');
				const seen = reads();
				await until(() => reads() > seen + 2, 20_000, 'polls');
				cancel();
			})();
			const result = await running;
			await watcher;
			return result;
		};

		let ownStops = 0;
		let attachedStops = 0;
		let cancelled = 0;
		const { seconds } = await timed(async () => {
			for (let round = 0; round < ROUNDS; round++) {
				// An item that started its job.
				const optIn = v.stopOffByDefault ? { waitOptions: { stopOnCancel: true } } : {};
				const before = stops();
				const own = await runAndCancel(v.start(env, optIn), 1);
				cancelled++;
				ownStops += stops() - before;
				expect(own.run.status).toBe('canceled');
				expect(own.items[0].json).toMatchObject({ outcome: 'cancelled', startedByThisItem: true, stoppedOnCancel: true, wait: { end: 'aborted' } });
				v.end(env);

				// An item that attached to a run someone else started: no stop.
				const other = await env.harness.runNode({ type: v.type, parameters: { ...v.start(env), waitForCompletion: false, ifAlreadyRunning: 'fail' } });
				expect(other.error).toBeUndefined();
				const beforeAttached = stops();
				const attached = await runAndCancel(v.start(env), 0);
				cancelled++;
				attachedStops += stops() - beforeAttached;
				expect(attached.items[0].json).toMatchObject({ attached: true, startedByThisItem: false, stoppedOnCancel: false });
				v.end(env);
			}
			if (v.stopOffByDefault) {
				// The default leaves the task alone: a cancel sends no stop.
				const before = stops();
				const quiet = await runAndCancel(v.start(env), 1);
				cancelled++;
				expect(stops() - before).toBe(0);
				expect(quiet.items[0].json).toMatchObject({ startedByThisItem: true, stoppedOnCancel: false });
				v.end(env);
			}
		});
		expect(ownStops).toBe(ROUNDS);
		expect(attachedStops).toBe(0);
		figure({
			scenario: 11,
			title: 'stop on cancel',
			subject: v.name,
			values: { cancelled, ownRuns: ROUNDS, stopsForOwnRuns: ownStops, attachedRuns: ROUNDS, stopsForAttachedRuns: attachedStops, starts: starts() },
			seconds,
		});
	});
});

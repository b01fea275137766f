/**
 * Start-with-wait operations of the vendor nodes, for the detection latency: the node starts a job that runs until
 * the benchmark ends it (the sandbox's run time is set to an hour), waits with a 1 s poll interval, and the
 * benchmark forces the job's terminal state in the sandbox.
 */
import type { INodeParameters } from 'n8n-workflow';

import { FAMILY, RELATIONAL_MIGRATOR } from '../../sandbox/server';
import { rl } from '../../test/harness/resourceLocator';
import type { LatencyTarget } from '../sections/latency';
import type { BenchContext } from './context';
import { informaticaSession, seedCdataJobs, seedDiTasks } from './sandboxApi';
import { sleepMs } from './stats';
import type { VendorKit } from './vendors';
import { cdataSync, informatica, relationalMigrator } from './vendors';

const LONG_RUN_MS = 3_600_000;

interface NodeLatencySpec {
	label: string;
	kit: VendorKit;
	family: string;
	/** The terminal state forced in the sandbox. */
	final: string;
	/** False when the vendor runs one job at a time (the waits then run one after another). */
	parallel: boolean;
	/** Seeds what `count` waits need; returns one key per wait (job id, task id…). */
	keys(ctx: BenchContext, count: number): Promise<string[]>;
	parameters(key: string, intervalSeconds: number): INodeParameters;
	/** Whether a sandbox lifecycle job id belongs to the wait for `key`. */
	owns(jobId: string, key: string): boolean;
}

function nodeTarget(spec: NodeLatencySpec): LatencyTarget {
	let keys: string[] = [];
	let harness: ReturnType<VendorKit['harness']> | undefined;
	return {
		label: spec.label,
		parallel: spec.parallel,
		async prepare(ctx, count) {
			keys = await spec.keys(ctx, count);
			ctx.sandbox.config.set({ runTimeMs: LONG_RUN_MS });
			harness = spec.kit.harness(ctx.sandbox);
		},
		async start(ctx, index, intervalSeconds) {
			const key = keys[index];
			const since = Date.now();
			const type = new spec.kit.node!().description.name;
			const run = harness!.runNode({ type, parameters: spec.parameters(key, intervalSeconds) });
			let failed: unknown;
			run.catch((error: unknown) => (failed = error));
			const done = run.then((result) => {
				if (result.error) throw new Error(`${spec.label}: ${result.error.message}`);
				return result;
			});
			for (let i = 0; i < 2000; i++) {
				if (failed) throw failed;
				const job = ctx.sandbox.ctx.jobs.list(spec.family).find((j) => spec.owns(j.id, key) && !j.finished && j.startedAt >= since);
				if (job) return { jobId: job.id, done };
				await sleepMs(2);
			}
			throw new Error(`${spec.label}: no job started in the sandbox`);
		},
		finish(ctx, jobId) {
			const job = ctx.sandbox.ctx.jobs.get(spec.family, jobId);
			if (!job) throw new Error(`${spec.label}: job ${jobId} vanished`);
			job.force(spec.final);
		},
	};
}

const wait = (intervalSeconds: number) => ({ waitForCompletion: true, waitOptions: { pollIntervalSeconds: intervalSeconds, timeoutSeconds: 120 } });

export function latencyTargets(): LatencyTarget[] {
	const targets: LatencyTarget[] = [];
	const cdata = cdataSync();
	if (cdata.node && cdata.credential) {
		targets.push(
			nodeTarget({
				label: 'CData Sync Job > Execute, wait',
				kit: cdata,
				family: FAMILY.cdataSync,
				final: 'Successful',
				parallel: true,
				keys: async (ctx, count) => (await seedCdataJobs(ctx.sandbox, count, 'latency')).jobIds,
				parameters: (key, s) => ({ resource: 'job', operation: 'execute', job: rl(key), taskIds: '', ...wait(s) }),
				owns: (jobId, key) => jobId === key,
			}),
		);
	}
	const infa = informatica();
	if (infa.node && infa.credential) {
		targets.push(
			nodeTarget({
				label: 'Informatica Data Integration Start, wait',
				kit: infa,
				family: FAMILY.informaticaDataIntegration,
				final: 'SUCCESS',
				parallel: true,
				keys: async (ctx, count) => await seedDiTasks(ctx.sandbox, await informaticaSession(ctx.sandbox), count, 'latency'),
				parameters: (key, s) => ({
					resource: 'dataIntegrationJob',
					operation: 'start',
					taskType: 'MTT',
					task: rl(key),
					callbackUrl: '',
					includeSessionLog: false,
					...wait(s),
				}),
				owns: (jobId, key) => jobId.startsWith(`${key}:`),
			}),
		);
	}
	const rm = relationalMigrator();
	if (rm.node) {
		targets.push(
			nodeTarget({
				label: 'Relational Migrator Job > Create, wait',
				kit: rm,
				family: FAMILY.relationalMigrator,
				final: 'COMPLETED/NOT_STARTED',
				parallel: false,
				keys: async (ctx, count) => {
					const projectId = (ctx.sandbox.state(FAMILY.relationalMigrator) as { projects: Array<{ id: string }> }).projects[0].id;
					return Array.from({ length: count }, () => projectId);
				},
				parameters: (projectId, s) => ({
					resource: 'job',
					operation: 'create',
					project: rl(projectId),
					databaseType: 'POSTGRESQL',
					sourceConnection: 'details',
					jdbcUrl: 'jdbc:postgresql://pg:5432/sales',
					jdbcUser: 'bench',
					jdbcPassword: 'bench-secret',
					destinationConnection: 'connectionString',
					mongoConnectionString: 'mongodb://mongo:27017/sales',
					mode: 'SNAPSHOT',
					ifJobRunning: 'fail',
					jobOptions: {},
					...wait(s),
				}),
				owns: () => true,
			}),
		);
	}
	void RELATIONAL_MIGRATOR;
	return targets;
}

/**
 * Scenario 9: triggers see every run. Per trigger, rounds in which 2 to 5 runs of a job start and end between two
 * polls (a failure and its retries, then a success, in random order), polled by the trigger through n8n-core's
 * PollContext with a filter on the finished outcomes; 20% of polls fail (a 500 on one of the poll's requests) and 10%
 * come after a restart (static data saved as JSON and reloaded, new harness, the process's memory of recent emissions
 * gone). Run twice: with one poll per tick, and with every poll run twice from the same saved state (n8n's durable
 * scheduler runs a poll at least once). Every run must be emitted once: none lost, none duplicated.
 * Database Ingestion shows only a job's latest run: the figures count the runs it cannot show and check that each poll
 * behind which such runs hide, where the API gives proof (a resumed run), says so (`runsMayHaveBeenMissed`).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { forgetRecentEmissions } from '../../nodes/shared/statusWatch';
import { type Env, FAMILY, figure, rl, seededRandom, timed, useScenarioEnv } from './support';

const ROUNDS = 40;
const FAILED_POLL_SHARE = 0.2;
const RESTART_SHARE = 0.1;
const FINISHED = ['succeeded', 'warning', 'failed', 'cancelled'];

interface Run {
	key: string;
	outcome: string;
	/** A run that resumed the job after a failed one (Database Ingestion). */
	resumed?: boolean;
}

interface Vendor {
	name: string;
	trigger: string;
	family: string;
	pollPaths: string[];
	/** The API shows only each job's latest run: the runs before it, since the last good poll, are hidden. */
	latestOnly?: boolean;
	parameters(env: Env): INodeParameters;
	setup(env: Env): Promise<string[]>;
	/** Runs `k` runs of the entity to their end; returns them, oldest first. */
	runs(env: Env, entity: string, k: number, random: () => number): Promise<Run[]>;
	key(json: IDataObject): string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)];
/** k outcomes: failures (the run and its retries), then a success; sometimes a warning or a cancel among them. */
function plan(random: () => number, k: number): string[] {
	return Array.from({ length: k }, (_, i) => (i === k - 1 ? 'succeeded' : random() < 0.8 ? 'failed' : pick(random, ['warning', 'cancelled'])));
}

function cdataVendor(): Vendor {
	let workspace = '';
	const STATUS: Record<string, string> = { succeeded: 'Successful', failed: 'Failed', warning: 'Warning', cancelled: 'Cancelled' };
	return {
		name: 'cdata sync',
		trigger: 'cDataSyncTrigger',
		family: FAMILY.cdataSync,
		pollPaths: ['/\\/jobs$/', '/\\/status$/', '/\\/history$/'],
		parameters: () => ({ watch: 'workspace', workspace: rl(workspace), outcomes: FINISHED }),
		async setup(env) {
			const state = env.sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; name: string }>; jobs: Array<{ id: string; workspace_id: string; name: string }> };
			workspace = state.workspaces.find((w) => w.name === 'Default')!.id;
			return state.jobs.filter((j) => j.workspace_id === workspace).map((j) => j.id);
		},
		async runs(env, jobId, k, random) {
			const out: Run[] = [];
			for (const outcome of plan(random, k)) {
				env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: jobId, outcome: 'stuck' });
				const status = env.sandbox.transition(FAMILY.cdataSync, jobId, 'Running') as { run_start_date: string };
				env.sandbox.transition(FAMILY.cdataSync, jobId, STATUS[outcome]);
				out.push({ key: `${jobId}:${new Date(status.run_start_date).toISOString()}`, outcome });
				await pause(2); // two runs never share a start time
			}
			return out;
		},
		key: (json) => String(json.key),
	};
}

const DI_TASKS: Array<[string, string]> = [
	['0100000Z000009', 'MTT'],
	['0100000Z00000A', 'MTT'],
	['0100000I000001', 'DSS'],
	['0100000P000004', 'PCS'],
];

function diVendor(): Vendor {
	const STATE: Record<string, string> = { succeeded: 'SUCCESS', failed: 'FAILED', warning: 'WARNING', cancelled: 'FAILED' };
	return {
		name: 'informatica DI',
		trigger: 'informaticaIdmcTrigger',
		family: FAMILY.informaticaDataIntegration,
		pollPaths: ['/activityMonitor/', '/activityLog/'],
		parameters: () => ({ watch: ['dataIntegration'], outcomes: FINISHED }),
		setup: async () => DI_TASKS.map(([id]) => id),
		async runs(env, taskId, k, random) {
			const tasks = (env.sandbox.state(FAMILY.informaticaDataIntegration) as { tasks: Array<{ id: string; federatedId: string }> }).tasks;
			const type = DI_TASKS.find(([id]) => id === taskId)![1];
			const out: Run[] = [];
			for (const planned of plan(random, k)) {
				const outcome = planned === 'cancelled' ? 'failed' : planned;
				env.sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: taskId, outcome: 'stuck' });
				const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'dataIntegrationJob', operation: 'start', taskType: type, task: rl(tasks.find((t) => t.id === taskId)!.federatedId, 'federatedId') } });
				if (started.error) throw started.error;
				const runId = String(started.items[0].json.runId);
				await pause(15); // let the run reach RUNNING, as scenario 4 does
				env.sandbox.transition(FAMILY.informaticaDataIntegration, `${taskId}:${runId}`, STATE[outcome]);
				await pause(2);
				out.push({ key: `di:${taskId}:${runId}`, outcome });
			}
			return out;
		},
		key: (json) => `di:${String(json.taskId)}:${String(json.runId)}`,
	};
}

function rmVendor(): Vendor {
	const STATE: Record<string, string> = { succeeded: 'COMPLETED/NOT_STARTED', failed: 'FAILED/NOT_STARTED', warning: 'FAILED/NOT_STARTED', cancelled: 'CANCELLED/NOT_STARTED' };
	return {
		name: 'relational migrator',
		trigger: 'mongoDbRelationalMigratorTrigger',
		family: FAMILY.relationalMigrator,
		pollPaths: ['/\\/api\\/v1\\/jobs/'],
		parameters: () => ({ outcomes: FINISHED, jobsPerPoll: 50 }),
		setup: async () => ['project'],
		async runs(env, _project, k, random) {
			const out: Run[] = [];
			for (const planned of plan(random, k)) {
				const outcome = planned === 'warning' ? 'failed' : planned;
				// A Relational Migrator run is a job: a retry is a new job of the same project.
				const created = await env.harness.runNode({
					type: 'mongoDbRelationalMigrator',
					parameters: { resource: 'job', operation: 'create', project: rl('6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51'), databaseType: 'POSTGRESQL', sourceConnection: 'details', jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432/sales', jdbcUser: 'alice', jdbcPassword: 'pw', destinationConnection: 'connectionString', mongoConnectionString: 'mongodb://m.example.internal/db', mode: 'SNAPSHOT' },
				});
				if (created.error) throw created.error;
				const id = String(created.items[0].json.id);
				env.sandbox.transition(FAMILY.relationalMigrator, id, STATE[outcome]);
				out.push({ key: id, outcome });
			}
			return out;
		},
		key: (json) => String(json.key),
	};
}

function dbmiVendor(): Vendor {
	let round = 0;
	const status = (env: Env) => (env.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string; startTime: string }> }).jobs.find((j) => j.jobId === 15)!;
	async function once(env: Env, kind: 'start' | 'resume', outcome: string): Promise<string> {
		env.sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 15, outcome: outcome === 'failed' ? 'failure' : 'success', runTimeMs: 10 });
		const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'databaseIngestionJob', operation: kind === 'start' ? 'start' : 'resume', jobId: '15' } });
		if (started.error) throw started.error;
		const until = Date.now() + 3000;
		while (Date.now() < until && !['failed', 'completed'].includes(status(env).status)) await pause(3);
		await pause(2);
		return `dbmi:15:${new Date(status(env).startTime).toISOString()}`;
	}
	return {
		name: 'informatica database ingestion',
		trigger: 'informaticaIdmcTrigger',
		family: FAMILY.informaticaDbmi,
		pollPaths: ['/job\\/status/'],
		latestOnly: true,
		parameters: () => ({ watch: ['databaseIngestion'], databaseIngestionJobIds: '15', outcomes: FINISHED }),
		setup: async () => {
			round = 0;
			return ['15'];
		},
		async runs(env, _job, k) {
			// Odd rounds: a failed start and its resumes, then a resumed success (the resume is the proof of a hidden run).
			// Even rounds: k plain starts (nothing in the API tells that runs hid between two polls).
			const resumes = round++ % 2 === 0;
			const out: Run[] = [];
			for (let i = 0; i < k; i++) {
				const last = i === k - 1;
				const outcome = resumes && !last ? 'failed' : 'succeeded';
				const key = await once(env, resumes && i > 0 ? 'resume' : 'start', outcome);
				out.push({ key, outcome, resumed: resumes && i > 0 });
			}
			return out;
		},
		key: (json) => String(json.key),
	};
}

describe('9 trigger every run: 2 to 5 runs per job between polls, failed polls, restarts, repeated polls', () => {
	const env = useScenarioEnv({ resetEachTest: true });
	beforeEach(() => forgetRecentEmissions());

	const cases = [cdataVendor, dbmiVendor, diVendor, rmVendor].flatMap((make) =>
		[false, true].map((twice) => {
			const v = make();
			return [`${v.name}${twice ? ', every poll run twice' : ''}`, v, twice] as const;
		}),
	);

	it.each(cases)('%s', async (_name, v, twice) => {
		const random = seededRandom(9);
		const entities = await v.setup(env);
		const staticData: { current: IDataObject } = { current: {} };
		const doPoll = () => env.harness.poll({ type: v.trigger, parameters: v.parameters(env), staticData: staticData.current });
		expect(await doPoll()).toBeNull(); // baseline

		let pending: Run[] = [];
		const all: Run[] = [];
		let polls = 0;
		let hidden = 0;
		let visibleRuns = 0;
		let failedPolls = 0;
		let restarts = 0;
		let emitted = 0;
		let flaggedPolls = 0;
		let provablePolls = 0;
		let unflaggedProvable = 0;
		const lost: string[] = [];
		const duplicated: string[] = [];
		const seenKeys = new Set<string>();

		const check = (items: IDataObject[]) => {
			emitted += items.length;
			const visible = v.latestOnly ? pending.slice(-1) : pending;
			hidden += pending.length - visible.length;
			visibleRuns += visible.length;
			const got = new Map<string, string[]>();
			for (const json of items) got.set(v.key(json), [...(got.get(v.key(json)) ?? []), String(json.outcome)]);
			for (const run of visible) {
				const outcomes = got.get(run.key) ?? [];
				const at = outcomes.indexOf(run.outcome);
				if (at < 0) lost.push(`${run.key}:${run.outcome}`);
				else outcomes.splice(at, 1);
			}
			for (const [key, rest] of got) for (const outcome of rest) duplicated.push(`${key}:${outcome}`);
			for (const json of items) {
				const id = `${v.key(json)}:${String(json.outcome)}`;
				if (seenKeys.has(id)) duplicated.push(id);
				seenKeys.add(id);
			}
			const flagged = items.some((json) => json.runsMayHaveBeenMissed === true);
			if (flagged) flaggedPolls++;
			// The API proves hidden runs when the run it shows resumed the job (the run the trigger saw last succeeded).
			if (pending.length > visible.length && visible[0]?.resumed) {
				provablePolls++;
				if (!flagged) unflaggedProvable++;
			}
			pending = [];
		};

		const { seconds } = await timed(async () => {
			for (let round = 0; round < ROUNDS || pending.length > 0; round++) {
				if (round < ROUNDS) {
					const entity = pick(random, entities);
					const k = 2 + Math.floor(random() * 4);
					const runs = await v.runs(env, entity, k, random);
					pending.push(...runs);
					all.push(...runs);
				}
				if (random() < RESTART_SHARE) {
					staticData.current = JSON.parse(JSON.stringify(staticData.current)) as IDataObject;
					env.harness = env.newHarness();
					forgetRecentEmissions();
					restarts++;
				}
				polls++;
				const before = JSON.stringify(staticData.current);
				if (random() < FAILED_POLL_SHARE && round < ROUNDS) {
					env.sandbox.faults.add({ match: { path: pick(random, v.pollPaths), family: v.family }, kind: 'status', status: 500, next: 1 });
					let reached: IDataObject[] | undefined;
					try {
						reached = ((await doPoll()) ?? []).map((i) => i.json); // the poll did not reach that request this time
						env.sandbox.faults.clear();
					} catch {
						expect(JSON.stringify(staticData.current)).toBe(before); // a failed poll saves nothing
						failedPolls++;
						continue;
					}
					check(reached);
					continue;
				}
				const items = ((await doPoll()) ?? []).map((i) => i.json);
				if (twice) {
					// The scheduler runs the same poll again from the same saved state; the last save wins.
					const second = { current: JSON.parse(before) as IDataObject };
					const again = ((await env.harness.poll({ type: v.trigger, parameters: v.parameters(env), staticData: second.current })) ?? []).map((i) => i.json);
					items.push(...again);
					staticData.current = second.current;
				}
				check(items);
			}
		});
		figure({
			scenario: 9,
			title: 'trigger every run',
			subject: `${v.name}${twice ? ' (twin polls)' : ''}`,
			values: {
				runs: all.length,
				visible: visibleRuns,
				emitted,
				lost: lost.length,
				duplicated: duplicated.length,
				...(hidden ? { hiddenByApi: hidden, flaggedPolls, pollsWithProvableMisses: provablePolls, unflagged: unflaggedProvable } : {}),
				polls,
				failedPolls,
				restarts,
			},
			seconds,
		});
		if (lost.length) process.stdout.write(`LOST ${JSON.stringify(lost.slice(0, 8))}\n`);
		expect({ lost: lost.slice(0, 5), duplicated: duplicated.slice(0, 5) }).toEqual({ lost: [], duplicated: [] });
		expect(emitted).toBe(visibleRuns);
		expect(visibleRuns + hidden).toBe(all.length);
		expect(unflaggedProvable).toBe(0);
		expect(failedPolls).toBeGreaterThan(0);
	});
});

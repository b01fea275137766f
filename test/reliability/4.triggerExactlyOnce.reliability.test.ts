/**
 * Scenario 4: trigger delivery exactly once. Per vendor, 1,000 random job transitions, polled by the vendor's trigger
 * through n8n-core's PollContext; 20% of polls fail (a 500 on one of the poll's requests, chosen at random) and 10%
 * of polls come after a restart (static data saved as JSON and reloaded, new credentials). Every transition must be
 * emitted exactly once: none lost, none duplicated.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { type Env, FAMILY, figure, rl, seededRandom, timed, useScenarioEnv } from './support';

const TRANSITIONS = 1000;
const FAILED_POLL_SHARE = 0.2;
const RESTART_SHARE = 0.1;

interface Emitted {
	key: string;
	/** The outcome (or, where the trigger fires on raw state changes, the state) the trigger must emit. */
	outcome: string;
}

interface Vendor {
	name: string;
	trigger: string;
	family: string;
	/** Path regexes of the requests one poll makes (a failed poll fails one of them). */
	pollPaths: string[];
	parameters(env: Env): INodeParameters;
	setup(env: Env): Promise<string[]>;
	/** Causes one transition of the entity; returns the key the trigger will emit it under and the outcome expected. */
	step(env: Env, entity: string, random: () => number): Promise<Emitted>;
	key(json: IDataObject): string;
	/** What of an emitted item is compared with Emitted.outcome. */
	label?(json: IDataObject): string;
}

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)];
const FINAL = [
	['SUCCESS', 'succeeded'],
	['FAILED', 'failed'],
	['WARNING', 'warning'],
] as const;

const DI_TASKS: Array<[string, string]> = [
	['0100000Z000009', 'MTT'],
	['0100000Z00000A', 'MTT'],
	['0100000Z00000B', 'MTT'],
	['0100000I000001', 'DSS'],
	['0100000G000002', 'DRS'],
	['0034J90000000M', 'WORKFLOW'],
	['0100000P000004', 'PCS'],
];

function diVendor(): Vendor {
	const running = new Map<string, number>();
	return {
		name: 'informatica DI',
		trigger: 'informaticaIdmcTrigger',
		family: FAMILY.informaticaDataIntegration,
		pollPaths: ['/activityMonitor/', '/activityLog/'],
		parameters: () => ({ watch: ['dataIntegration'] }),
		async setup() {
			running.clear();
			return DI_TASKS.map(([id]) => id);
		},
		async step(env, taskId, random) {
			const runId = running.get(taskId);
			if (runId === undefined) {
				const type = DI_TASKS.find(([id]) => id === taskId)![1];
				const tasks = (env.sandbox.state(FAMILY.informaticaDataIntegration) as { tasks: Array<{ id: string; federatedId: string }> }).tasks;
				env.sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: taskId, outcome: 'stuck' });
				const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'dataIntegrationJob', operation: 'start', taskType: type, task: rl(tasks.find((t) => t.id === taskId)!.federatedId, 'federatedId') } });
				if (started.error) throw started.error;
				const id = Number(started.items[0].json.runId);
				// The sandbox moves a run QUEUED -> INITIALIZED -> RUNNING on its own (5% and 10% of the 50 ms run time):
				// let it get there, so the one transition this step causes is "now running".
				await new Promise((r) => setTimeout(r, 15));
				running.set(taskId, id);
				return { key: `di:${taskId}:${id}`, outcome: 'running' };
			}
			const [state, outcome] = pick(random, FINAL);
			env.sandbox.transition(FAMILY.informaticaDataIntegration, `${taskId}:${runId}`, state);
			running.delete(taskId);
			// Finished runs are ordered by end time in the activity log: keep two ends apart.
			await new Promise((r) => setTimeout(r, 2));
			return { key: `di:${taskId}:${runId}`, outcome };
		},
		key: (json) => `di:${String(json.taskId)}:${String(json.runId)}`,
	};
}

function cdataVendor(): Vendor {
	let workspace = '';
	const running = new Set<string>();
	return {
		name: 'cdata sync',
		trigger: 'cDataSyncTrigger',
		family: FAMILY.cdataSync,
		pollPaths: ['/\\/jobs$/', '/\\/status$/'],
		parameters: () => ({ watch: 'workspace', workspace: rl(workspace), outcomes: [] }),
		async setup(env) {
			running.clear();
			const state = env.sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; name: string }>; jobs: Array<{ id: string; workspace_id: string }> };
			workspace = state.workspaces.find((w) => w.name === 'Default')!.id;
			return state.jobs.filter((j) => j.workspace_id === workspace).map((j) => j.id);
		},
		async step(env, jobId, random) {
			if (!running.has(jobId)) {
				env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: jobId, outcome: 'stuck' }); // the run ends only when the test says so
				env.sandbox.transition(FAMILY.cdataSync, jobId, 'Running');
				running.add(jobId);
				return { key: jobId, outcome: 'running' };
			}
			const [state, outcome] = pick(random, [['Successful', 'succeeded'], ['Failed', 'failed'], ['Warning', 'warning'], ['Cancelled', 'cancelled']] as const);
			env.sandbox.transition(FAMILY.cdataSync, jobId, state);
			running.delete(jobId);
			return { key: jobId, outcome };
		},
		key: (json) => String(json.jobId), // the item key is per run (job id and run start); transitions are per job
	};
}

function rmVendor(): Vendor {
	const states = new Map<string, string>();
	const STATES = ['RUNNING/NOT_STARTED', 'RUNNING/RUNNING', 'RUNNING/PAUSED', 'COMPLETED/NOT_STARTED', 'FAILED/NOT_STARTED', 'CANCELLED/NOT_STARTED', 'COMPLETED/COMPLETED', 'FAILED/FAILED'];
	return {
		name: 'relational migrator',
		trigger: 'mongoDbRelationalMigratorTrigger',
		family: FAMILY.relationalMigrator,
		pollPaths: ['/\\/api\\/v1\\/jobs/'],
		parameters: () => ({}),
		async setup(env) {
			states.clear();
			for (let i = 0; i < 7; i++) {
				const created = await env.harness.runNode({
					type: 'mongoDbRelationalMigrator',
					parameters: { resource: 'job', operation: 'create', project: rl('6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51'), databaseType: 'POSTGRESQL', sourceConnection: 'details', jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432/sales', jdbcUser: 'alice', jdbcPassword: 'pw', destinationConnection: 'connectionString', mongoConnectionString: 'mongodb://m.example.internal/db', mode: 'SNAPSHOT' },
				});
				if (created.error) throw created.error;
				env.sandbox.transition(FAMILY.relationalMigrator, String(created.items[0].json.id), 'COMPLETED/NOT_STARTED');
			}
			const jobs = (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string; status: string; cdcStatus: string }> }).jobs;
			for (const j of jobs) states.set(j.id, `${j.status}/${j.cdcStatus}`);
			return jobs.map((j) => j.id);
		},
		async step(env, jobId, random) {
			const current = states.get(jobId);
			const next = pick(random, STATES.filter((s) => s !== current));
			env.sandbox.transition(FAMILY.relationalMigrator, jobId, next);
			states.set(jobId, next);
			return { key: jobId, outcome: next };
		},
		key: (json) => String(json.key ?? json.id),
		label: (json) => String(json.state),
	};
}

describe('4 trigger exactly once: 1,000 random transitions per vendor, failed polls and restarts', () => {
	const env = useScenarioEnv();

	it.each([diVendor(), cdataVendor(), rmVendor()].map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const random = seededRandom(8);
		const entities = await v.setup(env);
		const staticData: { current: IDataObject } = { current: {} };
		const doPoll = () => env.harness.poll({ type: v.trigger, parameters: v.parameters(env), staticData: staticData.current });
		expect(await doPoll()).toBeNull(); // baseline

		const pending = new Map<string, Emitted[]>(); // caused, not yet seen by a successful poll
		let caused = 0;
		let polls = 0;
		let failedPolls = 0;
		let restarts = 0;
		let emittedTotal = 0;
		const lost: string[] = [];
		const duplicated: string[] = [];
		const wrong: string[] = [];

		const check = (emitted: IDataObject[]) => {
			emittedTotal += emitted.length;
			const seen = new Map<string, string[]>();
			for (const json of emitted) seen.set(v.key(json), [...(seen.get(v.key(json)) ?? []), v.label ? v.label(json) : String(json.outcome)]);
			for (const [entity, expected] of pending) {
				for (const e of expected) {
					const got = seen.get(e.key) ?? [];
					const at = got.indexOf(e.outcome);
					if (at < 0) lost.push(`${e.key}:${e.outcome}`);
					else got.splice(at, 1);
				}
				void entity;
			}
			for (const [key, rest] of seen) for (const outcome of rest) (pending.size ? duplicated : wrong).push(`${key}:${outcome}`);
			pending.clear();
		};

		const { seconds } = await timed(async () => {
			while (caused < TRANSITIONS || pending.size > 0) {
				// One transition per entity between two successful polls: the trigger compares states between polls.
				const free = entities.filter((e) => !pending.has(e));
				const count = Math.min(free.length, TRANSITIONS - caused, 1 + Math.floor(random() * 4));
				for (let i = 0; i < count; i++) {
					const entity = free.splice(Math.floor(random() * free.length), 1)[0];
					pending.set(entity, [await v.step(env, entity, random)]);
					caused++;
				}
				if (random() < RESTART_SHARE) {
					staticData.current = JSON.parse(JSON.stringify(staticData.current)) as IDataObject;
					env.harness = env.newHarness();
					restarts++;
				}
				polls++;
				const before = JSON.stringify(staticData.current);
				if (random() < FAILED_POLL_SHARE) {
					env.sandbox.faults.add({ match: { path: pick(random, v.pollPaths), family: v.family }, kind: 'status', status: 500, next: 1 });
					try {
						await doPoll();
						env.sandbox.faults.clear(); // the poll did not reach that request this time
					} catch {
						failedPolls++;
						expect(JSON.stringify(staticData.current)).toBe(before); // a failed poll saves nothing
					}
					continue;
				}
				const items = (await doPoll()) ?? [];
				check(items.map((i) => i.json));
			}
		});
		figure({
			scenario: 4,
			title: 'trigger exactly once',
			subject: v.name,
			values: { transitions: caused, emitted: emittedTotal, lost: lost.length, duplicated: duplicated.length + wrong.length, polls, failedPolls, restarts },
			seconds,
		});
		expect({ lost: lost.slice(0, 5), duplicated: duplicated.slice(0, 5), wrong: wrong.slice(0, 5) }).toEqual({ lost: [], duplicated: [], wrong: [] });
		expect(emittedTotal).toBe(TRANSITIONS);
		expect(failedPolls).toBeGreaterThan(polls * 0.1);
	});
});

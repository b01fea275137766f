/**
 * Scenario 10: crash recovery. A start-and-wait runs in a child process (an n8n stand-in: the harness under
 * ts-node) against this test's sandbox; once the vendor counted the start, the child is killed with SIGKILL mid-wait,
 * as `kill -9` of n8n would. The workflow is then run again here, as a user re-running it (or retrying the crashed
 * execution) would: with "If the Job Is Already Running" at its default (Attach) the re-run follows the run still
 * going and ends with its outcome. Figures: vendor starts in total (must be 1), the re-run's outcome, attached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { CDATA_SYNC, cdataJob, rmCreateParams, type Env, FAMILY, figure, INFORMATICA, rl, RM_PROJECT, timed, useScenarioEnv } from './support';

const ORDERS = '0100000Z000009';
const RUN_TIME_MS = 4000;
const WAIT = { pollIntervalSeconds: 0.1, timeoutSeconds: 60 };

interface Vendor {
	name: string;
	type: string;
	family: string;
	startKey(env: Env): string;
	start(env: Env): INodeParameters;
	succeeded: string;
}

const VENDORS: Vendor[] = [
	{
		name: 'informatica DBMI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDbmi,
		startKey: () => '15',
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', waitForCompletion: true, waitOptions: WAIT }),
		succeeded: 'succeeded',
	},
	{
		name: 'informatica DI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDataIntegration,
		startKey: () => ORDERS,
		start: () => ({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS), waitForCompletion: true, waitOptions: WAIT }),
		succeeded: 'succeeded',
	},
	{
		name: 'cdata sync',
		type: 'cDataSync',
		family: FAMILY.cdataSync,
		startKey: cdataJob,
		start: (env) => ({ resource: 'job', operation: 'execute', job: rl(cdataJob(env)), waitForCompletion: true, waitOptions: WAIT }),
		succeeded: 'succeeded',
	},
	{
		name: 'relational migrator',
		type: 'mongoDbRelationalMigrator',
		family: FAMILY.relationalMigrator,
		startKey: () => RM_PROJECT,
		start: () => rmCreateParams({ waitForCompletion: true, waitOptions: WAIT }),
		succeeded: 'succeeded',
	},
];

const ROOT = path.resolve(__dirname, '../..');

function credentials(env: Env) {
	return {
		informaticaIdmcApi: { region: 'custom', customLoginUrl: env.sandbox.url, username: INFORMATICA.username, password: INFORMATICA.password },
		cDataSyncApi: { baseUrl: env.sandbox.urls.cdataSyncBaseUrl, authToken: CDATA_SYNC.token },
		mongoDbRelationalMigratorApi: { baseUrl: env.sandbox.url },
	};
}

function spawnChild(env: Env, v: Vendor): { child: ChildProcess; output: () => string } {
	const payload = JSON.stringify({ type: v.type, parameters: v.start(env), credentials: credentials(env) });
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'crashChild.ts'), payload], {
		cwd: ROOT,
		env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), CAPTURE_FILE: '' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	return { child, output: () => text };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('10 crash recovery: n8n killed mid-wait, the re-run attaches', () => {
	const env = useScenarioEnv({ runTimeMs: RUN_TIME_MS, resetEachTest: false });
	beforeEach(() => {
		env.sandbox.reset();
		env.sandbox.config.set({ runTimeMs: RUN_TIME_MS });
		env.harness = env.newHarness();
	});

	it.each(VENDORS.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const key = `${v.family}:${v.startKey(env)}`;
		const starts = () => env.sandbox.counters.snapshot().starts[key] ?? 0;
		const statusReads = () => env.sandbox.counters.snapshot().total;
		const { child, output } = spawnChild(env, v);
		const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
		try {
			await until(() => starts() >= 1, 90_000, `the child's start (${output()})`);
			// Mid-wait: the child has read the status at least once after its start.
			const afterStart = statusReads();
			await until(() => statusReads() > afterStart + 1, 10_000, 'a status read of the child');
		} finally {
			child.kill('SIGKILL');
		}
		expect(await exited).toBe('SIGKILL');
		expect(output()).not.toContain('child: finished');
		const startsBeforeRerun = starts();

		// A fresh harness: a restarted n8n has no session and no memory of the crashed execution.
		const { result, seconds } = await timed(() => env.newHarness().runNode({ type: v.type, parameters: v.start(env) }));
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ outcome: v.succeeded, attached: true, startedByThisItem: false });
		expect(starts()).toBe(1);
		figure({
			scenario: 10,
			title: 'crash recovery',
			subject: v.name,
			values: { startsBeforeKill: startsBeforeRerun, startsTotal: starts(), rerunOutcome: String(json.outcome), attached: Boolean(json.attached) },
			seconds,
		});
	});
});

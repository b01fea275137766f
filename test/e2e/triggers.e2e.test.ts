/**
 * The three trigger examples run for real: n8n (2.41.1 or 1.123.81) started headless on a loopback port with the packed package,
 * the trigger workflows published, sandbox jobs driven through their transitions (started through the vendors'
 * emulated APIs, their outcomes scripted), and the executions read back from n8n's REST API: each transition into a
 * watched outcome produced exactly one execution, transitions into other outcomes none.
 *
 * n8n refuses poll intervals under a minute ("at least a minute": a cron whose seconds field is not a number); the
 * examples poll every minute. Here each trigger gets 20 cron entries "<s> * * * * *" (s = 0, 3, ... 57): a poll
 * every 3 s, each entry valid on its own.
 */
import { CDATA_SYNC, FAMILY, INFORMATICA } from '../../sandbox/core/constants';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { adaptToSandbox, EXAMPLES, importWorkflows, readExample, sandboxCredentials } from '../../scripts/lib/examples';
import { createInstance, type Json, N8nInstance, packPackage, removePacked, type PackedPackage } from '../../scripts/n8n/n8n';
import { assertDistBuilt } from './builtPackage';
import { lineLabel } from '../../scripts/n8n/lines';

const POLL_SECONDS = 3;
const RM_SALES = '6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51';
const DI_ORDERS = '0100000Z000009';

type RunData = Record<string, Array<{ data: { main: Array<Array<{ json: Json }>> } }>>;

function everyFewSeconds(workflow: Json): Json {
	const nodes = (workflow.nodes as Array<{ parameters: Json }>).map((node) =>
		node.parameters.pollTimes
			? {
					...node,
					parameters: {
						...node.parameters,
						pollTimes: { item: Array.from({ length: 60 / POLL_SECONDS }, (_, i) => ({ mode: 'custom', cronExpression: `${i * POLL_SECONDS} * * * * *` })) },
					},
				}
			: node,
	);
	return { ...workflow, nodes };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`trigger examples under n8n start (${lineLabel()}), driven by sandbox transitions`, () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let packed: PackedPackage | undefined;
	let ids: { informatica: string; cdata: string; rm: string };

	beforeAll(async () => {
		assertDistBuilt();
		sandbox = await startSandbox({ runTimeMs: 500 });
		packed = packPackage();
		n8n = await createInstance({ packTgz: packed, logLevel: 'warn' });
		await n8n.importCredentials(sandboxCredentials(sandbox.url));
		const [informatica, cdata, rm] = await importWorkflows(
			n8n,
			[EXAMPLES.triggerInformatica, EXAMPLES.triggerCDataSync, EXAMPLES.triggerRelationalMigrator].map((file) =>
				everyFewSeconds(adaptToSandbox(readExample(file), sandbox)),
			),
		);
		ids = { informatica, cdata, rm };
		// Published before start: n8n activates them at boot, and each trigger's first poll takes its baseline.
		for (const id of Object.values(ids)) await n8n.publish(id);
		await n8n.start();
		console.log(`n8n start until ready: ${n8n.startMs} ms`);
		// Two polls after start: every baseline is taken before the first transition.
		await sleep(2 * POLL_SECONDS * 1000 + 1000);
		for (const id of Object.values(ids)) expect(await n8n.listExecutions(id)).toEqual([]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		removePacked(packed);
		await sandbox?.close();
	});

	// The vendors' own APIs, as another client (a scheduler, a person) would start jobs.
	async function vendor(method: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> {
		const response = await fetch(`${sandbox.url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text}`);
		return JSON.parse(text) as Json;
	}
	async function startDataIntegrationRun(): Promise<void> {
		const login = await vendor('POST', INFORMATICA.loginPathV2, { '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password });
		await vendor('POST', `${INFORMATICA.v2Prefix}/job`, { '@type': 'job', taskId: DI_ORDERS, taskType: 'MTT' }, { icSessionId: String(login.icSessionId) });
	}
	async function startCDataRun(jobName: string): Promise<void> {
		const job = (sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === jobName)!;
		await vendor('POST', `${CDATA_SYNC.v2Prefix}/jobs/${job.id}/execute`, {}, { 'x-cdata-authtoken': CDATA_SYNC.token });
	}
	async function startMigration(): Promise<void> {
		await vendor('POST', '/api/v1/jobs', {
			projectId: RM_SALES,
			jdbcConnectionDetails: { type: 'POSTGRESQL', existingConnectionId: 'jdbc-sales-pg', url: '' },
			mongodbConnectionDetails: { existingConnectionId: 'mongo-sales', connectionString: '' },
			options: { mode: 'SNAPSHOT' },
			verification: { enabled: false },
		});
	}

	/** Waits for `count` finished executions, then three more polls, and checks that no more came. */
	async function exactlyExecutions(workflowId: string, count: number): Promise<Json[]> {
		if (count > 0) await n8n.waitForExecutions(workflowId, { count, timeoutMs: 60_000 });
		await sleep(3 * POLL_SECONDS * 1000);
		const executions = await n8n.listExecutions(workflowId);
		expect(executions).toHaveLength(count);
		for (const execution of executions) expect(execution).toMatchObject({ mode: 'trigger', status: 'success' });
		const alerts: Json[] = [];
		for (const execution of [...executions].reverse()) {
			const full = await n8n.getExecution(execution.id);
			const runData = (full.data.resultData as { runData: RunData }).runData;
			alerts.push(...runData['Shape alert'][0].data.main[0].map((item) => item.json));
		}
		return alerts; // oldest first
	}

	test('Informatica IDMC Trigger: a failed and a warning Data Integration run each fire once; a successful run does not', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: DI_ORDERS, outcome: 'failure', message: 'ORA-00942: table or view does not exist' });
		await startDataIntegrationRun();
		const first = await exactlyExecutions(ids.informatica, 1);
		expect(first).toEqual([expect.objectContaining({ vendor: 'Informatica IDMC', outcome: 'failed', error: expect.stringContaining('ORA-00942') })]);
		expect(String(first[0].text)).toMatch(/Informatica IDMC: .*failed/);

		await startDataIntegrationRun(); // not scripted: succeeds, which the example does not watch
		await exactlyExecutions(ids.informatica, 1);

		sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: DI_ORDERS, outcome: 'warning', message: '7 rows rejected' });
		await startDataIntegrationRun();
		const all = await exactlyExecutions(ids.informatica, 2);
		expect(all[1]).toMatchObject({ outcome: 'warning' });
	});

	test('CData Sync Trigger: a failed run and a partly failed run each fire once; a successful run does not', async () => {
		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'SalesforceToSnowflake', outcome: 'failure', message: '[500] Could not connect to Snowflake.' });
		await startCDataRun('SalesforceToSnowflake');
		const first = await exactlyExecutions(ids.cdata, 1);
		expect(first).toEqual([expect.objectContaining({ vendor: 'CData Sync', outcome: 'failed', job: 'SalesforceToSnowflake', error: expect.stringContaining('Could not connect') })]);

		await startCDataRun('HubSpotToPostgres'); // succeeds
		await exactlyExecutions(ids.cdata, 1);

		sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'HubSpotToPostgres', outcome: 'warning', message: 'Table [Owners]: permission denied.' });
		await startCDataRun('HubSpotToPostgres');
		const all = await exactlyExecutions(ids.cdata, 2);
		expect(all[1]).toMatchObject({ outcome: 'warning', job: 'HubSpotToPostgres' });
	});

	test('Relational Migrator Trigger: a failed migration job fires once; a completed one does not', async () => {
		await startMigration(); // completes
		await exactlyExecutions(ids.rm, 0);

		sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: RM_SALES, outcome: 'failure', message: 'E11000 duplicate key error' });
		await startMigration();
		const alerts = await exactlyExecutions(ids.rm, 1);
		expect(alerts).toEqual([expect.objectContaining({ vendor: 'Relational Migrator', outcome: 'failed', error: expect.stringContaining('E11000') })]);
	});
});

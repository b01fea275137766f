/**
 * The example workflows (examples/*.json) and the sandbox credentials they refer to, for the demo, `npm run dev`
 * and the e2e tests. Nothing here is secret: the sandbox's sample user, password and token are public constants.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CDATA_SYNC, FAMILY, INFORMATICA, vendorUrls } from '../../sandbox/core/constants';
import type { Sandbox } from '../../sandbox/server';
import type { ExecuteResult, Json, N8nInstance } from '../n8n/n8n';
import { newId, repoRoot } from '../n8n/n8n';

export const examplesDir = path.join(repoRoot, 'examples');

/** The ids and names the example workflows use for their credentials. */
export const SANDBOX_CREDENTIALS = {
	informaticaIdmcApi: { id: 'sbxInformatica001', name: 'Informatica IDMC (sandbox)' },
	/** The promotion example's target organization: the sandbox has one org, so this is a second login to the same one. */
	informaticaIdmcApiTarget: { id: 'sbxInformatica002', name: 'Informatica IDMC (sandbox, target org)' },
	cDataSyncApi: { id: 'sbxCDataSync00001', name: 'CData Sync (sandbox)' },
	mongoDbRelationalMigratorApi: { id: 'sbxRelMigrator001', name: 'Relational Migrator (sandbox)' },
} as const;

/** `n8n import:credentials` input for a sandbox at `sandboxUrl` (generated at run time, never committed). */
export function sandboxCredentials(sandboxUrl: string): Json[] {
	const urls = vendorUrls(sandboxUrl);
	return [
		{
			...SANDBOX_CREDENTIALS.informaticaIdmcApi,
			type: 'informaticaIdmcApi',
			data: { region: 'custom', customLoginUrl: urls.informaticaLoginUrl, username: INFORMATICA.username, password: INFORMATICA.password },
		},
		{
			...SANDBOX_CREDENTIALS.informaticaIdmcApiTarget,
			type: 'informaticaIdmcApi',
			data: { region: 'custom', customLoginUrl: urls.informaticaLoginUrl, username: INFORMATICA.username, password: INFORMATICA.password },
		},
		{
			...SANDBOX_CREDENTIALS.cDataSyncApi,
			type: 'cDataSyncApi',
			data: { baseUrl: urls.cdataSyncBaseUrl, authToken: CDATA_SYNC.token },
		},
		{
			...SANDBOX_CREDENTIALS.mongoDbRelationalMigratorApi,
			type: 'mongoDbRelationalMigratorApi',
			data: { baseUrl: urls.relationalMigratorBaseUrl },
		},
	];
}

export const EXAMPLES = {
	etlChain: 'etl-chain.json',
	dataIntegration: 'informatica-data-integration.json',
	import: 'informatica-import.json',
	promotion: 'informatica-promotion.json',
	triggerInformatica: 'trigger-informatica.json',
	triggerCDataSync: 'trigger-cdata-sync.json',
	triggerRelationalMigrator: 'trigger-relational-migrator.json',
	triggerCDataSyncFailedOnly: 'trigger-cdata-sync-failed-only.json',
	triggerDatabaseIngestionFailedOnly: 'trigger-database-ingestion-failed-only.json',
	webhookDatabaseIngestion: 'webhook-database-ingestion-job.json',
	webhookCDataSync: 'webhook-cdata-sync-job.json',
	dataIntegrationCallbackWait: 'data-integration-callback-wait.json',
} as const;

/** The production webhook paths of the webhook examples (their Webhook node's `path`). */
export const WEBHOOK_PATHS = {
	databaseIngestion: 'database-ingestion-job',
	cdataSync: 'cdata-sync-job',
	dataIntegrationCallbackWait: 'data-integration-callback-wait',
} as const;

export function readExample(file: string): Json {
	return JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) as Json;
}

export function allExampleFiles(): string[] {
	return fs.readdirSync(examplesDir).filter((file) => file.endsWith('.json')).sort();
}

/**
 * The examples pick CData Sync jobs and workspaces "from the list" (an id plus its cachedResultName). The ids in the
 * files are those of `npm run sandbox` (seed 42); this points them at the ids the running sandbox really has, by name.
 */
export function adaptToSandbox(workflow: Json, sandbox: Pick<Sandbox, 'state'>): Json {
	const state = sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }>; workspaces: Array<{ id: string; name: string }> };
	const byName = new Map<string, string>([...state.jobs, ...state.workspaces].map((entry) => [entry.name, entry.id]));
	const copy = JSON.parse(JSON.stringify(workflow)) as Json;
	const visit = (value: unknown): void => {
		if (!value || typeof value !== 'object') return;
		const record = value as Record<string, unknown>;
		if (record.__rl === true && typeof record.cachedResultName === 'string' && byName.has(record.cachedResultName)) {
			record.value = byName.get(record.cachedResultName);
		}
		for (const child of Object.values(record)) visit(child);
	};
	visit(copy.nodes);
	return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a run

export interface NodeRun {
	node: string;
	type: string;
	/** The node has "Wait for Completion" on: it is one of the run's jobs. */
	waits: boolean;
	executionStatus: string;
	startTime: number;
	executionTime: number;
	items: Json[];
	error?: Json;
}

type RawRun = { startTime: number; executionTime: number; executionStatus?: string; data?: { main?: Array<Array<{ json: Json }> | null> }; error?: Json };

/** Every node that ran, in the order it started, with the items of all its outputs. */
export function nodeRuns(run: Json | undefined, workflow?: Json): NodeRun[] {
	const runData = ((run?.data as Json | undefined)?.resultData as { runData?: Record<string, RawRun[]> } | undefined)?.runData ?? {};
	const nodes = (workflow?.nodes as Array<{ name: string; type: string; parameters?: Json }>) ?? [];
	const types = new Map(nodes.map((node) => [node.name, node.type]));
	const waits = new Set(nodes.filter((node) => node.parameters?.waitForCompletion === true).map((node) => node.name));
	return Object.entries(runData)
		.flatMap(([node, runs]) =>
			runs.map((entry) => ({
				node,
				type: types.get(node) ?? '',
				waits: waits.has(node),
				executionStatus: entry.executionStatus ?? (entry.error ? 'error' : 'success'),
				startTime: entry.startTime,
				executionTime: entry.executionTime,
				items: (entry.data?.main ?? []).flatMap((output) => (output ?? []).map((item) => item.json)),
				error: entry.error,
			})),
		)
		.sort((a, b) => a.startTime - b.startTime);
}

/** The items a node produced (all outputs), or undefined when it did not run. */
export function outputOf(run: Json | undefined, node: string): Json[] | undefined {
	return nodeRuns(run).find((entry) => entry.node === node)?.items;
}

const VENDOR_OF_TYPE: Record<string, string> = {
	informaticaIdmc: 'Informatica IDMC',
	cDataSync: 'CData Sync',
	mongoDbRelationalMigrator: 'Relational Migrator',
};

function vendorOf(type: string): string | undefined {
	return VENDOR_OF_TYPE[type.split('.').pop() ?? ''];
}

function jobLabel(json: Json): string {
	const name = json.taskName ?? json.name ?? json.projectName;
	const id = json.jobId ?? json.id ?? json.runId;
	if (name && id && String(name) !== String(id)) return `${String(name)} (job ${String(id)})`;
	return name ? String(name) : id ? `job ${String(id)}` : '?';
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A short, readable account of a run: one line per node of this package that waited for a job (vendor, job, outcome,
 * duration), the failure branch's collected error and log when it ran, and the overall result.
 */
export function describeRun(result: Pick<ExecuteResult, 'run' | 'error' | 'ok'>, workflow: Json): { lines: string[]; succeeded: boolean } {
	const lines: string[] = [];
	const runs = nodeRuns(result.run, workflow);
	for (const entry of runs) {
		const vendor = vendorOf(entry.type);
		if (!vendor || !entry.waits) continue;
		const json = entry.items[0] ?? {};
		const outcome = String(json.outcome ?? (json.error || entry.error ? 'error' : entry.executionStatus));
		const mark = outcome === 'succeeded' ? 'OK ' : outcome === 'running' ? '.. ' : '!! ';
		const raw = json.rawStatus ? ` [${String(json.rawStatus)}]` : '';
		const message = (json.error as Json | undefined)?.message ?? json.error ?? entry.error?.message;
		lines.push(
			`${mark}${vendor.padEnd(20)} ${jobLabel(json).padEnd(52)} ${outcome}${raw} in ${seconds(entry.executionTime)}` +
				(message ? `\n     error: ${String(message)}` : ''),
		);
	}
	const collected = runs.find((entry) => entry.items[0]?.failedStep !== undefined);
	if (collected) {
		const json = collected.items[0];
		lines.push(`Failure branch "${collected.node}": step ${String(json.failedStep)}, outcome ${String(json.outcome)}`);
		if (json.error) lines.push(`     error: ${String(json.error)}`);
		if (json.log) lines.push(`     log:   ${String(json.log).split('\n').join('\n            ')}`);
	}
	const succeeded = result.ok && !collected && runs.some((entry) => entry.items[0]?.result === 'succeeded');
	return { lines, succeeded };
}

/**
 * Imports several workflows with one `n8n import:workflow` (one CLI boot instead of one per workflow); each keeps
 * its own id. Returns the ids in order.
 */
export async function importWorkflows(n8n: N8nInstance, workflows: Json[]): Promise<string[]> {
	const list = workflows.map((workflow) => ({ active: false, settings: {}, ...workflow, id: String(workflow.id ?? newId()) }));
	const file = path.join(n8n.folder, `workflows-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(list, null, 2));
	const result = await n8n.cli(['import:workflow', `--input=${file}`], { logLevel: 'info' });
	const output = result.stdout + result.stderr;
	if (result.exitCode !== 0 || !/Successfully imported/.test(output)) {
		throw new Error(`n8n import:workflow failed (exit ${result.exitCode}):\n${output.split('\n').slice(-30).join('\n')}`);
	}
	return list.map((workflow) => workflow.id);
}

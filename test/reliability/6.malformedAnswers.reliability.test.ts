/**
 * Scenario 6: the sandbox answers truncated JSON, an HTML error page (status 200), an empty body, an unexpected
 * status code (418) and a JSON answer missing its key field, on every route the package reads (status reads,
 * lists, lookups, logs, starts and the triggers' listings). Every case must end in a NodeApiError, a clear
 * NodeOperationError or a handled output: never another exception, never a hang (each case is bounded).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { buildExportPackage } from '../../sandbox/families/informaticaImport';
import type { FaultSpec } from '../../sandbox/core/faults';
import { cdataJob, type Env, FAMILY, figure, ORDERS, rl, rmCreateParams, timed, useScenarioEnv } from './support';

const CASE_BOUND_MS = 30_000;
const WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 2 };

interface Route {
	subject: string;
	/** Path fragment the fault matches (plus the method). */
	method: string;
	path: string;
	family: string;
	/** A field of the answer the package relies on, for the missing-field case. */
	field: string;
	run(env: Env): Promise<{ error?: { name?: string; message?: string }; items?: unknown[] }>;
}

const node = (type: string, parameters: INodeParameters) => (env: Env) => env.harness.runNode({ type, parameters });
const poll = (type: string, parameters: INodeParameters, staticData: IDataObject = {}) => async (env: Env) => {
	// A baseline first (unfaulted), so the faulted poll has something to compare with.
	const faults = env.sandbox.faults.list();
	env.sandbox.faults.clear();
	await env.harness.poll({ type, parameters, staticData });
	for (const f of faults) env.sandbox.faults.add(f);
	const items = await env.harness.poll({ type, parameters, staticData });
	return { items: items ?? [] };
};

const ROUTES: Route[] = [
	{ subject: 'DI getStatus monitor', method: 'GET', path: '/activity/activityMonitor', family: FAMILY.informaticaDataIntegration, field: 'executionState', run: node('informaticaIdmc', { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: ORDERS, runId: '1' }) },
	{ subject: 'DI getStatus log', method: 'GET', path: '/activity/activityLog', family: FAMILY.informaticaDataIntegration, field: 'state', run: node('informaticaIdmc', { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: ORDERS, runId: '1' }) },
	{ subject: 'DI start+wait', method: 'POST', path: '/saas/api/v2/job$', family: FAMILY.informaticaDataIntegration, field: 'runId', run: node('informaticaIdmc', { resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS), waitForCompletion: true, waitOptions: WAIT }) },
	{ subject: 'DI session log', method: 'GET', path: '/sessionLog', family: FAMILY.informaticaDataIntegration, field: 'id', run: node('informaticaIdmc', { resource: 'dataIntegrationJob', operation: 'getSessionLog', findRunBy: 'run', taskId: ORDERS, runId: '1' }) },
	{ subject: 'object lookup', method: 'POST', path: '/lookup', family: FAMILY.informaticaDataIntegration, field: 'objects.id', run: node('informaticaIdmc', { resource: 'object', operation: 'lookUp', lookUpBy: 'path', objectPath: 'Default/Sales/m_load_orders', objectType: 'MTT' }) },
	{ subject: 'DBMI getStatus', method: 'GET', path: '/job/status', family: FAMILY.informaticaDbmi, field: 'status', run: node('informaticaIdmc', { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '15' }) },
	{ subject: 'DBMI start+wait', method: 'POST', path: '/job/start', family: FAMILY.informaticaDbmi, field: 'jobId', run: node('informaticaIdmc', { resource: 'databaseIngestionJob', operation: 'start', jobId: '15', waitForCompletion: true, waitOptions: WAIT }) },
	{ subject: 'DBMI task getId', method: 'GET', path: '/tasks/fetchId', family: FAMILY.informaticaDbmi, field: 'taskId', run: node('informaticaIdmc', { resource: 'databaseIngestionTask', operation: 'getId', taskName: 'orders_oracle_to_snowflake_initial' }) },
	{ subject: 'DBMI log', method: 'GET', path: '/log', family: FAMILY.informaticaDbmi, field: 'log', run: node('informaticaIdmc', { resource: 'databaseIngestionJob', operation: 'getLog', jobId: '15' }) },
	{ subject: 'import upload', method: 'POST', path: '/import/package', family: FAMILY.informaticaImport, field: 'jobId', run: (env) => env.harness.runNode({ type: 'informaticaIdmcWithBinaryInput', parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' }, items: [{ zip: buildExportPackage([{ path: 'Default/Sales/m_load_orders', type: 'MTT' }]).toString('base64') }] }) },
	{ subject: 'informatica login', method: 'POST', path: '/user/login', family: FAMILY.informaticaLogin, field: 'icSessionId', run: node('informaticaIdmc', { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '15' }) },
	{ subject: 'informatica trigger DI', method: 'GET', path: '/activity/', family: FAMILY.informaticaDataIntegration, field: 'runId', run: poll('informaticaIdmcTrigger', { watch: ['dataIntegration'] }) },
	{ subject: 'cdata getStatus', method: 'GET', path: '/status', family: FAMILY.cdataSync, field: 'status', run: (env) => node('cDataSync', { resource: 'job', operation: 'getStatus', job: rl(cdataJob(env)) })(env) },
	{ subject: 'cdata execute+wait', method: 'POST', path: '/execute', family: FAMILY.cdataSync, field: 'status', run: (env) => node('cDataSync', { resource: 'job', operation: 'execute', job: rl(cdataJob(env)), waitForCompletion: true, waitOptions: WAIT })(env) },
	{ subject: 'cdata job getMany', method: 'GET', path: '/jobs', family: FAMILY.cdataSync, field: 'id', run: (env) => node('cDataSync', { resource: 'job', operation: 'getMany', workspace: rl(cdataWorkspace(env)), returnAll: true })(env) },
	{ subject: 'cdata task getMany', method: 'GET', path: '/tasks', family: FAMILY.cdataSync, field: 'id', run: (env) => node('cDataSync', { resource: 'task', operation: 'getMany', job: rl(cdataJob(env)), returnAll: true })(env) },
	{ subject: 'cdata trigger', method: 'GET', path: '/api.rsc/', family: FAMILY.cdataSync, field: 'status', run: (env) => poll('cDataSyncTrigger', { watch: 'workspace', workspace: rl(cdataWorkspace(env)), outcomes: [] })(env) },
	{ subject: 'rm job get', method: 'GET', path: '/api/v1/jobs/', family: FAMILY.relationalMigrator, field: 'status', run: (env) => node('mongoDbRelationalMigrator', { resource: 'job', operation: 'get', jobId: rmJob(env) })(env) },
	{ subject: 'rm job getMany', method: 'GET', path: '/api/v1/jobs', family: FAMILY.relationalMigrator, field: 'id', run: node('mongoDbRelationalMigrator', { resource: 'job', operation: 'getMany', returnAll: true }) },
	{ subject: 'rm project getMany', method: 'GET', path: '/api/v1/project', family: FAMILY.relationalMigrator, field: 'id', run: node('mongoDbRelationalMigrator', { resource: 'project', operation: 'getMany', returnAll: true }) },
	{ subject: 'rm job logs', method: 'GET', path: '/logs', family: FAMILY.relationalMigrator, field: 'eventType', run: (env) => node('mongoDbRelationalMigrator', { resource: 'job', operation: 'getLogs', jobId: rmJob(env) })(env) },
	{
		subject: 'rm create+wait',
		method: 'POST',
		path: '/api/v1/jobs',
		family: FAMILY.relationalMigrator,
		field: 'id',
		run: node('mongoDbRelationalMigrator', rmCreateParams({ waitForCompletion: true, waitOptions: WAIT })),
	},
	{ subject: 'rm trigger', method: 'GET', path: '/api/v1/jobs', family: FAMILY.relationalMigrator, field: 'status', run: poll('mongoDbRelationalMigratorTrigger', {}) },
];

function cdataWorkspace(env: Env): string {
	return (env.sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; name: string }> }).workspaces.find((w) => w.name === 'Default')!.id;
}
function rmJob(env: Env): string {
	return (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string }> }).jobs[0].id;
}

const KINDS: Array<[string, (route: Route) => FaultSpec]> = [
	['truncatedJson', () => ({ kind: 'truncatedJson' })],
	['html200', () => ({ kind: 'html', status: 200 })],
	['empty', () => ({ kind: 'empty', status: 200 })],
	['status418', () => ({ kind: 'status', status: 418 })],
	['missingField', (route) => ({ kind: 'dropField', field: route.field })],
];

describe('6 malformed answers: every route, every malformation, a clear end', () => {
	const env = useScenarioEnv({ resetEachTest: false });

	it(`${ROUTES.length} routes x ${KINDS.length} malformations`, async () => {
		const ends: Record<string, number> = { NodeApiError: 0, NodeOperationError: 0, handled: 0 };
		const problems: string[] = [];
		let slowest = 0;
		let faulted = 0;
		const { seconds } = await timed(async () => {
			for (const route of ROUTES) {
				for (const [kind, spec] of KINDS) {
					env.sandbox.reset();
					env.harness = env.newHarness();
					// Written as a regex: a path that starts and ends with "/" would be read as one anyway.
					const path = `/${route.path.replace(/[.*+?^{}()|[\]\\/]/g, (c) => (c === '$' ? c : `\\${c}`))}/`;
					env.sandbox.faults.add({ ...spec(route), match: { method: route.method, path, family: route.family } });
					const start = Date.now();
					let end: string;
					try {
						let timer: NodeJS.Timeout | undefined;
						const result = await Promise.race([
							route.run(env),
							new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no end within ${CASE_BOUND_MS} ms`)), CASE_BOUND_MS))),
						]).finally(() => clearTimeout(timer));
						end = result.error ? String(result.error.name) : 'handled';
					} catch (error) {
						end = String((error as Error).name);
						if (!['NodeApiError', 'NodeOperationError'].includes(end)) end = `${end}: ${(error as Error).message}`;
					}
					slowest = Math.max(slowest, Date.now() - start);
					faulted += env.sandbox.counters.snapshot().faultsInjected > 0 ? 1 : 0;
					if (end in ends) ends[end]++;
					else problems.push(`${route.subject} / ${kind}: ${end}`);
				}
			}
		});
		figure({
			scenario: 6,
			title: 'malformed answers',
			subject: 'all routes read',
			values: { routes: ROUTES.length, cases: ROUTES.length * KINDS.length, faultFired: faulted, nodeApiError: ends.NodeApiError, nodeOperationError: ends.NodeOperationError, handledOutput: ends.handled, unhandled: problems.length, slowestCaseMs: slowest },
			seconds,
		});
		expect(problems).toEqual([]);
		expect(faulted).toBeGreaterThanOrEqual(ROUTES.length * KINDS.length * 0.9);
	});
});

/**
 * Scenario 5: malformed parameter sets across the operations (empty or wrong-typed IDs, invalid JSON, bad URLs,
 * unknown enum values, oversized values). Each must fail with a NodeOperationError whose message names the field,
 * and the sandbox must count zero requests for it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { figure, rl, rmCreateParams, timed, useScenarioEnv } from './support';

interface BadCase {
	node: 'informaticaIdmc' | 'cDataSync' | 'mongoDbRelationalMigrator';
	what: string;
	parameters: INodeParameters;
	/** A fragment of the field's display name that the message must contain. */
	field: RegExp;
}

const HUGE = 'x'.repeat(20_000);
/** An empty value as it reaches a node at run time: from an expression over upstream data (a literal empty required parameter never runs). */
const EMPTY = '={{ $json.empty }}';
const BLANK = '={{ $json.blank }}';
const RM_JOB = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e61';
const CDATA_JOB = '10579e1b-e4b2-48d1-af9e-69595b47dbfe';
const CDATA_WS = '97da2849-d73e-4b43-a8a9-07d090402c80';

const infa = (resource: string, operation: string, what: string, parameters: INodeParameters, field: RegExp): BadCase => ({ node: 'informaticaIdmc', what: `${resource}.${operation}: ${what}`, parameters: { resource, operation, ...parameters }, field });
const cdata = (resource: string, operation: string, what: string, parameters: INodeParameters, field: RegExp): BadCase => ({ node: 'cDataSync', what: `${resource}.${operation}: ${what}`, parameters: { resource, operation, ...parameters }, field });
const rm = (resource: string, operation: string, what: string, parameters: INodeParameters, field: RegExp): BadCase => ({ node: 'mongoDbRelationalMigrator', what: `${resource}.${operation}: ${what}`, parameters: { resource, operation, ...parameters }, field });

const rmCreate = (overrides: INodeParameters): INodeParameters => rmCreateParams({ jdbcPassword: 'pw', mongoConnectionString: 'mongodb://m.example.internal/db', ...overrides });

const CASES: BadCase[] = [
	// Informatica: Data Integration
	infa('dataIntegrationJob', 'start', 'blank task', { taskType: 'MTT', task: rl(BLANK) }, /Task/),
	infa('dataIntegrationJob', 'start', 'callback URL not a URL', { taskType: 'MTT', task: rl('0100000Z000009'), callbackUrl: 'not a url' }, /Callback URL/),
	infa('dataIntegrationJob', 'start', 'callback URL ftp://', { taskType: 'MTT', task: rl('0100000Z000009'), callbackUrl: 'ftp://example.com/x' }, /Callback URL/),
	infa('dataIntegrationJob', 'stop', 'empty task', { taskType: 'MTT', task: rl(EMPTY) }, /Task/),
	infa('dataIntegrationJob', 'getStatus', 'blank task ID', { taskId: BLANK, runId: '1' }, /Task ID/),
	infa('dataIntegrationJob', 'getStatus', 'run ID with a query', { taskId: '0100000Z000009', runId: '1?x=2' }, /Run ID/),
	infa('dataIntegrationJob', 'getSessionLog', 'blank run ID', { findRunBy: 'run', taskId: '0100000Z000009', runId: BLANK }, /Run ID/),
	infa('dataIntegrationJob', 'getSessionLog', 'activity log ID with #', { findRunBy: 'activityLogId', activityLogId: 'a#b' }, /Activity Log/),
	// Informatica: Database Ingestion
	infa('databaseIngestionJob', 'getStatus', 'blank job ID', { jobId: BLANK }, /Job ID/),
	infa('databaseIngestionJob', 'getStatus', 'job ID with a slash', { jobId: '15/stop' }, /Job ID/),
	infa('databaseIngestionJob', 'start', 'blank job ID', { jobId: BLANK }, /Job ID/),
	infa('databaseIngestionJob', 'resume', 'empty table pattern', { jobId: '15', schemaChangeOptions: { rules: [{ pattern: '', changeAction: 'IGNORE' }] } }, /Table Pattern/),
	infa('databaseIngestionJob', 'getLog', 'job ID with ?', { jobId: '15?x' }, /Job ID/),
	infa('databaseIngestionTask', 'create', 'invalid JSON definition', { taskName: 'x', nativeData: '{"source": {' }, /Task Definition/),
	infa('databaseIngestionTask', 'create', 'JSON array definition', { taskName: 'x', nativeData: '[1,2]' }, /Task Definition/),
	infa('databaseIngestionTask', 'create', 'blank task name', { taskName: BLANK, nativeData: '{"loadType":"INITIAL_LOAD"}' }, /Task Name/),
	infa('databaseIngestionTask', 'deploy', 'blank task ID', { taskId: BLANK }, /Task ID/),
	infa('databaseIngestionTask', 'getId', 'blank task name', { taskName: BLANK }, /Task Name/),
	// Informatica: Import and Object
	infa('import', 'getStatus', 'blank import job ID', { importJobId: BLANK }, /Import Job ID/),
	infa('import', 'getLog', 'import job ID with /', { importJobId: 'a/b' }, /Import Job ID/),
	infa('import', 'startImport', 'object spec without source ID', { importJobId: 'abc', objectSpecifications: { object: [{ sourceObjectId: BLANK }] } }, /Source Object ID/),
	infa('import', 'uploadPackage', 'blank binary field name', { binaryPropertyName: BLANK }, /Input Binary Field/),
	infa('import', 'uploadPackage', 'missing binary field', { binaryPropertyName: 'data' }, /data/),
	infa('object', 'lookUp', 'blank object ID', { lookUpBy: 'id', objectId: BLANK }, /Object ID/),
	infa('object', 'lookUp', 'blank path', { lookUpBy: 'path', objectPath: BLANK, objectType: 'MTT' }, /Path/),
	// CData Sync
	cdata('job', 'getStatus', 'blank job', { job: rl(BLANK) }, /Job/),
	cdata('job', 'execute', 'blank job', { job: rl(EMPTY) }, /Job/),
	cdata('job', 'getMany', 'blank workspace', { workspace: rl(EMPTY), returnAll: true }, /Workspace/),
	cdata('job', 'create', 'bad replicate start date', { workspace: rl(CDATA_WS), name: 'x', jobType: 'Standard', additionalFields: { replicateStartDate: '31/01/2024' } }, /Replicate Start Date/),
	cdata('job', 'create', 'invalid CDC engine JSON', { workspace: rl(CDATA_WS), name: 'x', jobType: 'ChangeDataCapture', additionalFields: { cdcEngineSettings: '{oops' } }, /CDC Engine Settings/),
	cdata('job', 'update', 'no fields', { job: rl(CDATA_JOB), updateFields: {} }, /fields/),
	cdata('job', 'getHistory', 'blank history ID', { job: rl(CDATA_JOB), historyScope: 'one', historyId: BLANK }, /History ID/),
	cdata('task', 'add', 'blank query', { job: rl(CDATA_JOB), query: BLANK }, /Query/),
	cdata('task', 'move', 'negative index', { job: rl(CDATA_JOB), task: rl('1'), fromIndex: -1, toIndex: 0 }, /From Index|Index/),
	cdata('task', 'move', 'fractional index', { job: rl(CDATA_JOB), task: rl('1'), fromIndex: 0, toIndex: 1.5 }, /To Index|Index/),
	cdata('task', 'get', 'blank task', { job: rl(CDATA_JOB), task: rl(EMPTY) }, /Task/),
	cdata('task', 'update', 'blank query', { job: rl(CDATA_JOB), task: rl('1'), updateFields: { query: BLANK } }, /Query/),
	// Relational Migrator
	rm('job', 'get', 'blank job ID', { jobId: BLANK }, /Job ID/),
	rm('job', 'get', 'job ID with a slash', { jobId: '../project' }, /Job ID/),
	rm('job', 'stop', 'job ID with a space', { jobId: 'a b' }, /Job ID/),
	rm('job', 'pause', 'blank job ID', { jobId: BLANK }, /Job ID/),
	rm('job', 'resume', 'job ID with ?', { jobId: `${RM_JOB}?x=1` }, /Job ID/),
	rm('job', 'getLogs', 'negative offset', { jobId: RM_JOB, offset: -5 }, /Offset/),
	rm('job', 'getMany', 'limit 0', { returnAll: false, limit: 0 }, /Limit/),
	rm('job', 'create', 'blank project', rmCreate({ project: rl(EMPTY) }), /Project/),
	rm('job', 'create', 'blank JDBC URL', rmCreate({ jdbcUrl: BLANK }), /JDBC URL/),
	rm('job', 'create', 'blank MongoDB connection string', rmCreate({ mongoConnectionString: BLANK }), /Connection String/),
	rm('job', 'create', 'negative error tolerance', rmCreate({ jobOptions: { errorTolerance: -1 } }), /Error Tolerance/),
	rm('job', 'create', 'table filter without table', rmCreate({ tableFilters: { filter: [{ schema: 'public', table: '' }] } }), /Table/),
	// more empty and path-breaking IDs, the commonest 3 a.m. input: an upstream field that is empty or carries a path
	infa('dataIntegrationJob', 'stop', 'blank task', { taskType: 'MTT', task: rl(BLANK) }, /Task/),
	infa('dataIntegrationJob', 'cleanStop', 'empty task', { taskType: 'MTT', task: rl(EMPTY) }, /Task/),
	infa('dataIntegrationJob', 'getStatus', 'task ID with #', { taskId: '0100000Z000009#x', runId: '1' }, /Task ID/),
	infa('dataIntegrationJob', 'getSessionLog', 'blank task ID', { findRunBy: 'run', taskId: BLANK, runId: '1' }, /Task ID/),
	infa('databaseIngestionJob', 'getMetrics', 'blank job ID', { jobId: BLANK }, /Job ID/),
	infa('databaseIngestionJob', 'getLog', 'empty job ID', { jobId: EMPTY }, /Job ID/),
	infa('databaseIngestionJob', 'undeploy', 'job ID with /', { jobId: '15/../16' }, /Job ID/),
	infa('databaseIngestionJob', 'resume', 'blank job ID', { jobId: BLANK }, /Job ID/),
	infa('databaseIngestionJob', 'getJobId', 'blank task ID', { taskId: BLANK }, /Task ID/),
	infa('import', 'startImport', 'blank import job ID', { importJobId: BLANK }, /Import Job ID/),
	infa('import', 'getStatus', 'import job ID with ?', { importJobId: 'abc?x=1' }, /Import Job ID/),
	cdata('job', 'delete', 'blank job', { job: rl(BLANK) }, /Job/),
	cdata('job', 'getHistory', 'empty job', { job: rl(EMPTY), historyScope: 'many', returnAll: true }, /Job/),
	cdata('task', 'getMany', 'blank job', { job: rl(BLANK), returnAll: true }, /Job/),
	cdata('task', 'getLastRun', 'empty job', { job: rl(EMPTY) }, /Job/),
	cdata('task', 'delete', 'blank task', { job: rl(CDATA_JOB), task: rl(BLANK) }, /Task/),
	rm('job', 'getLogs', 'blank job ID', { jobId: BLANK }, /Job ID/),
	rm('job', 'stop', 'empty job ID', { jobId: EMPTY }, /Job ID/),
	rm('job', 'create', 'blank existing JDBC connection', rmCreate({ sourceConnection: 'existing', existingJdbcConnectionId: BLANK }), /Connection/),
	rm('job', 'create', 'blank existing MongoDB connection', rmCreate({ destinationConnection: 'existing', existingMongoConnectionId: EMPTY }), /Connection/),
	// Closed by the shared check of option values and number bounds (validateParameters), ID length and URL schemes.
	infa('dataIntegrationJob', 'start', 'unknown task type', { taskType: 'NOPE', task: rl('0100000Z000009') }, /Task Type/),
	infa('dataIntegrationJob', 'start', 'negative poll interval', { taskType: 'MTT', task: rl('0100000Z000009'), waitForCompletion: true, waitOptions: { pollIntervalSeconds: -1 } }, /Poll Interval/),
	infa('dataIntegrationJob', 'start', 'zero timeout', { taskType: 'MTT', task: rl('0100000Z000009'), waitForCompletion: true, waitOptions: { timeoutSeconds: 0 } }, /Timeout/),
	infa('dataIntegrationJob', 'cleanStop', 'unknown task type', { taskType: 'mtt ', task: rl('0100000Z000009') }, /Task Type/),
	infa('dataIntegrationJob', 'getStatus', 'oversized task ID', { taskId: HUGE, runId: '1' }, /Task ID/),
	infa('dataIntegrationJob', 'getSessionLog', 'unknown find-by', { findRunBy: 'guess', taskId: '0100000Z000009', runId: '1' }, /Find Run By/),
	infa('databaseIngestionJob', 'start', 'unknown wait goal', { jobId: '15', waitForCompletion: true, waitUntil: 'forever' }, /Wait Until/),
	infa('databaseIngestionJob', 'stop', 'oversized job ID', { jobId: HUGE }, /Job ID/),
	infa('databaseIngestionJob', 'getMetrics', 'limit 0', { jobId: '15', returnAll: false, limit: 0 }, /Limit/),
	infa('import', 'startImport', 'unknown conflict resolution', { importJobId: 'abc', defaultConflictResolution: 'MERGE' }, /Conflict Resolution/),
	infa('object', 'lookUp', 'unknown object type', { lookUpBy: 'path', objectPath: 'Default/x', objectType: 'SPREADSHEET' }, /"Type"/),
	cdata('job', 'getStatus', 'job ID with a slash', { job: rl('a/b') }, /Job/),
	cdata('job', 'cancel', 'oversized job ID', { job: rl(HUGE) }, /Job/),
	cdata('job', 'getMany', 'limit 0', { workspace: rl(CDATA_WS), returnAll: false, limit: 0 }, /Limit/),
	cdata('job', 'create', 'unknown job type', { workspace: rl(CDATA_WS), name: 'x', jobType: 'Hourly' }, /"Type"/),
	rm('job', 'getLogs', 'unknown event type', { jobId: RM_JOB, eventType: 'DEBUG' }, /Event Type/),
	rm('job', 'create', 'JDBC URL not jdbc:', rmCreate({ jdbcUrl: 'http://pg.example.internal' }), /JDBC URL/),
	rm('job', 'create', 'connection string not mongodb://', rmCreate({ mongoConnectionString: 'postgres://x' }), /Connection String/),
	rm('job', 'create', 'unknown database type', rmCreate({ databaseType: 'ACCESS' }), /Database Type/),
	rm('job', 'create', 'unknown mode', rmCreate({ mode: 'FULL' }), /Mode/),
	rm('project', 'getMany', 'unknown sort', { sort: 'size,DESC' }, /Sort/),
];

/**
 * Malformed input the nodes do NOT reject before a request today (found by this scenario; see docs/reliability.md, Known gaps).
 * Each still ends in a handled error or output, never a crash; the scenario prints how many reach the API.
 */
/** Inputs the nodes do not refuse themselves: the API answers them (404, 431) or n8n refuses to run the node. */
const GAPS: BadCase[] = [
	infa('dataIntegrationJob', 'start', 'task ID with a slash', { taskType: 'MTT', task: rl('01/../x') }, /Task/),
	infa('dataIntegrationJob', 'getStatus', 'run ID not a number', { taskId: '0100000Z000009', runId: 'abc' }, /Run ID/),
	infa('databaseIngestionJob', 'getStatus', 'job ID not a number', { jobId: 'fifteen' }, /Job ID/),
	infa('databaseIngestionTask', 'runTask', 'oversized task name', { taskName: HUGE }, /Task Name/),
	cdata('job', 'execute', 'task IDs not numbers', { job: rl(CDATA_JOB), taskIds: 'one, two' }, /Task IDs/),
	cdata('job', 'create', 'blank name', { workspace: rl(CDATA_WS), name: '', jobType: 'Standard' }, /Name/),
	rm('job', 'get', 'oversized job ID', { jobId: HUGE }, /Job ID/),
	rm('job', 'create', 'project ID with /', rmCreate({ project: rl('a/b') }), /Project/),
];

describe('5 bad input: malformed parameters fail naming the field, before any request', () => {
	const env = useScenarioEnv({ resetEachTest: false });

	it(`${CASES.length} malformed parameter sets`, async () => {
		const problems: string[] = [];
		let gapsReachingApi = 0;
		const { seconds } = await timed(async () => {
			for (const c of CASES) {
				env.sandbox.reset();
				env.harness = env.newHarness();
				let result;
				try {
					result = await env.harness.runNode({ type: c.node, parameters: c.parameters, items: [{ empty: '', blank: '   ' }] });
				} catch (error) {
					problems.push(`${c.node} ${c.what}: the workflow did not run: ${(error as Error).message}`);
					continue;
				}
				const requests = env.sandbox.counters.snapshot().total;
				const e = result.error;
				const ok = e?.name === 'NodeOperationError' && c.field.test(e.message) && requests === 0;
				if (!ok) problems.push(`${c.node} ${c.what}: ${e?.name ?? 'no error'} "${(e?.message ?? '').slice(0, 160)}" requests=${requests}`);
			}
			for (const c of GAPS) {
				env.sandbox.reset();
				env.harness = env.newHarness();
				let error: { name?: string } | undefined;
				try {
					error = (await env.harness.runNode({ type: c.node, parameters: c.parameters, items: [{ empty: '', blank: '   ' }] })).error;
				} catch (thrown) {
					error = thrown as { name?: string }; // n8n refused to run the node (a parameter issue)
				}
				const requests = env.sandbox.counters.snapshot().total;
				if (requests > 0) gapsReachingApi++;
				if (error && !['NodeApiError', 'NodeOperationError', 'WorkflowHasIssuesError'].includes(String(error.name))) problems.push(`${c.node} ${c.what}: unhandled ${error.name}`);
			}
		});
		const byNode = (node: string) => CASES.filter((c) => c.node === node).length;
		figure({
			scenario: 5,
			title: 'bad input',
			subject: 'all nodes',
			values: { cases: CASES.length, informatica: byNode('informaticaIdmc'), cdata: byNode('cDataSync'), relationalMigrator: byNode('mongoDbRelationalMigrator'), passed: CASES.length - problems.length, failed: problems.length, knownGaps: GAPS.length, gapsReachingApi },
			seconds,
		});
		expect(problems).toEqual([]);
	});
});

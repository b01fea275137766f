import type { IDataObject } from 'n8n-workflow';

import { rl } from '../../harness/resourceLocator';
import {
	CREDENTIAL,
	FAMILY,
	INVENTORY,
	MONGO_URI,
	NODE,
	RM_SEED,
	SALES,
	SECRETS,
	createParams,
	expectNoSecrets,
	fastWait,
	requestCount,
	useEnv,
	starts,
	visible,
} from './setup';

const SALES_STARTS = `${FAMILY.relationalMigrator}:${SALES.id}`;

describe('MongoDB Relational Migrator node through n8n-core against the sandbox', () => {
	const env = useEnv(100);

	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		env.harness.runNode({ type: NODE, parameters: parameters as never, ...extra });

	async function startLongJob(mode = 'SNAPSHOT'): Promise<string> {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		const started = await run(createParams({ mode }));
		expect(started.error).toBeUndefined();
		return started.items[0].json.id as string;
	}

	describe('credential', () => {
		it('tests by listing projects, sending the proxy header, and resolves a trailing slash', async () => {
			env.harness.setCredential(CREDENTIAL, { baseUrl: `${env.sandbox.url}/`, headerName: 'X-Migrator-Key', headerSecret: SECRETS.proxySecret });
			const answer = (await env.harness.testCredential(CREDENTIAL, NODE)) as Array<{ id: string }>;
			expect(answer.map((p) => p.id).sort()).toEqual([SALES.id, INVENTORY.id].sort());
			const last = env.sandbox.requests().at(-1)!;
			expect(last.path).toBe('/api/v1/project');
			expect(last.headers['x-migrator-key']).toBe(SECRETS.proxySecret);
		});

		it('keeps the proxy header secret out of errors', async () => {
			env.harness.setCredential(CREDENTIAL, { baseUrl: env.sandbox.url, headerName: 'X-Migrator-Key', headerSecret: SECRETS.proxySecret });
			env.sandbox.faults.add({ match: { path: 'api/v1/jobs' }, kind: 'status', status: 500 });
			const result = await run({ resource: 'job', operation: 'get', jobId: RM_SEED.finishedJobId });
			expect(result.error?.httpCode).toBe('500');
			expectNoSecrets(result);
		});
	});

	describe('project', () => {
		it('Get Many lists projects, sorted and limited', async () => {
			const all = await run({ resource: 'project', operation: 'getMany', returnAll: true, sort: 'name,ASC' });
			expect(all.items.map((i) => i.json.name)).toEqual([INVENTORY.name, SALES.name]);
			const one = await run({ resource: 'project', operation: 'getMany', returnAll: false, limit: 1, sort: 'name,DESC' });
			expect(one.items.map((i) => i.json.name)).toEqual([SALES.name]);
			// Return All given as the text "false" by an expression is off: the limit applies.
			const text = await run({ resource: 'project', operation: 'getMany', returnAll: '={{ "false" }}', limit: 1, sort: 'name,DESC' });
			expect(text.items.map((i) => i.json.name)).toEqual([SALES.name]);
		});

		it('the project picker lists and filters projects', async () => {
			const all = (await env.harness.loadOptions(NODE, 'searchProjects')) as { results: Array<{ name: string; value: string }> };
			expect(all.results).toEqual([
				{ name: `${INVENTORY.name} (MYSQL)`, value: INVENTORY.id },
				{ name: `${SALES.name} (POSTGRESQL)`, value: SALES.id },
			]);
			const filtered = (await env.harness.loadOptions(NODE, 'searchProjects', {}, 'sales')) as { results: unknown[] };
			expect(filtered.results).toHaveLength(1);
		});
	});

	describe('job: create', () => {
		it('starts a job with everything the form offers, and the body matches the spec', async () => {
			const result = await run(
				createParams({
					jobOptions: { dropCollections: true, errorHandling: 'WARN', errorTolerance: 5, verification: true },
					tableFilters: {
						filter: [
							{ schema: 'public', table: 'orders', whereClause: 'total > 100', rowCount: 10 },
							{ schema: 'public', table: 'customers', whereClause: '', rowCount: 0 },
						],
					},
				}),
			);
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json).toMatchObject({ projectId: SALES.id, status: 'RUNNING', cdcStatus: 'NOT_STARTED', outcome: 'running', rawStatus: 'RUNNING', attached: false });
			expect(json.jobId).toBe(json.id);
			expect(json).not.toHaveProperty('mongoDbConnectionString');
			expect(json).not.toHaveProperty('jdbcConnectionString');
			expectNoSecrets(result);
			const sent = env.sandbox.requests().find((r) => r.method === 'POST')!;
			expect(sent.body).toMatchObject({
				projectId: SALES.id,
				jdbcConnectionDetails: { type: 'POSTGRESQL', url: 'jdbc:postgresql://pg.example.internal:5432/sales', user: 'alice' },
				options: { mode: 'SNAPSHOT', dropCollections: true, errorHandling: 'WARN', errorTolerance: 5 },
				verification: { enabled: true },
				relationalTableFilters: { public: { orders: { whereClause: 'total > 100', rowCount: 10 }, customers: {} } },
			});
			expect(starts(env.sandbox)).toEqual({ [SALES_STARTS]: 1 });
		});

		it('uses existing connections by ID (url and connection string sent empty, as the 1.13 spec requires them)', async () => {
			const result = await run(
				createParams({ sourceConnection: 'existing', existingJdbcConnectionId: SALES.jdbcId, destinationConnection: 'existing', existingMongoConnectionId: SALES.mongodbId, databaseType: 'custom', customDatabaseType: 'MY_DB' }),
			);
			expect(result.error).toBeUndefined();
			const sent = env.sandbox.requests().find((r) => r.method === 'POST')!;
			expect(sent.body).toEqual({
				projectId: SALES.id,
				jdbcConnectionDetails: { type: 'MY_DB', existingConnectionId: SALES.jdbcId, url: '' },
				mongodbConnectionDetails: { existingConnectionId: SALES.mongodbId, connectionString: '' },
				options: { mode: 'SNAPSHOT' },
				verification: { enabled: false },
			});
		});

		it('rejects bad input before any request, naming the field', async () => {
			const cases: Array<[Record<string, unknown>, RegExp]> = [
				[{ jdbcUrl: '={{"  "}}' }, /"JDBC URL" is required/],
				[{ project: rl('={{"not a valid id!"}}') }, /Project "not a valid id!" is not a valid ID/],
				[{ mode: '={{"INCREMENTAL"}}' }, /"Mode" has an unknown value "INCREMENTAL"/],
				[{ jobOptions: { errorHandling: '={{"IGNORE"}}' } }, /"Options > Error Handling" has an unknown value "IGNORE"/],
				[{ jobOptions: { errorTolerance: -1 } }, /"Options > Error Tolerance" must be at least 0/],
				[{ tableFilters: { filter: [{ schema: 'public', table: '', whereClause: 'x', rowCount: 0 }] } }, /Table filter 1: Schema and Table are required/],
				[{ destinationConnection: 'existing', existingMongoConnectionId: '={{" "}}' }, /"Existing Destination Connection ID" is required/],
			];
			for (const [overrides, message] of cases) {
				const result = await run(createParams(overrides));
				expect(result.error?.message).toMatch(message);
				expect(result.error?.name).toBe('NodeOperationError');
			}
			expect(env.sandbox.requests()).toHaveLength(0);
		});

		it('440: a connection string without a database name fails with the vendor message and a hint, no secret shown', async () => {
			const uri = `mongodb://bob:${SECRETS.mongoPassword}@mongo.example.internal:27017/?retryWrites=true`;
			const result = await run(createParams({ mongoConnectionString: uri }));
			expect(result.error?.httpCode).toBe('440');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toContain('connection string did not contain a database name');
			expect(result.error?.description).toContain('mongodb://host:27017/<database>');
			expect(JSON.stringify(visible(result))).not.toContain(uri);
			expect(JSON.stringify(visible(result))).toContain('[redacted]');
			expectNoSecrets(result);
			expect(starts(env.sandbox)).toEqual({});
		});

		it('a running job of the project with "Fail": fails naming it before any start', async () => {
			const runningId = await startLongJob();
			const result = await run(createParams({ ifAlreadyRunning: 'fail' }));
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(new RegExp(`^Migration job ${runningId} is already running`));
			expect(result.error?.description).toContain('no new run was started');
			expect(starts(env.sandbox)).toEqual({ [SALES_STARTS]: 1 });
			expect(requestCount(env.sandbox, 'POST /api/v1/jobs')).toBe(1);
			expectNoSecrets(result);
		});

		it('attach (the default): returns the running job of the same project without a start call', async () => {
			const runningId = await startLongJob();
			const result = await run(createParams());
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ id: runningId, attached: true, startedByThisItem: false, outcome: 'running' });
			expect(starts(env.sandbox)).toEqual({ [SALES_STARTS]: 1 });
			expect(requestCount(env.sandbox, 'POST /api/v1/jobs')).toBe(1);
		});

		it('attach waits for the attached job', async () => {
			env.sandbox.config.set({ runTimeMs: 300 });
			const first = await run(createParams());
			const result = await run(createParams({ ifAlreadyRunning: 'attach', waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait() }));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ id: first.items[0].json.id, attached: true, outcome: 'succeeded', status: 'COMPLETED' });
			expect(starts(env.sandbox)).toEqual({ [SALES_STARTS]: 1 });
		});

		it("another project's running job: the 470 stands, not attached", async () => {
			const runningId = await startLongJob();
			const result = await run(createParams({ project: rl(INVENTORY.id), ifAlreadyRunning: 'attach', mongoConnectionString: 'mongodb://m.example.internal/inventory' }));
			expect(result.error?.httpCode).toBe('470');
			expect(result.error?.message).toContain('Migration job already running');
			expect(result.error?.description).toContain(runningId);
			expect(result.error?.description).toContain('A job of another project is not attached to');
		});
	});

	describe('job: create and wait (each goal)', () => {
		it('goal "finished", SNAPSHOT mode: waits until COMPLETED', async () => {
			const result = await run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait() }));
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json).toMatchObject({ status: 'COMPLETED', outcome: 'succeeded', statistics: { snapshotCompleted: true, remainingTableCount: 0 } });
			expect(json.wait).toMatchObject({ goal: 'finished', end: 'finished' });
			expect(json.endedAt).toBeDefined();
			expectNoSecrets(result);
		});

		it('goal "snapshotCompleted", SNAPSHOT mode: the same as finished', async () => {
			const result = await run(createParams({ waitForCompletion: true, waitOptions: fastWait() }));
			expect(result.items[0].json).toMatchObject({ status: 'COMPLETED', wait: { goal: 'snapshotCompleted', end: 'finished' } });
		});

		it('goal "snapshotCompleted", CDC mode: returns once the snapshot is done, the job still running', async () => {
			const result = await run(createParams({ mode: 'CDC', waitForCompletion: true, waitGoal: 'snapshotCompleted', waitOptions: fastWait() }));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				status: 'RUNNING',
				outcome: 'running',
				rawStatus: 'RUNNING/RUNNING',
				statistics: { snapshotCompleted: true },
				details: { phase: 'cdc', snapshotCompleted: true },
				wait: { end: 'goalReached' },
			});
		});

		it('goal "cdcRunning", CDC_ONLY mode: returns once CDC runs', async () => {
			const result = await run(createParams({ mode: 'CDC_ONLY', waitForCompletion: true, waitGoal: 'cdcRunning', waitOptions: fastWait() }));
			expect(result.items[0].json).toMatchObject({ status: 'RUNNING', cdcStatus: 'RUNNING', wait: { goal: 'cdcRunning', end: 'goalReached' } });
		});

		it('goal "finished", CDC mode: times out while CDC runs, and stops the job when asked', async () => {
			const result = await run(
				createParams({ mode: 'CDC', waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait({ timeoutSeconds: 1, cancelOnTimeout: true, failOnJobFailure: false }) }),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.wait).toMatchObject({ end: 'timeout', cancelledOnTimeout: true });
			expect(requestCount(env.sandbox, 'POST /api/v1/jobs/:jobId/stop')).toBe(1);
		});

		it('a failed job fails the item with the job\'s own error; continue on fail keeps its outcome', async () => {
			env.sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: SALES.id, outcome: 'failure', message: 'ORA-00942: table or view does not exist', times: 2 });
			const failed = await run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait() }));
			expect(failed.error?.message).toMatch(/^Migration job [0-9a-f-]+ failed: ORA-00942: table or view does not exist$/);
			expect(failed.error?.description).toBe('Status FAILED.');
			const soft = await run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait() }), { continueOnFail: true });
			expect(soft.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'FAILED' });
			expect(String(soft.items[0].json.error)).toContain('ORA-00942');
			expectNoSecrets([failed, soft]);
		});

		it('a failed job with "fail item" off passes on with the failure error', async () => {
			env.sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: SALES.name, outcome: 'failure', message: 'Duplicate key on orders' });
			const result = await run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait({ failOnJobFailure: false }) }));
			expect(result.items[0].json).toMatchObject({
				outcome: 'failed',
				failureError: { message: 'Duplicate key on orders', errorType: 'MigrationJobFailure' },
				error: { message: 'Duplicate key on orders', code: 'MigrationJobFailure' },
			});
		});
	});

	describe('job: read and control', () => {
		it('Get returns the job with its outcome, statistics and no connection strings', async () => {
			const result = await run({ resource: 'job', operation: 'get', jobId: RM_SEED.finishedJobId });
			expect(result.items[0].json).toMatchObject({ id: RM_SEED.finishedJobId, status: 'COMPLETED', outcome: 'succeeded', statistics: { totalTableCount: 6 } });
			expect(result.items[0].json).not.toHaveProperty('mongoDbConnectionString');
			expect(result.items[0].json.durationSeconds).toBe(300);
		});

		it('Get of an unknown job is a 404 NodeApiError with the vendor message', async () => {
			const result = await run({ resource: 'job', operation: 'get', jobId: 'no-such-job' });
			expect(result.error?.httpCode).toBe('404');
			expect(result.error?.message).toContain('Migration job no-such-job not found');
		});

		it('Get Many: sort, limit, in progress only, by project', async () => {
			const runningId = await startLongJob();
			const listedFrom = env.sandbox.requests().at(-1)?.seq ?? 0;
			const all = await run({ resource: 'job', operation: 'getMany', returnAll: true });
			expect(all.items.map((i) => i.json.id)).toEqual([runningId, RM_SEED.finishedJobId]);
			const oldest = await run({ resource: 'job', operation: 'getMany', returnAll: false, limit: 1, sort: 'submittedAt,ASC' });
			expect(oldest.items.map((i) => i.json.id)).toEqual([RM_SEED.finishedJobId]);
			const inProgress = await run({ resource: 'job', operation: 'getMany', returnAll: true, filters: { inProgressOnly: true } });
			expect(inProgress.items.map((i) => i.json.id)).toEqual([runningId]);
			const inventory = await run({ resource: 'job', operation: 'getMany', returnAll: true, filters: { projectId: INVENTORY.id } });
			expect(inventory.items).toEqual([]);
			const queries = env.sandbox.requests().filter((r) => r.method === 'GET' && r.seq > listedFrom).map((r) => r.query);
			expect(queries).toEqual([
				{ sort: 'submittedAt,DESC' },
				{ sort: 'submittedAt,ASC', limit: '1' },
				{ sort: 'submittedAt,DESC', type: 'IN_PROGRESS' },
				{ sort: 'submittedAt,DESC', projectId: INVENTORY.id },
			]);
		});

		it('Pause, Resume and Stop a CDC job', async () => {
			const created = await run(createParams({ mode: 'CDC', waitForCompletion: true, waitGoal: 'cdcRunning', waitOptions: fastWait() }));
			const jobId = created.items[0].json.id as string;
			const paused = await run({ resource: 'job', operation: 'pause', jobId });
			expect(paused.items[0].json).toMatchObject({ cdcStatus: 'PAUSED', outcome: 'running', rawStatus: 'RUNNING/PAUSED' });
			const resumed = await run({ resource: 'job', operation: 'resume', jobId });
			expect(resumed.items[0].json).toMatchObject({ cdcStatus: 'RUNNING' });
			const stopped = await run({ resource: 'job', operation: 'stop', jobId });
			expect(stopped.items[0].json).toMatchObject({ cdcStatus: 'COMPLETING', outcome: 'running' });
			expectNoSecrets([paused, resumed, stopped]);
		});

		it('Pause of a job that is not streaming is the server\'s 400, named', async () => {
			const result = await run({ resource: 'job', operation: 'pause', jobId: RM_SEED.finishedJobId });
			expect(result.error?.httpCode).toBe('400');
			expect(result.error?.message).toContain('Only a job whose CDC is running can be paused');
		});

		it('Stop during the snapshot cancels the job', async () => {
			const jobId = await startLongJob();
			const stopped = await run({ resource: 'job', operation: 'stop', jobId });
			expect(stopped.items[0].json).toMatchObject({ status: 'CANCELLING', outcome: 'running' });
		});

		it('Get Logs: one item per event, with limit, offset and event type', async () => {
			env.sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: SALES.id, outcome: 'failure', message: 'ORA-00942' });
			const created = await run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait({ failOnJobFailure: false }) }));
			const jobId = created.items[0].json.id as string;
			const all = await run({ resource: 'job', operation: 'getLogs', jobId, limit: 100, offset: 0 });
			expect(all.items.map((i) => i.json.eventType)).toEqual(['INFO', 'ERROR', 'INFO']);
			expect(all.items[0].json).toMatchObject({ jobId, message: 'Migration job failed' });
			const errors = await run({ resource: 'job', operation: 'getLogs', jobId, eventType: 'ERROR', limit: 10 });
			expect(errors.items.map((i) => i.json.message)).toEqual(['ORA-00942']);
			const page = await run({ resource: 'job', operation: 'getLogs', jobId, limit: 1, offset: 2 });
			expect(page.items.map((i) => i.json.message)).toEqual(['Migration job started']);
			const query = env.sandbox.requests().filter((r) => r.path.endsWith('/logs')).map((r) => r.query);
			expect(query).toEqual([
				{ limit: '100', offset: '0' },
				{ limit: '10', offset: '0', eventType: 'ERROR' },
				{ limit: '1', offset: '2' },
			]);
		});

		it('many items: one output per item, paired, and a bad item fails alone under continue on fail', async () => {
			const result = await run(
				{ resource: 'job', operation: 'get', jobId: '={{$json.id}}' },
				{ items: [{ id: RM_SEED.finishedJobId }, { id: 'missing-job' }, { id: RM_SEED.finishedJobId }], continueOnFail: true },
			);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[1].json.httpCode).toBe('404');
			expect(result.items[2].json.status).toBe('COMPLETED');
		});
	});

	it('the connection string never shows, even when the server echoes it', async () => {
		const result = await run(createParams({ mongoConnectionString: MONGO_URI }));
		expect(env.sandbox.requests().length).toBeGreaterThan(0);
		expectNoSecrets(result);
	});
});

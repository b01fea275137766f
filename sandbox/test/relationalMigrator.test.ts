import { FAMILY, RELATIONAL_MIGRATOR } from '../core/constants';
import { validateRequest, validateResponse, validateSchema } from '../core/openapi';
import * as relationalMigrator from '../families/relationalMigrator';
import { RM_SEED, mongoDatabaseName, relationalMigratorSpec } from '../families/relationalMigrator';
import { startSandbox, type Sandbox } from '../server';
import { call, until } from './helpers';

const API = RELATIONAL_MIGRATOR.apiPrefix;
const spec = relationalMigratorSpec();
const [sales, inventory] = RM_SEED.projects;

function createBody(overrides: Record<string, unknown> = {}, mode = 'SNAPSHOT') {
	return {
		projectId: sales.id,
		jdbcConnectionDetails: { type: 'POSTGRESQL', url: 'jdbc:postgresql://pg:5432/sales', user: 'alice', password: 'pg-secret-1' },
		mongodbConnectionDetails: { connectionString: 'mongodb://bob:mongo-secret-2@mongo:27017/sales' },
		options: { mode, dropCollections: true, errorHandling: 'WARN', errorTolerance: 3 },
		verification: { enabled: false },
		...overrides,
	};
}

describe('sandbox: Relational Migrator family', () => {
	let sandbox: Sandbox;
	let base: string;

	/** Calls the API and checks the request and the answer against the OpenAPI document. */
	async function api(method: string, path: string, json?: unknown) {
		const res = await call(base, method, API + path, { json });
		const url = new URL(base + API + path);
		const query = Object.fromEntries(url.searchParams);
		const problems = [
			...validateRequest(spec, { method, path: url.pathname, query, body: json }),
			...validateResponse(spec, method, url.pathname, res.status, res.json),
		];
		return { ...res, problems };
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 80, families: [relationalMigrator] });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	it('lists the two seeded projects and the finished job, all conforming to the spec', async () => {
		const projects = await api('GET', '/project?sort=name,ASC');
		expect(projects.status).toBe(200);
		expect(projects.problems).toEqual([]);
		expect(projects.json.map((p: { name: string }) => p.name)).toEqual([inventory.name, sales.name]);
		const jobs = await api('GET', '/jobs');
		expect(jobs.problems).toEqual([]);
		expect(jobs.json).toHaveLength(1);
		expect(jobs.json[0]).toMatchObject({ id: RM_SEED.finishedJobId, status: 'COMPLETED', statistics: { snapshotCompleted: true } });
	});

	it('runs a SNAPSHOT job: RUNNING, CLEANING_UP, COMPLETED, with statistics', async () => {
		const created = await api('POST', '/jobs', createBody());
		expect(created.status).toBe(200);
		expect(created.problems).toEqual([]);
		expect(created.json).toMatchObject({ status: 'RUNNING', cdcStatus: 'NOT_STARTED', options: { mode: 'SNAPSHOT' } });
		expect(JSON.stringify(created.json)).not.toContain('pg-secret-1');
		const id = created.json.id as string;
		expect(sandbox.counters.snapshot().starts[`${FAMILY.relationalMigrator}:${sales.id}`]).toBe(1);
		await until(async () => (await api('GET', `/jobs/${id}`)).json.status === 'COMPLETED');
		const done = await api('GET', `/jobs/${id}`);
		expect(done.problems).toEqual([]);
		expect(done.json.statistics).toMatchObject({ snapshotCompleted: true, remainingTableCount: 0, totalTableCount: 6, totalEventsSeen: 6000 });
		const states = (sandbox.ctx.jobs.get(FAMILY.relationalMigrator, id)!.history).map((h) => h.state);
		expect(states).toEqual(['RUNNING/NOT_STARTED', 'CLEANING_UP/NOT_STARTED', 'COMPLETED/NOT_STARTED']);
	});

	it('runs a CDC job: snapshot, then CDC running until stopped, then the cut-over completes it', async () => {
		const id = (await api('POST', '/jobs', createBody({}, 'CDC'))).json.id as string;
		await until(async () => (await api('GET', `/jobs/${id}`)).json.cdcStatus === 'RUNNING');
		const running = await api('GET', `/jobs/${id}`);
		expect(running.problems).toEqual([]);
		expect(running.json).toMatchObject({ status: 'RUNNING', cdcStatus: 'RUNNING', statistics: { snapshotCompleted: true } });
		expect(running.json.cdcStatistics.startedAt).toBeDefined();
		expect((await api('POST', `/jobs/${id}/pause`)).json.cdcStatus).toBe('PAUSED');
		const resumed = await api('POST', `/jobs/${id}/resume`);
		expect(resumed.problems).toEqual([]);
		expect(resumed.json.cdcStatus).toBe('RUNNING');
		const stopping = await api('POST', `/jobs/${id}/stop`);
		expect(stopping.problems).toEqual([]);
		expect(stopping.json).toMatchObject({ status: 'RUNNING', cdcStatus: 'COMPLETING' });
		await until(async () => (await api('GET', `/jobs/${id}`)).json.status === 'COMPLETED');
		expect((await api('GET', `/jobs/${id}`)).json.cdcStatus).toBe('COMPLETED');
	});

	it('stops a job during its snapshot: CANCELLING, then CANCELLED; a second stop changes nothing', async () => {
		sandbox.config.set({ runTimeMs: 5000 });
		const id = (await api('POST', '/jobs', createBody({}, 'CDC'))).json.id as string;
		expect((await api('POST', `/jobs/${id}/stop`)).json.status).toBe('CANCELLING');
		await until(async () => (await api('GET', `/jobs/${id}`)).json.status === 'CANCELLED');
		const again = await api('POST', `/jobs/${id}/stop`);
		expect(again.status).toBe(200);
		expect(again.json).toMatchObject({ status: 'CANCELLED', cdcStatus: 'CANCELLED' });
	});

	it('CDC_ONLY starts streaming without a snapshot', async () => {
		const id = (await api('POST', '/jobs', createBody({}, 'CDC_ONLY'))).json.id as string;
		await until(async () => (await api('GET', `/jobs/${id}`)).json.cdcStatus === 'RUNNING');
		expect((await api('GET', `/jobs/${id}`)).json.statistics.snapshotCompleted).toBe(false);
	});

	it('answers 470 with the running job id while a job runs, and counts one start', async () => {
		sandbox.config.set({ runTimeMs: 5000 });
		const first = await api('POST', '/jobs', createBody());
		const second = await api('POST', '/jobs', createBody({ projectId: inventory.id, mongodbConnectionDetails: { connectionString: 'mongodb://m/inv' } }));
		expect(second.status).toBe(470);
		expect(second.problems).toEqual([]);
		expect(second.json).toMatchObject({ jobId: first.json.id, message: 'Migration job already running' });
		expect(sandbox.counters.snapshot().starts).toEqual({ [`${FAMILY.relationalMigrator}:${sales.id}`]: 1 });
	});

	it('answers 440 when the connection string has no database name', async () => {
		for (const connectionString of ['mongodb://bob:pw@mongo:27017', 'mongodb://mongo:27017/?retryWrites=true', 'mongodb+srv://c.example.net']) {
			const res = await api('POST', '/jobs', createBody({ mongodbConnectionDetails: { connectionString } }));
			expect(res.status).toBe(440);
			expect(res.problems).toEqual([]);
		}
		expect(sandbox.counters.snapshot().starts).toEqual({});
		expect(mongoDatabaseName('mongodb://a:b@h1:1,h2:2/db?x=1')).toBe('db');
	});

	it('answers 440 when the JDBC URL names no database, and accepts the ways a JDBC URL names one', async () => {
		for (const url of ['jdbc:postgresql://pg:5432', 'jdbc:sqlserver://sql:1433;encrypt=true', 'jdbc:oracle:thin:@ora:1521']) {
			const res = await api('POST', '/jobs', createBody({ jdbcConnectionDetails: { type: 'POSTGRESQL', url } }));
			expect(res.status).toBe(440);
		}
		for (const url of ['jdbc:sqlserver://sql:1433;databaseName=sales', 'jdbc:oracle:thin:@ora:1521/ORCLPDB1', 'jdbc:oracle:thin:@ora:1521:ORCL', 'jdbc:mysql://h/db']) {
			expect(relationalMigrator.jdbcNamesDatabase(url)).toBe(true);
		}
		expect(sandbox.counters.snapshot().starts).toEqual({});
	});

	it('with relationalMigratorErrors "standard": 400 no database name, 422 a CDC mode, 409 already running (same body shape)', async () => {
		sandbox.config.set({ relationalMigratorErrors: 'standard' });
		const noDb = await api('POST', '/jobs', createBody({ mongodbConnectionDetails: { connectionString: 'mongodb://mongo:27017' } }));
		expect(noDb.status).toBe(400);
		expect(noDb.json).toMatchObject({ message: 'Invalid as connection string did not contain a database name' });
		const cdc = await api('POST', '/jobs', createBody({}, 'CDC'));
		expect(cdc.status).toBe(422);
		sandbox.config.set({ runTimeMs: 10_000 });
		const first = await api('POST', '/jobs', createBody());
		expect(first.status).toBe(200);
		const second = await api('POST', '/jobs', createBody());
		expect(second.status).toBe(409);
		expect(second.json).toMatchObject({ jobId: first.json.id, message: 'Migration job already running' });
		expect(typeof second.json.timestamp).toBe('string');
	});

	it('accepts existing connection ids and rejects unknown ones', async () => {
		const ok = await api('POST', '/jobs', createBody({
			jdbcConnectionDetails: { type: 'POSTGRESQL', url: '', existingConnectionId: sales.jdbcId },
			mongodbConnectionDetails: { connectionString: '', existingConnectionId: sales.mongodbId },
		}));
		expect(ok.status).toBe(200);
		sandbox.reset();
		const bad = await api('POST', '/jobs', createBody({ jdbcConnectionDetails: { type: 'POSTGRESQL', url: '', existingConnectionId: 'nope' } }));
		expect(bad.status).toBe(400);
		expect(bad.json.message).toContain('nope');
	});

	it('rejects a body that breaks the spec, naming the field', async () => {
		const res = await call(base, 'POST', `${API}/jobs`, { json: { ...createBody(), options: { mode: 'FULL' }, verification: undefined } });
		expect(res.status).toBe(400);
		expect(res.json.description).toContain('body.options.mode');
		expect(res.json.description).toContain('body.verification: is required');
	});

	it('fails a job per script with failureError and an ERROR log event; filters logs by type, limit and offset', async () => {
		sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: sales.name, outcome: 'failure', message: 'ORA-00942: table or view does not exist' });
		const id = (await api('POST', '/jobs', createBody())).json.id as string;
		await until(async () => (await api('GET', `/jobs/${id}`)).json.status === 'FAILED');
		const failed = await api('GET', `/jobs/${id}`);
		expect(failed.problems).toEqual([]);
		expect(failed.json.failureError).toMatchObject({ message: 'ORA-00942: table or view does not exist', setupError: false });
		const errors = await api('GET', `/jobs/${id}/logs?eventType=ERROR`);
		expect(errors.problems).toEqual([]);
		expect(errors.json).toHaveLength(1);
		const all = await api('GET', `/jobs/${id}/logs`);
		const page = await api('GET', `/jobs/${id}/logs?limit=1&offset=1`);
		expect(page.json).toEqual([all.json[1]]);
		expect(all.json[0].message).toBe('Migration job failed');
	});

	it('filters the job list: in progress, by project, sorted and limited', async () => {
		sandbox.config.set({ runTimeMs: 5000 });
		await api('POST', '/jobs', createBody());
		const inProgress = await api('GET', '/jobs?type=IN_PROGRESS');
		expect(inProgress.problems).toEqual([]);
		expect(inProgress.json).toHaveLength(1);
		expect((await api('GET', `/jobs?projectId=${inventory.id}`)).json).toEqual([]);
		const limited = await api('GET', '/jobs?sort=submittedAt,ASC&limit=1');
		expect(limited.problems).toEqual([]);
		expect(limited.json.map((j: { id: string }) => j.id)).toEqual([RM_SEED.finishedJobId]);
		expect((await api('GET', '/jobs?sort=bogus')).status).toBe(400);
	});

	it('answers 404 in the error-response shape and supports forced transitions', async () => {
		const missing = await api('GET', '/jobs/does-not-exist');
		expect(missing.status).toBe(404);
		expect(missing.problems).toEqual([]);
		sandbox.config.set({ runTimeMs: 5000 });
		const id = (await api('POST', '/jobs', createBody({}, 'CDC'))).json.id as string;
		sandbox.transition(FAMILY.relationalMigrator, id, 'FAILED');
		const job = await api('GET', `/jobs/${id}`);
		expect(job.json).toMatchObject({ status: 'FAILED', cdcStatus: 'NOT_STARTED' });
		expect(job.json.failureError.message).toBe('The migration job failed');
	});

	describe('OpenAPI subset validator', () => {
		const schema = { $ref: '#/components/schemas/post-migration-job-request' };
		it('reports required, enum, type, additionalProperties and nested $ref problems', () => {
			expect(validateSchema(spec, schema, createBody())).toEqual([]);
			const problems = validateSchema(spec, schema, { projectId: 1, jdbcConnectionDetails: { type: 'X', extra: true }, options: { mode: 'NOPE', errorTolerance: -1 } });
			expect(problems).toEqual(
				expect.arrayContaining([
					'$.projectId: expected string, got integer',
					'$.jdbcConnectionDetails.url: is required',
					'$.jdbcConnectionDetails.extra: is not allowed',
					'$.options.mode: "NOPE" is not one of SNAPSHOT, CDC, CDC_ONLY',
					'$.options.errorTolerance: below 0',
					'$.mongodbConnectionDetails: is required',
					'$.verification: is required',
				]),
			);
		});
		it('checks table filters through additionalProperties', () => {
			const bad = validateSchema(spec, schema, createBody({ relationalTableFilters: { public: { orders: { rowCount: 'ten' } } } }));
			expect(bad).toEqual(['$.relationalTableFilters.public.orders.rowCount: expected integer, got string']);
		});
		it('checks query parameters and unknown ones', () => {
			expect(validateRequest(spec, { method: 'GET', path: '/api/v1/jobs', query: { type: 'DONE', limit: 'x', foo: '1' } })).toEqual([
				'query.limit: expected integer, got string',
				'query.type: "DONE" is not one of IN_PROGRESS',
				'query.foo: is not a parameter of /jobs',
			]);
		});
	});

	it('runs k jobs of a project in a row (470 while one runs) and counts starts per project and stops per project and job', async () => {
		sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: sales.id, outcome: 'stuck' });
		sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: sales.id, outcome: 'failure', runTimeMs: 20 });
		const first = (await api('POST', '/jobs', createBody())).json.id as string; // stuck until stopped
		const refused = await api('POST', '/jobs', createBody());
		expect(refused.status).toBe(470);
		expect(refused.json).toMatchObject({ jobId: first, message: 'Migration job already running' });
		await api('POST', `/jobs/${first}/stop`);
		await until(async () => (await api('GET', `/jobs/${first}`)).json.status === 'CANCELLED');
		const second = (await api('POST', '/jobs', createBody())).json.id as string;
		await until(async () => (await api('GET', `/jobs/${second}`)).json.status === 'FAILED');
		const third = (await api('POST', '/jobs', createBody())).json.id as string;
		await until(async () => (await api('GET', `/jobs/${third}`)).json.status === 'COMPLETED');
		const mine = ((await api('GET', `/jobs?projectId=${sales.id}`)).json as Array<{ id: string; status: string }>).filter((j) => [first, second, third].includes(j.id));
		expect(mine.map((j) => j.status).sort()).toEqual(['CANCELLED', 'COMPLETED', 'FAILED']);
		const counters = sandbox.counters.snapshot();
		expect(counters.starts[`${FAMILY.relationalMigrator}:${sales.id}`]).toBe(3);
		expect(counters.stops).toEqual({ [`${FAMILY.relationalMigrator}:${sales.id}`]: 1 });
		expect(counters.runStops).toEqual({ [`${FAMILY.relationalMigrator}:${sales.id}:${first}`]: 1 });
	});
});

/**
 * Relational Migrator servers on both sides of the June 2026 release: before it, its own refusal codes (OpenAPI
 * 1.13.0: 440 no database name, 470 already running); since it (REST API 1.18.1), standard codes with the same body
 * shape (400, 409, and 422 for a CDC mode: the release runs snapshot migration jobs only). The sandbox answers in
 * either form (config relationalMigratorErrors), and the node reads both the same way.
 */
import { INVENTORY, SALES, SECRETS, createParams, expectNoSecrets, fastWait, starts, useEnv, visible } from './setup';
import { rl } from '../../harness/resourceLocator';
import { FAMILY } from '../../../sandbox/server';

const FORMS = [
	{ form: 'custom', alreadyRunning: '470', noDatabase: '440' },
	{ form: 'standard', alreadyRunning: '409', noDatabase: '400' },
] as const;

describe.each(FORMS)('Relational Migrator refusals, $form codes', ({ form, alreadyRunning, noDatabase }) => {
	const env = useEnv(100);
	const run = (parameters: Record<string, unknown>) => env.harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: parameters as never });
	beforeEach(() => env.sandbox.config.set({ relationalMigratorErrors: form }));

	it(`a JDBC URL without a database: ${noDatabase}, and the hint names the JDBC URL, not the MongoDB connection string`, async () => {
		const result = await run(createParams({ jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432' }));
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe(noDatabase);
		expect(result.error?.message).toContain('did not contain a database name');
		expect(result.error?.message).not.toMatch(/HTTP (\d+) \(\1\)/);
		expect(result.error?.description).toContain('The JDBC URL names no database');
		expect(result.error?.description).not.toContain('MongoDB connection string');
		expectNoSecrets(result);
		expect(starts(env.sandbox)).toEqual({});
	});

	it(`a MongoDB connection string without a database: ${noDatabase}, and the hint names the connection string`, async () => {
		const result = await run(createParams({ mongoConnectionString: `mongodb://bob:${SECRETS.mongoPassword}@mongo.example.internal:27017/` }));
		expect(result.error?.httpCode).toBe(noDatabase);
		expect(result.error?.description).toContain('The MongoDB connection string names no database');
		expect(result.error?.description).not.toContain('JDBC URL');
		expect(JSON.stringify(visible(result))).not.toContain(SECRETS.mongoPassword);
	});

	it(`another project's running job: the ${alreadyRunning} stands with the running job named`, async () => {
		env.sandbox.config.set({ runTimeMs: 60_000 });
		const other = await run(createParams({ project: rl(INVENTORY.id) }));
		expect(other.error).toBeUndefined();
		const result = await run(createParams());
		expect(result.error?.httpCode).toBe(alreadyRunning);
		expect(result.error?.description).toContain(`Another migration job is running (${String(other.items[0].json.id)})`);
	});

	it(`a job started between the check and the start: the ${alreadyRunning} refusal is read and the item attaches`, async () => {
		env.sandbox.config.set({ runTimeMs: 2500 });
		env.sandbox.faults.add({ match: { method: 'GET', path: 'api/v1/jobs' }, kind: 'slow', delayMs: 1500, next: 1 });
		const checks = () => env.sandbox.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/jobs').length;
		const mine = run(createParams({ waitForCompletion: true, waitGoal: 'finished', waitOptions: fastWait() }));
		const end = Date.now() + 10_000;
		while (checks() === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
		const other = await run(createParams({ ifAlreadyRunning: 'fail' }));
		expect(other.error).toBeUndefined();
		const result = await mine;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: other.items[0].json.id, outcome: 'succeeded', attached: true, startedByThisItem: false });
		const startCalls = env.sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/jobs');
		expect(startCalls.map((r) => String(r.status))).toEqual(['200', alreadyRunning]);
		expect(starts(env.sandbox)).toEqual({ [`${FAMILY.relationalMigrator}:${SALES.id}`]: 1 });
	});
});

describe('Relational Migrator since June 2026: snapshot jobs only', () => {
	const env = useEnv(100);
	const run = (parameters: Record<string, unknown>) => env.harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: parameters as never });

	it('a CDC start on a standard-codes server: the 422 with a hint that CDC needs an older server', async () => {
		env.sandbox.config.set({ relationalMigratorErrors: 'standard' });
		const result = await run(createParams({ mode: 'CDC' }));
		expect(result.error?.httpCode).toBe('422');
		expect(result.error?.message).toContain('Unprocessable request (422): Migration mode CDC is not supported');
		expect(result.error?.description).toContain('CDC modes need a server from before it');
		expect(starts(env.sandbox)).toEqual({});
	});

	it('the same CDC start on an older server starts the job', async () => {
		const result = await run(createParams({ mode: 'CDC' }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'running', startedByThisItem: true });
	});
});

describe('Relational Migrator create: the spec fields the form now sends', () => {
	const env = useEnv(100);
	const run = (parameters: Record<string, unknown>) => env.harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: parameters as never });

	it('Source and Destination Options go into jdbcConnectionDetails and mongodbConnectionDetails, checked against the spec', async () => {
		const result = await run(
			createParams({
				databaseType: 'ORACLE',
				jdbcUrl: 'jdbc:oracle:thin:@ora.example.internal:1521/ORCLCDB',
				sourceOptions: { oraclePdbName: ' ORCLPDB1 ', isManualUri: true, savePassword: true, id: 'jdbc-sales-pg' },
				destinationOptions: { savePassword: true, id: 'mongo-sales', projectId: 'atlas-proj-1', projectName: 'Sales', clusterName: 'Cluster0' },
			}),
		);
		expect(result.error).toBeUndefined();
		const sent = env.sandbox.requests().find((r) => r.method === 'POST' && r.path === '/api/v1/jobs')!.body as Record<string, Record<string, unknown>>;
		expect(sent.jdbcConnectionDetails).toMatchObject({ type: 'ORACLE', oraclePdbName: 'ORCLPDB1', isManualUri: true, savePassword: true, id: 'jdbc-sales-pg' });
		expect(sent.mongodbConnectionDetails).toMatchObject({ savePassword: true, id: 'mongo-sales', projectId: 'atlas-proj-1', projectName: 'Sales', clusterName: 'Cluster0' });
	});

	it('options left off are not sent (flags off, empty texts)', async () => {
		const result = await run(createParams({ sourceOptions: { oraclePdbName: '  ', isManualUri: false }, destinationOptions: { clusterName: '' } }));
		expect(result.error).toBeUndefined();
		const sent = env.sandbox.requests().find((r) => r.method === 'POST' && r.path === '/api/v1/jobs')!.body as Record<string, Record<string, unknown>>;
		expect(Object.keys(sent.jdbcConnectionDetails).sort()).toEqual(['password', 'type', 'url', 'user']);
		expect(Object.keys(sent.mongodbConnectionDetails)).toEqual(['connectionString']);
	});
});

/**
 * Messages a user reads: a parameter that an expression turned into an object or a list is refused naming the field
 * (it would be sent as "[object Object]"), a timed-out read does not warn about starts, and an unreachable service is
 * named by host and port (never by user, password or query string).
 */
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import * as relationalMigrator from '../../../sandbox/families/relationalMigrator';
import { RM_SEED } from '../../../sandbox/families/relationalMigrator';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { N8nHarness } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';

const NODE = 'mongoDbRelationalMigrator';
const CREATE = {
	resource: 'job',
	operation: 'create',
	project: rl(RM_SEED.projects[0].id),
	databaseType: 'POSTGRESQL',
	sourceConnection: 'details',
	jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432/sales',
	destinationConnection: 'connectionString',
	mongoConnectionString: 'mongodb://mongo.example.internal:27017/sales',
	mode: 'SNAPSHOT',
};

describe('messages', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 50, families: [relationalMigrator] });
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	const harness = (credential: Record<string, unknown> = {}) =>
		new N8nHarness({
			nodeTypes: [MongoDbRelationalMigrator],
			credentialTypes: [MongoDbRelationalMigratorApi],
			credentials: { mongoDbRelationalMigratorApi: { baseUrl: sandbox.url, ...credential } },
		});

	describe('an expression that yields an object or a list', () => {
		it.each([
			['an object', { id: RM_SEED.finishedJobId }, 'is an object, not a single value'],
			['a list', [RM_SEED.finishedJobId], 'is a list, not a single value'],
		])('as the Job ID (%s): refused naming the field, before any request', async (_kind, value, message) => {
			const result = await harness().runNode({
				type: NODE,
				parameters: { resource: 'job', operation: 'get', jobId: '={{ $json.job }}' },
				items: [{ job: value as never }],
			});
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(`"Job ID" ${message}`);
			expect(result.error?.message).not.toContain('[object Object]');
			expect(sandbox.requests()).toHaveLength(0);
		});

		it('as a resource locator (Project): refused naming the field', async () => {
			const result = await harness().runNode({ type: NODE, parameters: { ...CREATE, project: rl('={{ $json.project }}') }, items: [{ project: { id: RM_SEED.projects[0].id } }] });
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe('"Project" is an object, not a single value');
			expect(sandbox.requests()).toHaveLength(0);
		});

		it('as a text field inside a collection (Filters > Project ID): refused naming it', async () => {
			const result = await harness().runNode({
				type: NODE,
				parameters: { resource: 'job', operation: 'getMany', returnAll: true, filters: { projectId: '={{ $json.project }}' } },
				items: [{ project: { id: RM_SEED.projects[0].id } }],
			});
			expect(result.error?.message).toBe('"Filters > Project ID" is an object, not a single value');
			expect(sandbox.requests()).toHaveLength(0);
		});

		it('as a number (Limit): refused naming the field', async () => {
			const result = await harness().runNode({
				type: NODE,
				parameters: { resource: 'job', operation: 'getMany', returnAll: false, limit: '={{ $json.limit }}' as never },
				items: [{ limit: [5] }],
			});
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe('"Limit" is a list, not a single value');
			expect(sandbox.requests()).toHaveLength(0);
		});
	});

	it('a start that timed out warns that the job may have started (a read that timed out does not: see test/unit/shared/apiError.test.ts)', async () => {
		sandbox.faults.add({ match: { method: 'POST', path: 'api/v1/jobs' }, kind: 'slow', delayMs: 3000, next: 1 });
		const result = await harness({ requestTimeoutSeconds: 1 }).runNode({ type: NODE, parameters: CREATE });
		expect(result.error?.message).toBe(`The service at 127.0.0.1:${sandbox.port} did not answer in time`);
		expect(result.error?.description).toContain('A start that timed out may still have started the job');
	}, 30_000);

	it('connection refused names the host and port tried, not the credentials or query string', async () => {
		const closed = await startSandbox({ families: [relationalMigrator] });
		const port = closed.port;
		await closed.close();
		const result = await harness({ baseUrl: `http://bob:s3cret-pw@127.0.0.1:${port}/?token=abc123` }).runNode({
			type: NODE,
			parameters: { resource: 'job', operation: 'get', jobId: RM_SEED.finishedJobId },
		});
		expect(result.error?.message).toBe(`The service at 127.0.0.1:${port} could not be reached`);
		expect(result.error?.description).toContain(`n8n tried 127.0.0.1:${port}`);
		const text = JSON.stringify(result.error);
		expect(text).not.toContain('s3cret-pw');
		expect(text).not.toContain('abc123');
	}, 30_000);
});

/**
 * The credentials' "Request Timeout" reaches every request: a slow answer beyond it counts as failed (a read is
 * then retried), an answer within it is simply waited for.
 */
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import * as relationalMigrator from '../../../sandbox/families/relationalMigrator';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { N8nHarness } from '../../harness/n8n';

describe('request timeout from the credential', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 50, families: [relationalMigrator] });
	});
	afterAll(() => sandbox.close());

	async function getFirstJob(requestTimeoutSeconds: number) {
		sandbox.reset();
		const harness = new N8nHarness({
			nodeTypes: [MongoDbRelationalMigrator],
			credentialTypes: [MongoDbRelationalMigratorApi],
			credentials: { mongoDbRelationalMigratorApi: { baseUrl: sandbox.url, requestTimeoutSeconds } },
		});
		const jobs = await harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: { resource: 'job', operation: 'getMany', returnAll: true } });
		const jobId = String(jobs.items[0].json.id);
		sandbox.counters.reset();
		sandbox.faults.add({ match: { method: 'GET', path: `/api/v1/jobs/${jobId}` }, kind: 'slow', delayMs: 4000, next: 1 });
		const started = Date.now();
		const result = await harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: { resource: 'job', operation: 'get', jobId } });
		return { result, requests: sandbox.counters.snapshot().total, seconds: (Date.now() - started) / 1000 };
	}

	it('a read slower than the timeout is abandoned and retried', async () => {
		const { result, requests, seconds } = await getFirstJob(1);
		expect(result.error).toBeUndefined();
		expect(requests).toBe(2);
		// Well under the 4 s the slow answer takes: the read was abandoned after 1 s, not waited for.
		expect(seconds).toBeLessThan(3.5);
	});

	it('within the timeout the slow answer is waited for', async () => {
		const { result, requests } = await getFirstJob(5);
		expect(result.error).toBeUndefined();
		expect(requests).toBe(1);
	});
});

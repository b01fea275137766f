/**
 * Execute's guards: a start whose answer carries no run id is told apart from the previous run by the status read
 * before the start (as Database Ingestion does), and Task IDs that are not IDs are refused before any request.
 */
import { FAMILY } from '../../../sandbox/core/constants';
import { byId, useCDataEnv } from './setup';

const fast = { pollIntervalSeconds: 0.05, timeoutSeconds: 10 };

describe('CData Sync Execute guards', () => {
	const env = useCDataEnv();

	it('an answer without a run id and a status that still shows the previous failed run: the wait follows the new run', async () => {
		const job = env.job('SalesforceToSnowflake');
		env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'failure', message: 'previous run failed' });
		const first = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: { ...fast, failOnJobFailure: false } });
		expect(first.items[0].json).toMatchObject({ outcome: 'failed' });
		const previousRunId = first.items[0].json.runId;

		// Some Sync versions answer execute without run_id, and the status lags behind the start.
		env.sandbox.faults.add({ match: { method: 'POST', path: '/execute' }, kind: 'dropField', field: 'run_id' });
		env.sandbox.config.set({ cdataStatusLagMs: 400 });
		// Past the lag of the first run, so the read before the start sees it.
		await new Promise((resolve) => setTimeout(resolve, 450));
		const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: fast });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'Successful' });
		expect(result.items[0].json.runId).not.toBe(previousRunId);
		expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(2);
	});

	it.each([',, ;', '870237973789151200; 870875808946851841', '12, {x}'])('Task IDs %p: a NodeOperationError naming the field, no request', async (taskIds) => {
		const job = env.job('HubSpotToPostgres');
		const before = env.sandbox.requests().length;
		const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^"Task IDs" contains ".+", which is not a task ID$/);
		expect(env.sandbox.requests()).toHaveLength(before);
	});

	it('Task IDs separated by commas and spaces still run those tasks', async () => {
		const job = env.job('HubSpotToPostgres');
		const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds: ` ${job.tasks[0].id} ,, ${job.tasks[1].id} ` });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.tasks).toEqual([job.tasks[0].id, job.tasks[1].id]);
	});
});

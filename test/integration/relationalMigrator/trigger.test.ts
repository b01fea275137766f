import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { rl } from '../../harness/resourceLocator';
import { FAMILY, INVENTORY, RM_SEED, SALES, TRIGGER, createParams, requestCount, useEnv } from './setup';

const LIST = 'GET /api/v1/jobs';

describe('MongoDB Relational Migrator Trigger through n8n-core against the sandbox', () => {
	const env = useEnv(60_000);

	const poll = (staticData: IDataObject, parameters: Record<string, unknown> = {}) =>
		env.harness.poll({ type: TRIGGER, parameters: parameters as never, staticData });

	/** Starts a job that stays in its snapshot until a test moves it on with a forced transition. */
	async function startJob(mode = 'SNAPSHOT', projectId: string = SALES.id): Promise<string> {
		const result = await env.harness.runNode({
			type: 'mongoDbRelationalMigrator',
			parameters: createParams({ mode, project: rl(projectId), mongoConnectionString: 'mongodb://m.example.internal/db' }) as never,
		});
		expect(result.error).toBeUndefined();
		return result.items[0].json.id as string;
	}

	const move = (id: string, to: string) => env.sandbox.transition(FAMILY.relationalMigrator, id, to);
	const states = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => `${String(i.json.key).slice(0, 4)}:${String(i.json.state)}`);

	it('records a baseline on the first poll, then fires once per status or CDC status change', async () => {
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toBeNull();

		const id = await startJob('CDC');
		const tag = id.slice(0, 4);
		const appeared = await poll(staticData);
		expect(states(appeared)).toEqual([`${tag}:RUNNING/NOT_STARTED`]);
		expect(appeared![0].json).toMatchObject({ id, outcome: 'running', previousState: null, statistics: { snapshotCompleted: false } });
		expect(await poll(staticData)).toBeNull();

		move(id, 'RUNNING/RUNNING');
		const cdc = await poll(staticData);
		expect(states(cdc)).toEqual([`${tag}:RUNNING/RUNNING`]);
		expect(cdc![0].json).toMatchObject({ previousState: 'RUNNING/NOT_STARTED', cdcStatus: 'RUNNING', rawStatus: 'RUNNING/RUNNING' });

		move(id, 'RUNNING/PAUSED');
		move(id, 'RUNNING/RUNNING');
		// A change that went and came back between polls is no change.
		expect(await poll(staticData)).toBeNull();

		move(id, 'COMPLETED/COMPLETED');
		const done = await poll(staticData);
		expect(done![0].json).toMatchObject({ outcome: 'succeeded', status: 'COMPLETED', previousOutcome: 'running' });
		expect(done![0].json).not.toHaveProperty('mongoDbConnectionString');
		expect(await poll(staticData)).toBeNull();
	});

	it('reads one job listing per poll, however many jobs there are', async () => {
		const staticData: IDataObject = {};
		await startJob('SNAPSHOT');
		move((await env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string; status: string }> }).jobs.find((j) => j.status === 'RUNNING')!.id, 'COMPLETED');
		await startJob('SNAPSHOT', INVENTORY.id);
		const before = env.sandbox.counters.snapshot().total;
		for (let i = 0; i < 4; i++) await poll(staticData);
		const after = env.sandbox.counters.snapshot();
		expect(after.total - before).toBe(4);
		expect(after.requests[LIST]).toBe(4);
		const query = env.sandbox.requests().at(-1)!.query;
		expect(query).toEqual({ sort: 'submittedAt,DESC', limit: '50' });
	});

	it('a restart with the saved state does not emit again', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const id = await startJob();
		expect(states(await poll(staticData))).toHaveLength(1);
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		// n8n restarts: a new poll with the state it had saved.
		expect(await poll(saved)).toBeNull();
		move(id, 'FAILED');
		expect(states(await poll(saved))).toEqual([`${id.slice(0, 4)}:FAILED/NOT_STARTED`]);
	});

	it('a failed poll changes nothing, so the next one still emits the transition', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const id = await startJob();
		await poll(staticData);
		move(id, 'COMPLETED');
		const before = JSON.stringify(staticData);
		env.sandbox.faults.add({ match: { method: 'GET', path: 'api/v1/jobs' }, kind: 'status', status: 500, next: 1 });
		await expect(poll(staticData)).rejects.toThrow(/500/);
		expect(JSON.stringify(staticData)).toBe(before);
		const next = await poll(staticData);
		expect(next![0].json).toMatchObject({ id, outcome: 'succeeded' });
	});

	it('fires only on the chosen outcomes, and carries the failure error', async () => {
		const staticData: IDataObject = {};
		const parameters = { outcomes: ['failed'] };
		await poll(staticData, parameters);
		env.sandbox.scripts.add({ family: FAMILY.relationalMigrator, key: SALES.id, outcome: 'stuck', message: 'ORA-01017: invalid username/password' });
		const id = await startJob();
		expect(await poll(staticData, parameters)).toBeNull();
		move(id, 'FAILED');
		const failed = await poll(staticData, parameters);
		expect(failed).toHaveLength(1);
		expect(failed![0].json).toMatchObject({
			id,
			outcome: 'failed',
			failureError: { message: 'ORA-01017: invalid username/password' },
			error: { message: 'ORA-01017: invalid username/password', code: 'MigrationJobFailure' },
		});
	});

	it('watches one project when asked, with the project in the query', async () => {
		const staticData: IDataObject = {};
		const parameters = { project: rl(INVENTORY.id) };
		await poll(staticData, parameters);
		await startJob('SNAPSHOT', SALES.id);
		expect(await poll(staticData, parameters)).toBeNull();
		expect(env.sandbox.requests().at(-1)!.query).toMatchObject({ projectId: INVENTORY.id });
		expect(requestCount(env.sandbox, LIST)).toBe(2);
	});

	it('manual mode returns a sample of recent jobs and saves nothing', async () => {
		const staticData: IDataObject = {};
		const sample = await env.harness.poll({ type: TRIGGER, parameters: {} as never, staticData, mode: 'manual' });
		expect(sample!.map((i) => i.json.id)).toEqual([RM_SEED.finishedJobId]);
		expect(staticData).toEqual({});
	});
});

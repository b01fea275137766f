import type { IDataObject } from 'n8n-workflow';

import { rl } from '../../harness/resourceLocator';
import { FAMILY, INVENTORY, SALES, TRIGGER, createParams, useEnv } from '../relationalMigrator/setup';

describe('trigger promises: Relational Migrator trigger', () => {
	const env = useEnv(60_000);
	const poll = (staticData: IDataObject, parameters: Record<string, unknown> = {}) => env.harness.poll({ type: TRIGGER, parameters: parameters as never, staticData });
	async function startJob(projectId: string = SALES.id): Promise<string> {
		const result = await env.harness.runNode({ type: 'mongoDbRelationalMigrator', parameters: createParams({ mode: 'SNAPSHOT', project: rl(projectId), mongoConnectionString: 'mongodb://m.example.internal/db' }) as never });
		expect(result.error).toBeUndefined();
		return result.items[0].json.id as string;
	}
	const finished = async (projectId?: string) => {
		const id = await startJob(projectId);
		env.sandbox.transition(FAMILY.relationalMigrator, id, 'COMPLETED');
		await new Promise((r) => setTimeout(r, 5));
		return id;
	};
	const keys = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((i) => `${String(i.json.key)}:${String(i.json.outcome)}`);

	it('more runs between two polls than Jobs per Poll: every run must fire', async () => {
		const data: IDataObject = {};
		const params = { jobsPerPoll: 2 };
		await poll(data, params);
		const ids = [await finished(), await finished(), await finished()];
		const emitted = keys(await poll(data, params));
		expect(emitted).toEqual(ids.map((id) => `${id}:succeeded`));
	});

	it('raising Jobs per Poll: older, long-finished jobs must not fire as new', async () => {
		const data: IDataObject = {};
		await finished();
		await poll(data, { jobsPerPoll: 1 });
		const emitted = keys(await poll(data, { jobsPerPoll: 10 }));
		expect(emitted).toEqual([]);
	});

	it('changing the project filter: the other project\'s day-old job must not fire', async () => {
		const data: IDataObject = {};
		await poll(data, { project: rl(INVENTORY.id) });
		const emitted = keys(await poll(data, { project: rl(SALES.id) }));
		expect(emitted).toEqual([]);
	});

	it('Fire On Outcomes: an unknown outcome fails naming the field before any request; a comma-separated text works', async () => {
		const before = env.sandbox.requests().length;
		await expect(poll({}, { outcomes: ['failed', 'bogus'] })).rejects.toThrow(/Fire On Outcomes.*bogus/);
		expect(env.sandbox.requests().length).toBe(before);
		const data: IDataObject = {};
		await poll(data, { outcomes: 'failed, Succeeded' });
		const id = await finished();
		expect(keys(await poll(data, { outcomes: 'failed, Succeeded' }))).toEqual([`${id}:succeeded`]);
	});
});

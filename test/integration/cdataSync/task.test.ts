import { byId, FAMILY, fromList, useCDataEnv } from './setup';

describe('CData Sync node: tasks, through n8n-core against the sandbox', () => {
	const env = useCDataEnv();

	it('Get Many lists the tasks with their index, honouring the limit', async () => {
		const job = env.job('HubSpotToPostgres');
		const all = await env.run({ resource: 'task', operation: 'getMany', job: byId(job.id), returnAll: true });
		expect(all.items.map((i) => i.json.query)).toEqual(job.tasks.map((t) => t.query));
		expect(all.items.map((i) => i.json.index)).toEqual([0, 1, 2, 3, 4]);
		const two = await env.run({ resource: 'task', operation: 'getMany', job: byId(job.id), returnAll: false, limit: 2 });
		expect(two.items).toHaveLength(2);
	});

	it('Get reads one task picked from the list', async () => {
		const job = env.job('HubSpotToPostgres');
		const result = await env.run({ resource: 'task', operation: 'get', job: fromList(job.id), task: fromList(job.tasks[1].id) });
		expect(result.items[0].json).toMatchObject({ id: job.tasks[1].id, query: 'REPLICATE [Deals]', is_active: true, index: 1 });
	});

	it('Add sends query and is_active; an empty query fails before any request', async () => {
		const job = env.job('NightlySyncAll');
		const added = await env.run({ resource: 'task', operation: 'add', job: byId(job.id), query: 'REPLICATE [Accounts] SELECT * FROM [Accounts]', isActive: false });
		expect(added.items[0].json).toMatchObject({ query: 'REPLICATE [Accounts] SELECT * FROM [Accounts]', is_active: false, index: 2 });
		const empty = await env.run({ resource: 'task', operation: 'add', job: byId(job.id), query: '   ', isActive: true });
		expect(empty.error?.message).toBe('The "Query" parameter is empty');
		expect(env.requests()['POST /api.rsc/v2/jobs/:jobId/tasks']).toBe(1);
	});

	it('Active given as the text "false" by an expression adds an inactive task', async () => {
		const job = env.job('NightlySyncAll');
		const added = await env.run({ resource: 'task', operation: 'add', job: byId(job.id), query: 'REPLICATE [Leads]', isActive: '={{ "false" }}' });
		expect(added.error).toBeUndefined();
		expect(added.items[0].json).toMatchObject({ query: 'REPLICATE [Leads]', is_active: false });
	});

	it('Update changes query, active flag and index', async () => {
		const job = env.job('HubSpotToPostgres');
		const task = job.tasks[4];
		const result = await env.run({ resource: 'task', operation: 'update', job: byId(job.id), task: byId(task.id), updateFields: { query: 'REPLICATE [Tickets2]', isActive: false, index: 0 } });
		expect(result.items[0].json).toMatchObject({ id: task.id, query: 'REPLICATE [Tickets2]', is_active: false, index: 0 });
		const none = await env.run({ resource: 'task', operation: 'update', job: byId(job.id), task: byId(task.id), updateFields: {} });
		expect(none.error?.message).toBe('No fields to update');
	});

	it('Delete removes a task; a task of a running job is refused', async () => {
		const job = env.job('HubSpotToPostgres');
		const removed = await env.run({ resource: 'task', operation: 'delete', job: byId(job.id), task: byId(job.tasks[0].id) });
		expect(removed.items[0].json).toEqual({ jobId: job.id, taskId: job.tasks[0].id, deleted: true });
		expect(env.job('HubSpotToPostgres').tasks).toHaveLength(4);
		env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
		await env.run({ resource: 'job', operation: 'execute', job: byId(job.id) });
		const refused = await env.run({ resource: 'task', operation: 'delete', job: byId(job.id), task: byId(job.tasks[1].id) });
		expect(refused.error?.httpCode).toBe('409');
		expect(refused.error?.message).toContain('is running and cannot be deleted');
	});

	it('Move sends from_index and to_index; a wrong from index is Sync\'s 400', async () => {
		const job = env.job('HubSpotToPostgres');
		const task = job.tasks[3];
		const moved = await env.run({ resource: 'task', operation: 'move', job: byId(job.id), task: byId(task.id), fromIndex: 3, toIndex: 0 });
		expect(moved.items[0].json.id).toBe(task.id);
		expect(env.job('HubSpotToPostgres').tasks[0].id).toBe(task.id);
		const wrong = await env.run({ resource: 'task', operation: 'move', job: byId(job.id), task: byId(task.id), fromIndex: 3, toIndex: 1 });
		expect(wrong.error?.httpCode).toBe('400');
		expect(wrong.error?.message).toContain('The task is at index 0, not 3');
	});

	it('Get Last Run of All and Get History show each task\'s runs, normalised', async () => {
		const job = env.job('HubSpotToPostgres');
		const before = await env.run({ resource: 'task', operation: 'getLastRun', job: byId(job.id) });
		expect(before.items).toHaveLength(5);
		expect(before.items[0].json).toMatchObject({ status: 'None', outcome: null });
		env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'warning', message: 'permission denied' });
		await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.03 } });
		const after = await env.run({ resource: 'task', operation: 'getLastRun', job: byId(job.id) });
		expect(after.items.map((i) => i.json.outcome)).toEqual(['failed', 'failed', 'succeeded', 'succeeded', 'succeeded']);
		const history = await env.run({ resource: 'task', operation: 'getHistory', job: byId(job.id), task: byId(job.tasks[0].id), returnAll: true });
		expect(history.items).toHaveLength(1);
		expect(history.items[0].json).toMatchObject({ TaskId: job.tasks[0].id, Status: 'Failed', outcome: 'failed', error: { message: 'permission denied' } });
	});
});

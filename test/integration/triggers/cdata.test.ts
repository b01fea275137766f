import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, FAMILY, useCDataEnv } from '../cdataSync/setup';
import { jump, resetClock } from './clock';

describe('trigger promises: CData Sync trigger', () => {
	const env = useCDataEnv();
	let staticData: IDataObject;
	beforeEach(() => {
		staticData = {};
	});
	afterEach(() => resetClock());
	const poll = (parameters: INodeParameters, mode: 'trigger' | 'manual' = 'trigger', data = staticData) => env.harness.poll({ type: 'cDataSyncTrigger', parameters, staticData: data, mode });
	const selected = (...ids: string[]): INodeParameters => ({ watch: 'selectedJobs', jobIds: ids, outcomes: [] });
	const run = async (jobName: string, outcome?: 'success' | 'warning' | 'failure' | 'stuck') => {
		const job = env.job(jobName);
		if (outcome) env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome, runTimeMs: 10 });
		const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: outcome !== 'stuck', waitOptions: { pollIntervalSeconds: 0.02, failOnJobFailure: false } });
		expect(result.error).toBeUndefined();
		await new Promise((r) => setTimeout(r, 3));
		return job;
	};
	const brief = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((i) => `${String(i.json.name)}:${String(i.json.outcome)}`);

	it('job removed from the selection and re-added: runs while it was not selected must not fire (docs: counts only runs since last poll)', async () => {
		const a = env.job('SalesforceToSnowflake');
		const b = env.job('HubSpotToPostgres');
		await poll(selected(a.id, b.id));
		expect(await poll(selected(a.id))).toBeNull();
		await run('HubSpotToPostgres', 'failure');
		await run('HubSpotToPostgres', 'success');
		expect(await poll(selected(a.id))).toBeNull();
		jump(3600_000); // an hour passes, polls go on
		expect(await poll(selected(a.id))).toBeNull();
		// user re-adds B: its runs started more than an hour before the last poll
		const emitted = await poll(selected(a.id, b.id));
		expect(brief(emitted)).toEqual([]);
	});

	it('run running at baseline ends later: fires once', async () => {
		await run('NightlySyncAll', 'stuck');
		await poll(selected(env.job('NightlySyncAll').id));
		env.sandbox.transition(FAMILY.cdataSync, env.job('NightlySyncAll').id, 'Successful');
		expect(brief(await poll(selected(env.job('NightlySyncAll').id)))).toEqual(['NightlySyncAll:succeeded']);
		expect(await poll(selected(env.job('NightlySyncAll').id))).toBeNull();
	});

	it('started between polls, still running, then ends: running once, ended once', async () => {
		const id = env.job('NightlySyncAll').id;
		await poll(selected(id));
		await run('NightlySyncAll', 'stuck');
		expect(brief(await poll(selected(id)))).toEqual(['NightlySyncAll:running']);
		expect(await poll(selected(id))).toBeNull();
		env.sandbox.transition(FAMILY.cdataSync, id, 'Failed');
		expect(brief(await poll(selected(id)))).toEqual(['NightlySyncAll:failed']);
		expect(await poll(selected(id))).toBeNull();
	});

	it('poll failing on its second request (history 500) then succeeding: nothing lost, nothing twice', async () => {
		const a = env.job('SalesforceToSnowflake');
		const b = env.job('HubSpotToPostgres');
		await poll(selected(a.id, b.id));
		await run('SalesforceToSnowflake', 'failure');
		await run('HubSpotToPostgres', 'success');
		env.sandbox.faults.add({ match: { path: `${b.id}/history` }, kind: 'status', status: 500, next: 1 });
		await expect(poll(selected(a.id, b.id))).rejects.toThrow();
		expect(brief(await poll(selected(a.id, b.id))).sort()).toEqual(['HubSpotToPostgres:succeeded', 'SalesforceToSnowflake:failed']);
		expect(await poll(selected(a.id, b.id))).toBeNull();
	});

	it('two overlapping polls from the same saved state (older listing finishes last): the end of a run fires once / same eventId', async () => {
		const id = env.job('NightlySyncAll').id;
		const params = selected(id);
		await poll(params);
		await run('NightlySyncAll', 'stuck');
		// Poll A: its status read is answered (job running) but held back 800 ms.
		env.sandbox.faults.add({ match: { path: `${id}/status` }, kind: 'slow', delayMs: 800, next: 1 });
		const pollA = poll(params);
		await new Promise((r) => setTimeout(r, 150));
		env.sandbox.transition(FAMILY.cdataSync, id, 'Successful');
		const b = await poll(params); // poll B overlaps A, same saved state
		const a = await pollA;
		const c = await poll(params);
		const d = await poll(params);
		const all = [...(b ?? []), ...(a ?? []), ...(c ?? []), ...(d ?? [])].map((i) => [i.json.outcome, i.json.eventId]);
		const ended = all.filter(([o]) => o === 'succeeded');
		expect(new Set(ended.map(([, e]) => e)).size).toBe(1);
		expect(ended).toHaveLength(1);
	});

	it('manual poll between two real polls', async () => {
		const id = env.job('SalesforceToSnowflake').id;
		await poll(selected(id));
		await run('SalesforceToSnowflake', 'failure');
		const before = JSON.stringify(staticData);
		const sample = await poll(selected(id), 'manual');
		expect(JSON.stringify(staticData)).toBe(before);
		const real = await poll(selected(id));
		expect(brief(real)).toEqual(['SalesforceToSnowflake:failed']);
		// The test event shows the same run in the same state, under an id of its own (a dedup table fed by a test run
		// must not swallow the real event).
		expect(brief(sample)).toEqual(['SalesforceToSnowflake:failed']);
		expect(sample?.[0].json.eventId).not.toBe(real?.[0].json.eventId);
	});

	it('state size after 200 runs', async () => {
		const id = env.job('SalesforceToSnowflake').id;
		await poll(selected(id));
		let emitted = 0;
		for (let i = 0; i < 200; i++) {
			await run('SalesforceToSnowflake', 'success');
			if (i % 10 === 9) emitted += (await poll(selected(id)))?.length ?? 0;
		}
		expect(emitted).toBe(200);
		// Bounded: about 100 bytes per run kept (5,000 runs or 7 days at most).
		expect(JSON.stringify(staticData.statusWatch).length).toBeLessThan(40_000);
	});
});

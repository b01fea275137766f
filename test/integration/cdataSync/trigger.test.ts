import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { forgetRecentEmissions } from '../../../nodes/shared/statusWatch';
import { byId, FAMILY, useCDataEnv } from './setup';

describe('CData Sync Trigger through n8n-core against the sandbox', () => {
	const env = useCDataEnv();
	let staticData: IDataObject;
	beforeEach(() => {
		staticData = {};
	});

	const workspaceParams = (extra: INodeParameters = {}): INodeParameters => ({ watch: 'workspace', workspace: byId(env.workspace('Default').id), outcomes: [], ...extra });
	const poll = (parameters: INodeParameters, mode: 'trigger' | 'manual' = 'trigger') => env.harness.poll({ type: 'cDataSyncTrigger', parameters, staticData, mode });
	const run = async (jobName: string, outcome?: 'success' | 'warning' | 'failure' | 'stuck', message?: string) => {
		const job = env.job(jobName);
		if (outcome) env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome, message });
		const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: outcome !== 'stuck', waitOptions: { pollIntervalSeconds: 0.03, failOnJobFailure: false } });
		expect(result.error).toBeUndefined();
		return job;
	};
	const countsSince = (before: Record<string, number>) => {
		const now = env.requests();
		const diff: Record<string, number> = {};
		for (const [k, v] of Object.entries(now)) if (v - (before[k] ?? 0) > 0) diff[k] = v - (before[k] ?? 0);
		return diff;
	};

	it('records a baseline silently with one listing and one status read per job, then emits each transition once', async () => {
		expect(await poll(workspaceParams())).toBeNull();
		expect(env.requests()).toEqual({ 'GET /api.rsc/v2/workspaces/:workspaceId/jobs': 1, 'GET /api.rsc/v2/jobs/:jobId/status': 3 });

		const job = await run('SalesforceToSnowflake');
		const emitted = (await poll(workspaceParams()))!;
		expect(emitted).toHaveLength(1);
		expect(emitted[0].json).toMatchObject({
			key: `${job.id}:${String(emitted[0].json.startedAt)}`,
			eventId: expect.stringMatching(/^ev_[0-9a-f]{16}$/),
			outcome: 'succeeded',
			rawStatus: 'Successful',
			jobId: job.id,
			name: 'SalesforceToSnowflake',
			job: { id: job.id, name: 'SalesforceToSnowflake' },
			details: '3 tasks completed.',
			latestHistory: { JobId: job.id, Status: 'Successful' },
			previousOutcome: 'succeeded',
		});
		expect(Date.parse(String(emitted[0].json.endedAt))).toBeGreaterThanOrEqual(Date.parse(String(emitted[0].json.startedAt)));
		expect(typeof emitted[0].json.recordsAffected).toBe('number');

		const before = env.requests();
		expect(await poll(workspaceParams())).toBeNull();
		expect(countsSince(before)).toEqual({ 'GET /api.rsc/v2/workspaces/:workspaceId/jobs': 1, 'GET /api.rsc/v2/jobs/:jobId/status': 3 });
	});

	it('emits the start of a run, then its end, and a new run with the same status again', async () => {
		await poll(workspaceParams());
		const job = await run('NightlySyncAll', 'stuck');
		const started = (await poll(workspaceParams()))!;
		expect(started.map((i) => [i.json.jobId, i.json.outcome])).toEqual([[job.id, 'running']]);
		expect(started[0].json.previousState).toBeNull();
		env.sandbox.transition(FAMILY.cdataSync, job.id, 'Successful');
		const ended = (await poll(workspaceParams()))!;
		expect(ended.map((i) => i.json.outcome)).toEqual(['succeeded']);
		// A second successful run between two polls: same raw status, new run id, so a new transition.
		await run('NightlySyncAll');
		const again = (await poll(workspaceParams()))!;
		expect(again).toHaveLength(1);
		expect(again[0].json.runId).not.toBe(ended[0].json.runId);
	});

	it('a poll cut short by n8n\'s poll budget loses nothing: the jobs it did not read come first in the next poll', async () => {
		const params = workspaceParams({ options: { parallelReads: 1 } });
		await poll(params);
		const names = ['SalesforceToSnowflake', 'HubSpotToPostgres', 'NightlySyncAll'];
		for (const name of names) await run(name);
		// Budget 2 s leaves 1 s to read; the first status read takes 1.5 s, so the poll reads no other job.
		env.sandbox.faults.add({ match: { method: 'GET', path: '/status' }, kind: 'slow', delayMs: 1500, next: 1 });
		const before = env.requests();
		const cut = (await env.harness.poll({ type: 'cDataSyncTrigger', parameters: params, staticData, pollBudgetMs: 2000 }))!;
		expect(cut).toHaveLength(1);
		expect(countsSince(before)['GET /api.rsc/v2/jobs/:jobId/status']).toBe(1);
		const rest = (await poll(params))!;
		expect([...cut, ...rest].map((i) => i.json.name).sort()).toEqual([...names].sort());
		expect(await poll(params)).toBeNull();
	});

	it('does not re-emit after a restart (state saved and reloaded)', async () => {
		await poll(workspaceParams());
		await run('SalesforceToSnowflake');
		expect(await poll(workspaceParams())).toHaveLength(1);
		staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(await poll(workspaceParams())).toBeNull();
	});

	it('a failed poll loses nothing: the transition comes with the next good poll', async () => {
		await poll(workspaceParams());
		await run('HubSpotToPostgres', 'failure', 'ORA-00942');
		env.sandbox.faults.add({ match: { path: '/status' }, kind: 'status', status: 500, next: 1 });
		await expect(poll(workspaceParams())).rejects.toThrow(/500/);
		const emitted = (await poll(workspaceParams()))!;
		expect(emitted).toHaveLength(1);
		expect(emitted[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'Failed', error: { message: 'ORA-00942' }, details: 'ORA-00942' });
	});

	it('fires only on the chosen outcomes (partial failure is a warning)', async () => {
		const params = workspaceParams({ outcomes: ['warning', 'failed'] });
		await poll(params);
		await run('SalesforceToSnowflake');
		expect(await poll(params)).toBeNull();
		await run('HubSpotToPostgres', 'warning');
		const emitted = (await poll(params))!;
		expect(emitted.map((i) => [i.json.name, i.json.outcome, i.json.rawStatus])).toEqual([['HubSpotToPostgres', 'warning', '2 of 5 Tasks Failed']]);
	});

	it('watches selected jobs only, without a listing, and skips a job deleted since', async () => {
		const watched = env.job('NetSuiteToSqlServer');
		const other = env.job('QuickBooksToBigQuery');
		const params: INodeParameters = { watch: 'selectedJobs', jobIds: [watched.id, other.id], outcomes: [] };
		await poll(params);
		expect(env.requests()).toEqual({ 'GET /api.rsc/v2/jobs/:jobId/status': 2 });
		await run('SalesforceToSnowflake');
		await run('NetSuiteToSqlServer');
		await env.run({ resource: 'job', operation: 'delete', job: byId(other.id) });
		const emitted = (await poll(params))!;
		expect(emitted.map((i) => [i.json.name, i.json.outcome])).toEqual([['NetSuiteToSqlServer', 'succeeded']]);
		expect(emitted[0].json.previousOutcome).toBe('failed');
	});

	it('a manual test returns recent runs as a sample and saves nothing', async () => {
		const sample = (await poll(workspaceParams(), 'manual'))!;
		expect(sample.map((i) => i.json.name)).toEqual(['SalesforceToSnowflake', 'HubSpotToPostgres']);
		expect(sample[1].json).toMatchObject({ outcome: 'warning', latestHistory: { Status: '2 of 5 Tasks Failed' } });
		expect(staticData).toEqual({});
	});

	it('a wrong token fails the poll with a clear 401 and keeps the state', async () => {
		await poll(workspaceParams());
		const saved = JSON.stringify(staticData);
		env.harness.setCredential('cDataSyncApi', { ...env.credential, authToken: 'bad-token-xyz' });
		try {
			await expect(poll(workspaceParams())).rejects.toThrow(/401/);
		} finally {
			env.harness.setCredential('cDataSyncApi', env.credential);
		}
		expect(JSON.stringify(staticData)).toBe(saved);
	});

	describe('every run between two polls', () => {
		const historyReads = (before: Record<string, number>) => countsSince(before)['GET /api.rsc/v2/jobs/:jobId/history'] ?? 0;

		it('a run that failed and was retried before the next poll fires twice, oldest first (once for "failed only")', async () => {
			const all = workspaceParams();
			const failedOnly = workspaceParams({ outcomes: ['failed'] });
			await poll(all);
			const other: IDataObject = {};
			await env.harness.poll({ type: 'cDataSyncTrigger', parameters: failedOnly, staticData: other });
			await run('HubSpotToPostgres', 'failure', 'ORA-00942');
			await run('HubSpotToPostgres');
			const before = env.requests();
			const emitted = (await poll(all))!;
			expect(emitted.map((i) => [i.json.name, i.json.outcome])).toEqual([
				['HubSpotToPostgres', 'failed'],
				['HubSpotToPostgres', 'succeeded'],
			]);
			expect(emitted[0].json).toMatchObject({ error: { message: 'ORA-00942' }, previousOutcome: 'warning' });
			expect(emitted[1].json.previousOutcome).toBe('failed');
			expect(new Set(emitted.map((i) => i.json.eventId)).size).toBe(2);
			expect(historyReads(before)).toBe(1); // only the job that changed
			const failures = (await env.harness.poll({ type: 'cDataSyncTrigger', parameters: failedOnly, staticData: other }))!;
			expect(failures.map((i) => [i.json.name, i.json.outcome, i.json.details])).toEqual([['HubSpotToPostgres', 'failed', 'ORA-00942']]);
			expect(await poll(all)).toBeNull();
		});

		it.each([2, 3, 4, 5])('%i runs of one job between polls: one item per run, oldest first, also after a restart', async (k) => {
			await poll(workspaceParams());
			const outcomes = ['failure', 'success', 'warning', 'failure', 'success'] as const;
			for (let i = 0; i < k; i++) await run('SalesforceToSnowflake', outcomes[i]);
			staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject; // restart: state saved and reloaded
			forgetRecentEmissions();
			const emitted = (await poll(workspaceParams()))!;
			expect(emitted.map((i) => i.json.outcome)).toEqual(['failed', 'succeeded', 'warning', 'failed', 'succeeded'].slice(0, k));
			expect(new Set(emitted.map((i) => i.json.key)).size).toBe(k);
			staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			forgetRecentEmissions();
			expect(await poll(workspaceParams())).toBeNull();
		});

		it('the same poll run twice with the same saved state emits each run once; after a restart the repeat carries the same event ids', async () => {
			await poll(workspaceParams());
			await run('SalesforceToSnowflake', 'failure');
			await run('SalesforceToSnowflake');
			const saved = JSON.stringify(staticData);
			staticData = JSON.parse(saved) as IDataObject;
			const first = (await poll(workspaceParams()))!;
			expect(first).toHaveLength(2);
			staticData = JSON.parse(saved) as IDataObject; // the scheduler runs the poll again from the same state
			expect(await poll(workspaceParams())).toBeNull();
			staticData = JSON.parse(saved) as IDataObject;
			forgetRecentEmissions(); // ... in another process: the repeat is emitted, with the same ids to dedupe on
			const repeat = (await poll(workspaceParams()))!;
			expect(repeat.map((i) => i.json.eventId)).toEqual(first.map((i) => i.json.eventId));
		});

		it('a quiet poll reads no history; a poll after a failed one still emits every run', async () => {
			await poll(workspaceParams());
			let before = env.requests();
			expect(await poll(workspaceParams())).toBeNull();
			expect(historyReads(before)).toBe(0);
			await run('NightlySyncAll', 'failure');
			await run('NightlySyncAll', 'failure');
			env.sandbox.faults.add({ match: { path: '/history' }, kind: 'status', status: 500, next: 1 });
			await expect(poll(workspaceParams())).rejects.toThrow(/500/);
			before = env.requests();
			const emitted = (await poll(workspaceParams()))!;
			expect(emitted.map((i) => i.json.outcome)).toEqual(['failed', 'failed']);
			expect(historyReads(before)).toBe(1);
		});
	});
});

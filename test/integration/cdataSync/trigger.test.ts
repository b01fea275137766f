import type { IDataObject, INodeParameters } from 'n8n-workflow';

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
			key: job.id,
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
		expect(started.map((i) => [i.json.key, i.json.outcome])).toEqual([[job.id, 'running']]);
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
});

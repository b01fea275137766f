/**
 * The Informatica IDMC node's Database Ingestion operations, driven through n8n-core against the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const PROJECT = '1lHbX3urKB8dHJ071tXV8F';
const FOLDER = '5GX14m3CuFAeVWqnsSX9mC';
const INITIAL_TASK = 'orders_oracle_to_snowflake_initial';
const CDC_TASK = 'customers_sqlserver_to_databricks_cdc';
const UNDEPLOYED_TASK = 'inventory_postgres_to_s3_initial';
const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };

describe('Informatica IDMC node: Database Ingestion (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaDbmi], { bind: (env) => ({ sandbox, harness } = env) });

	const run = (resource: string, operation: string, parameters: INodeParameters = {}, items?: IDataObject[], continueOnFail = false) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource, operation, ...parameters }, items, continueOnFail });
	const task = (operation: string, parameters?: INodeParameters, items?: IDataObject[], continueOnFail?: boolean) =>
		run('databaseIngestionTask', operation, parameters, items, continueOnFail);
	const job = (operation: string, parameters?: INodeParameters, items?: IDataObject[], continueOnFail?: boolean) =>
		run('databaseIngestionJob', operation, parameters, items, continueOnFail);
	const dbmiState = () =>
		sandbox.state(FAMILY.informaticaDbmi) as {
			tasks: Array<{ taskId: number; name: string; jobId: number | null }>;
			jobs: Array<{ jobId: number; status: string; runs: number; resumes: number; lastResumeOptions: unknown }>;
		};
	const jobState = (jobId: number) => dbmiState().jobs.find((j) => j.jobId === jobId);
	const until = async (check: () => boolean, ms = 3000) => {
		const end = Date.now() + ms;
		while (!check()) {
			if (Date.now() > end) throw new Error('condition not reached');
			await new Promise((r) => setTimeout(r, 10));
		}
	};
	const starts = (jobId: number) => sandbox.counters.snapshot().starts[`${FAMILY.informaticaDbmi}:${jobId}`] ?? 0;

	describe('Database Ingestion Task', () => {
		const definition = JSON.stringify({ loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' } });

		it('Create: sends the task and outputs the repoHandle as the task ID; Get ID finds the same task', async () => {
			const created = await task('create', { taskName: 'new_task', projectId: PROJECT, folderId: FOLDER, nativeData: definition });
			expect(created.error).toBeUndefined();
			const taskId = created.items[0].json.taskId as string;
			expect(taskId).toMatch(/^\d+$/);
			expect(created.items[0].json).toMatchObject({ taskName: 'new_task', documentType: 'APPMI_TASK' });
			// Both spellings of the project and folder fields went out (the page shows both).
			const sent = sandbox.requests().find((r) => r.path.endsWith('/task/create'))!.body as IDataObject;
			expect(sent).toMatchObject({ projectId: PROJECT, projectID: PROJECT, folderId: FOLDER, folderID: FOLDER, taskName: 'new_task' });
			const found = await task('getId', { taskName: 'new_task', projectId: PROJECT, folderId: FOLDER });
			expect(found.items.map((i) => i.json)).toEqual([
				expect.objectContaining({ taskId, taskName: 'new_task', project: 'Sales_Replication', folder: 'Oracle_to_Snowflake' }),
			]);
		});

		it('Create: a malformed task definition fails before any request, naming the field', async () => {
			sandbox.counters.reset();
			const result = await task('create', { taskName: 'x', nativeData: '{"source": {' });
			expect(result.error?.message).toContain('Task Definition (JSON)');
			expect(result.error?.httpCode ?? undefined).toBeUndefined();
			expect(result.error?.description).toMatch(/JSON|position|Unexpected|Expected/i);
			expect(sandbox.counters.snapshot().total).toBe(0);
			const notObject = await task('create', { taskName: 'x', nativeData: '[1,2]' });
			expect(notObject.error?.message).toContain('Task Definition (JSON)');
			expect(sandbox.counters.snapshot().total).toBe(0);
		});

		it('Create: an incomplete definition is the vendor 422, kept as a NodeApiError with the vendor message', async () => {
			const result = await task('create', { taskName: 'x', nativeData: '{"source": {"type": "ORACLE"}}' });
			expect(result.error?.httpCode).toBe('422');
			expect(`${result.error?.message} ${result.error?.description}`).toContain('nativeData task payload is incomplete');
		});

		it('Get ID: by name only and by name, project and folder; 404 for an unknown name', async () => {
			const byName = await task('getId', { taskName: INITIAL_TASK });
			expect(byName.items[0].json).toMatchObject({ taskId: '2', taskName: INITIAL_TASK });
			const exact = await task('getId', { taskName: CDC_TASK, projectId: PROJECT, folderId: '7oUOa49tVKzexgnzp3zyIc' });
			expect(exact.items[0].json.taskId).toBe('3');
			const missing = await task('getId', { taskName: 'no_such_task' });
			expect(missing.error?.httpCode).toBe('404');
		});

		it('Deploy: without waiting answers processing_deploy and the job ID', async () => {
			const result = await task('deploy', { taskId: '4' });
			expect(result.items[0].json).toMatchObject({ taskId: '4', jobId: '20', deploymentStatus: 'processing_deploy', message: 'Deployment started' });
		});

		it('Deploy: waiting ends when the job is deployed', async () => {
			const result = await task('deploy', { taskId: '4', waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ taskId: '4', jobId: '20', deploymentStatus: 'deployed', wait: { end: 'goalReached' } });
			expect(jobState(20)?.status).toBe('deployed');
		});

		it('Run Task: deploys a task that is not deployed, waits for the deployment, gets the job, starts it and waits', async () => {
			const result = await task('runTask', {
				taskName: UNDEPLOYED_TASK,
				projectId: PROJECT,
				folderId: FOLDER,
				runOptions: { deployPollIntervalSeconds: 0.02 },
				waitForCompletion: true,
				waitOptions: FAST_WAIT,
			});
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json).toMatchObject({ taskName: UNDEPLOYED_TASK, taskId: '4', jobId: '20', outcome: 'succeeded', rawStatus: 'completed', waitedUntil: 'finished' });
			expect((json.steps as IDataObject[]).map((s) => [s.step, s.result])).toEqual([
				['lookUpTask', 'done'],
				['deploy', 'done'],
				['waitForDeployment', 'done'],
				['getJobId', 'done'],
				['start', 'done'],
				['wait', 'done'],
			]);
			expect(starts(20)).toBe(1);
		});

		it('Run Task: skips the deployment of a deployed task and does not wait when not asked', async () => {
			const result = await task('runTask', { taskName: INITIAL_TASK });
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json).toMatchObject({ taskId: '2', jobId: '15' });
			expect((json.steps as IDataObject[]).map((s) => s.result)).toEqual(['done', 'skipped', 'skipped', 'skipped', 'done', 'skipped']);
			expect(json.message).toContain('accepted to start');
			expect(starts(15)).toBe(1);
			expect(sandbox.counters.snapshot().requests[`POST ${INFORMATICA.dbmiPrefix}/task/deploy/:taskId`]).toBeUndefined();
		});

		it('Run Task: a CDC task waits until the job is running (automatic goal) and leaves it running', async () => {
			const result = await task('runTask', { taskName: CDC_TASK, waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ jobId: '16', outcome: 'running', rawStatus: 'running', waitedUntil: 'running', wait: { end: 'goalReached' } });
			expect(jobState(16)?.status).toBe('running');
		});

		it('Run Task: a start with no visible effect ends after "No Visible Effect After (Polls)" (default 6), with the last status, not at the timeout', async () => {
			const first = await task('runTask', { taskName: INITIAL_TASK, waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(first.items[0].json).toMatchObject({ outcome: 'succeeded' });
			sandbox.config.set({ dbmiStartNoEffect: 2 });
			const wait = { pollIntervalSeconds: 0.02, timeoutSeconds: 5 };
			const failed = await task('runTask', { taskName: INITIAL_TASK, waitForCompletion: true, waitOptions: wait });
			expect(failed.error?.message).toBe('The start of Database Ingestion job 15 had no visible effect');
			expect(failed.error?.description).toContain('after 6 polls the status still shows the previous run (completed, ended ');
			const passed = await task('runTask', { taskName: INITIAL_TASK, waitForCompletion: true, waitOptions: { ...wait, failOnJobFailure: false, noVisibleEffectPolls: 3 } });
			expect(passed.error).toBeUndefined();
			const json = passed.items[0].json;
			expect(json).toMatchObject({
				jobId: '15',
				outcome: 'failed',
				rawStatus: 'completed (previous run)',
				startedByThisItem: true,
				wait: { end: 'noVisibleEffect', polls: 3 },
				error: { message: expect.stringContaining('The start had no visible effect') },
			});
			expect(json.steps).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'wait', result: 'done' })]));
			expect(Number((json.wait as IDataObject).waitedSeconds)).toBeLessThan(2);
			expect(starts(15)).toBe(3);
		});

		it('Run Task: "Deploy If Needed" off fails a task that is not deployed, naming it', async () => {
			const result = await task('runTask', { taskName: UNDEPLOYED_TASK, runOptions: { deployIfNeeded: false } });
			expect(result.error?.message).toContain('is not deployed');
			expect(sandbox.counters.snapshot().requests[`POST ${INFORMATICA.dbmiPrefix}/task/deploy/:taskId`]).toBeUndefined();
		});
	});

	describe('Database Ingestion Job', () => {
		it('Get Job ID: the job of a deployed task, as a string', async () => {
			const result = await job('getJobId', { taskId: '2' });
			expect(result.items[0].json).toMatchObject({ taskId: '2', jobId: '15', assetName: `${INITIAL_TASK}_15`, location: 'Default' });
		});

		it('Start without waiting, then Get Status maps the lower-case status', async () => {
			const started = await job('start', { jobId: '15' });
			expect(started.items[0].json).toMatchObject({ jobId: '15', status: 'Success', code: 202 });
			expect(starts(15)).toBe(1);
			// The job id went out as a string, as the page's start example shows.
			expect(sandbox.requests().find((r) => r.path.endsWith('/job/start'))!.body).toEqual({ jobId: '15' });
			await until(() => jobState(15)?.status === 'completed');
			const status = await job('getStatus', { jobId: '15' });
			expect(status.items[0].json).toMatchObject({ jobId: '15', status: 'completed', outcome: 'succeeded', rawStatus: 'completed', jobConfig: { taskMode: 'UNLOAD' } });
			expect(status.items[0].json).toMatchObject({ startedAt: expect.stringMatching(/Z$/), endedAt: expect.stringMatching(/Z$/), durationSeconds: expect.any(Number) });
			// Quirk: the page documents a JSON body on this GET; n8n's HTTP client sends none, so jobId goes in the query.
			const read = sandbox.requests().find((r) => r.path.endsWith('/job/status'))!;
			expect(read.query).toEqual({ jobId: '15' });
			expect(read.body).toBeUndefined();
		});

		it('Start and wait: ends succeeded', async () => {
			const result = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ jobId: '15', outcome: 'succeeded', rawStatus: 'completed', waitedUntil: 'finished', wait: { end: 'finished' } });
			expect(starts(15)).toBe(1);
		});

		it('Start and wait: a start with no visible effect ends after "No Visible Effect After (Polls)", not at the timeout', async () => {
			const first = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(first.items[0].json).toMatchObject({ outcome: 'succeeded' });
			sandbox.config.set({ dbmiStartNoEffect: 2 });
			const wait = { pollIntervalSeconds: 0.02, timeoutSeconds: 5 };
			const failed = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: wait });
			expect(failed.error?.message).toBe('The start of Database Ingestion job 15 had no visible effect');
			expect(failed.error?.description).toContain('after 6 polls the status still shows the previous run (completed, ended ');
			expect(failed.error?.description).not.toContain('left running');
			const passed = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: { ...wait, failOnJobFailure: false, noVisibleEffectPolls: 3 } });
			expect(passed.error).toBeUndefined();
			expect(passed.items[0].json).toMatchObject({
				outcome: 'failed',
				rawStatus: 'completed (previous run)',
				wait: { end: 'noVisibleEffect', polls: 3 },
				error: { message: expect.stringContaining('The start had no visible effect') },
			});
			expect(Number((passed.items[0].json.wait as IDataObject).waitedSeconds)).toBeLessThan(2);
			expect(starts(15)).toBe(3);
		});

		it('Start and wait: a scripted failure fails the item with the job\'s error message, or passes it on when asked', async () => {
			sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: INITIAL_TASK, outcome: 'failure', message: 'ORA-00942: table or view does not exist', times: 2 });
			const failed = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(failed.error?.message).toContain('failed: ORA-00942');
			await until(() => jobState(15)?.status === 'failed');
			const passed = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: { ...FAST_WAIT, failOnJobFailure: false } });
			expect(passed.error).toBeUndefined();
			expect(passed.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'failed', error: { message: 'ORA-00942: table or view does not exist' } });
		});

		it('Start and wait: a CDC job reaches the "Job Running" goal', async () => {
			const result = await job('start', { jobId: '16', waitForCompletion: true, waitUntil: 'running', waitOptions: FAST_WAIT });
			expect(result.items[0].json).toMatchObject({ outcome: 'running', wait: { end: 'goalReached' }, waitedUntil: 'running' });
		});

		it('Start and wait: a timeout with cancel-on-timeout stops the job', async () => {
			const result = await job('start', {
				jobId: '16',
				waitForCompletion: true,
				waitUntil: 'finished',
				waitOptions: { pollIntervalSeconds: 0.05, timeoutSeconds: 0.4, cancelOnTimeout: true },
			});
			expect(result.error?.message).toContain('Timed out');
			expect(result.error?.description).toContain('The job was stopped');
			expect(['stopping', 'stopped']).toContain(jobState(16)?.status);
			await until(() => jobState(16)?.status === 'stopped');
		});

		it('Stop, Resume with schema change options, Undeploy', async () => {
			await job('start', { jobId: '16' });
			await until(() => jobState(16)?.status === 'running');
			const stopped = await job('stop', { jobId: '16' });
			expect(stopped.items[0].json.message).toContain('accepted to stop');
			await until(() => jobState(16)?.status === 'stopped');
			const resumed = await job('resume', {
				jobId: '16',
				schemaChangeOptions: { rules: [{ pattern: 'dbo.*', changeAction: 'IGNORE' }, { pattern: '*.*', changeAction: 'REPLICATE' }] },
				waitForCompletion: true,
				waitOptions: FAST_WAIT,
			});
			expect(resumed.error).toBeUndefined();
			expect(resumed.items[0].json).toMatchObject({ outcome: 'running', waitedUntil: 'running' });
			expect(jobState(16)).toMatchObject({
				resumes: 1,
				lastResumeOptions: { resumeOptions: { schemaChangeOptions: [{ pattern: 'dbo.*', action: 'IGNORE' }, { pattern: '*.*', action: 'REPLICATE' }] } },
			});
			// The resume example sends the job id as a number.
			expect(sandbox.requests().find((r) => r.path.endsWith('/job/resume'))!.body).toMatchObject({ jobId: 16 });
			const running = await job('undeploy', { jobId: '16' });
			expect(running.error?.httpCode).toBe('409');
			await job('stop', { jobId: '16' });
			await until(() => jobState(16)?.status === 'stopped');
			const undeployed = await job('undeploy', { jobId: '16' });
			expect(undeployed.items[0].json.message).toContain('accepted to undeploy');
			await until(() => jobState(16)?.status === 'undeployed');
		});

		it('Resume: 409 for a job that is not stopped, failed or aborted', async () => {
			const result = await job('resume', { jobId: '15' });
			expect(result.error?.httpCode).toBe('409');
			expect(`${result.error?.message} ${result.error?.description}`).toContain('Cannot resume');
		});

		it('Get Metrics: Return All pages for the user; Limit, search, sort and state filter go in metricsOptions', async () => {
			const tables = Array.from({ length: 230 }, (_, i) => `HR.T${String(i).padStart(3, '0')}`);
			const created = await task('create', {
				taskName: 'many_tables',
				nativeData: JSON.stringify({ loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' }, tables }),
			});
			const taskId = created.items[0].json.taskId as string;
			const deployed = await task('deploy', { taskId, waitForCompletion: true, waitOptions: FAST_WAIT });
			const jobId = deployed.items[0].json.jobId as string;
			await job('start', { jobId, waitForCompletion: true, waitOptions: FAST_WAIT });
			sandbox.counters.reset();

			const all = await job('getMetrics', { jobId, returnAll: true });
			expect(all.error).toBeUndefined();
			expect(all.items).toHaveLength(230);
			expect(sandbox.counters.snapshot().requests[`POST ${INFORMATICA.dbmiPrefix}/job/metrics`]).toBe(3);
			expect(all.items[0].json).toMatchObject({ jobId, jobStatus: 'completed', jobOutcome: 'succeeded' });
			expect((all.items[0].json.subTasks as IDataObject[])[0]).toMatchObject({ srcName: 'HR.T000', state: 'COMPLETED', outcome: 'succeeded' });
			expect(new Set(all.items.map((i) => (i.json.subTasks as IDataObject[])[0].srcName)).size).toBe(230);

			const limited = await job('getMetrics', {
				jobId,
				limit: 3,
				metricsOptions: { search: 't01', sortField: 'srcTable', sortOrder: 'desc', stateFilter: 'COMPLETED' },
			});
			expect(limited.items.map((i) => (i.json.subTasks as IDataObject[])[0].srcName)).toEqual(['HR.T019', 'HR.T018', 'HR.T017']);
			const sent = sandbox.requests().filter((r) => r.path.endsWith('/job/metrics')).pop()!;
			expect(sent.query).toMatchObject({ jobId });
			expect(sent.body).toEqual({
				jobId: Number(jobId),
				parameters: { metricsOptions: { stateFilter: 'COMPLETED', sort: ['srcTable', 'desc'], search: 't01', limit: 3, offset: 0 } },
			});

			const summary = await job('getMetrics', { jobId, limit: 5, output: 'summary' });
			expect(summary.items).toHaveLength(1);
			expect(summary.items[0].json).toMatchObject({ jobId, outcome: 'succeeded', counts: { total: 230 } });
			expect(summary.items[0].json.metricsInfo).toHaveLength(5);
		});

		it('Get Metrics: 409 for a job that never ran', async () => {
			const result = await job('getMetrics', { jobId: '15' });
			// Job 15 never ran: the documented 409 "not in valid state for stats collection".
			expect(result.error?.httpCode).toBe('409');
			expect(`${result.error?.message} ${result.error?.description}`).toContain('not in valid state for stats collection');
		});

		it('Get Log: the agent path after a run, errorMessage without one (not an error)', async () => {
			const before = await job('getLog', { jobId: '16' });
			expect(before.error).toBeUndefined();
			expect(before.items[0].json).toMatchObject({ jobId: '16', logPath: null, hasLog: false });
			expect(before.items[0].json.errorMessage).toContain('Unable to obtain log path');
			await job('start', { jobId: '16' });
			const after = await job('getLog', { jobId: '16' });
			expect(after.items[0].json).toMatchObject({ hasLog: true, errorMessage: null });
			expect(after.items[0].json.logPath).toContain('customers_sqlserver_to_databricks_cdc_16');
		});
	});

	describe('errors and sessions', () => {
		it('a 401 renews the session with exactly one new login and no failed item', async () => {
			await job('getStatus', { jobId: '15' });
			expect(sandbox.counters.snapshot().logins).toBe(1);
			const expired = await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
			expect(expired.status).toBeLessThan(300);
			const result = await job('getStatus', { jobId: '={{$json.id}}' }, [{ id: '15' }, { id: '16' }]);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.jobId)).toEqual(['15', '16']);
			expect(sandbox.counters.snapshot().logins).toBe(2);
		});

		it('a session expiring mid-run (every 3 requests) costs one login per expiry and no failed item', async () => {
			sandbox.config.set({ sessionExpireEvery: 3 });
			// A run long enough for a dozen status reads, however loaded the machine is.
			sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: '15', outcome: 'success', runTimeMs: 800 });
			const result = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: FAST_WAIT });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.outcome).toBe('succeeded');
			const counters = sandbox.counters.snapshot();
			expect(counters.expiries).toBeGreaterThanOrEqual(2);
			expect(counters.logins).toBe(counters.expiries + 1);
			expect(starts(15)).toBe(1);
		});

		it('404 for an unknown job keeps the status code and the vendor message', async () => {
			const result = await job('getStatus', { jobId: '999' });
			expect(result.error?.httpCode).toBe('404');
			expect(`${result.error?.message} ${result.error?.description}`).toContain("could not find the job with ID '999'");
		});

		it('409 when starting the job of an undeployed task', async () => {
			await job('undeploy', { jobId: '15' });
			await until(() => jobState(15)?.status === 'undeployed');
			const result = await job('start', { jobId: '15' });
			expect(result.error?.httpCode).toBe('409');
			expect(`${result.error?.message} ${result.error?.description}`).toContain('not in DEPLOYED state');
			expect(starts(15)).toBe(0);
		});

		it('a job ID with a slash fails before any request, naming the field', async () => {
			sandbox.counters.reset();
			const result = await job('getLog', { jobId: '15/../x' });
			expect(result.error?.message).toContain('Job ID');
			expect(sandbox.counters.snapshot().total).toBe(0);
		});

		it('continueOnFail keeps every item paired and carries the status code', async () => {
			const result = await job('getStatus', { jobId: '={{$json.id}}' }, [{ id: '15' }, { id: '999' }, { id: '16' }], true);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[1].json).toMatchObject({ httpCode: '404' });
			expect(String(result.items[1].json.error)).toMatch(/404|could not find/);
			expect(result.items[2].json).toMatchObject({ jobId: '16', outcome: 'running', status: 'deployed' });
		});
	});
});

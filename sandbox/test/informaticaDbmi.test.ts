import { request } from 'node:http';

import { FAMILY, INFORMATICA } from '../core/constants';
import * as informaticaDataIntegration from '../families/informaticaDataIntegration';
import * as informaticaDbmi from '../families/informaticaDbmi';
import * as informaticaLogin from '../families/informaticaLogin';
import { call, informaticaSuite, until } from './helpers';

const families = [informaticaLogin, informaticaDbmi];
const DBMI = INFORMATICA.dbmiPrefix;
const PROJECT = '1lHbX3urKB8dHJ071tXV8F';
const FOLDER = '5GX14m3CuFAeVWqnsSX9mC';

describe('sandbox: Informatica Database Ingestion family', () => {
	const suite = informaticaSuite({ runTimeMs: 80, families });

	const dbmi = (method: string, path: string, json?: unknown, header = 'IDS-SESSION-ID') =>
		call(suite.base, method, DBMI + path, { json, headers: { [header]: suite.session } });
	const status = async (jobId: number | string) => (await dbmi('GET', `/job/status?jobId=${jobId}`)).json.status as string;
	const untilStatus = (jobId: number, wanted: string) => until(async () => (await status(jobId)) === wanted);

	it('accepts the session as IDS-SESSION-ID or icSessionId, and answers 401 in the DBMI shape without one', async () => {
		expect((await dbmi('GET', '/job/status?jobId=15')).status).toBe(200);
		expect((await dbmi('GET', '/job/status?jobId=15', undefined, 'icSessionId')).status).toBe(200);
		const none = await call(suite.base, 'GET', `${DBMI}/job/status?jobId=15`);
		expect(none.status).toBe(401);
		expect(none.json).toEqual({ status: 'failed', code: 401, message: 'Invalid or missing sessionId.' });
	});

	it('seeds a deployed initial-load task, a deployed CDC task and a task not deployed', async () => {
		const state = suite.sandbox.state(FAMILY.informaticaDbmi) as { tasks: Array<{ name: string; taskMode: string; jobId: number | null }> };
		expect(state.tasks).toEqual([
			expect.objectContaining({ name: 'orders_oracle_to_snowflake_initial', taskMode: 'UNLOAD', jobId: 15 }),
			expect.objectContaining({ name: 'customers_sqlserver_to_databricks_cdc', taskMode: 'CDC_COMBINED', jobId: 16 }),
			expect.objectContaining({ name: 'inventory_postgres_to_s3_initial', taskMode: 'UNLOAD', jobId: null }),
		]);
	});

	describe('task/create', () => {
		const nativeData = { loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' } };

		it('creates a task with either spelling of projectId and answers repoInfo.repoHandle as a string', async () => {
			const a = await dbmi('POST', '/task/create', { projectId: PROJECT, folderId: FOLDER, taskName: 'a_task', nativeData });
			expect(a.status).toBe(200);
			expect(typeof a.json.repoInfo.repoHandle).toBe('string');
			expect(a.json.parentInfo.map((p: { parentType: string }) => p.parentType)).toEqual(['Space', 'Project', 'Folder']);
			const b = await dbmi('POST', '/task/create', { projectID: PROJECT, folderID: FOLDER, taskName: 'b_task', nativeData });
			expect(b.status).toBe(200);
			expect(b.json.parentInfo[2].parentId).toBe(FOLDER);
			const found = await dbmi('GET', `/tasks/fetchId?taskName=b_task&projectId=${PROJECT}&folderId=${FOLDER}`);
			expect(found.json).toEqual([expect.objectContaining({ name: 'b_task', taskId: Number(b.json.repoInfo.repoHandle) })]);
		});

		it('validates name (400), payload (422), project and folder (404) and duplicates (409)', async () => {
			expect((await dbmi('POST', '/task/create', { taskName: '', nativeData })).status).toBe(400);
			expect((await dbmi('POST', '/task/create', { taskName: 'bad/name', nativeData })).status).toBe(400);
			const noData = await dbmi('POST', '/task/create', { taskName: 'x' });
			expect(noData.status).toBe(422);
			expect(noData.json).toMatchObject({ status: 'failed', code: 422 });
			expect((await dbmi('POST', '/task/create', { taskName: 'x', nativeData: { source: {} } })).json.message).toContain('target');
			expect((await dbmi('POST', '/task/create', { taskName: 'x', projectId: 'nope', nativeData })).status).toBe(404);
			expect((await dbmi('POST', '/task/create', { taskName: 'x', projectId: PROJECT, folderId: 'nope', nativeData })).status).toBe(404);
			expect((await dbmi('POST', '/task/create', { taskName: 'orders_oracle_to_snowflake_initial', projectId: PROJECT, folderId: FOLDER, nativeData })).status).toBe(409);
		});

		it('answers 400 in the DBMI shape when the body is not JSON', async () => {
			const res = await call(suite.base, 'POST', `${DBMI}/task/create`, { body: '{oops', headers: { 'content-type': 'application/json', 'IDS-SESSION-ID': suite.session } });
			expect(res.status).toBe(400);
			expect(res.json).toMatchObject({ status: 'failed', code: 400 });
		});
	});

	it('fetchId answers an array with numeric task ids; 404 when nothing matches, 400 without a name', async () => {
		const res = await dbmi('GET', '/tasks/fetchId?taskName=orders_oracle_to_snowflake_initial');
		expect(res.json).toEqual([
			{ name: 'orders_oracle_to_snowflake_initial', parentInfo: expect.any(Array), taskId: 2 },
		]);
		expect((await dbmi('GET', '/tasks/fetchId?taskName=nope')).status).toBe(404);
		expect((await dbmi('GET', `/tasks/fetchId?taskName=orders_oracle_to_snowflake_initial&folderId=other`)).status).toBe(404);
		expect((await dbmi('GET', '/tasks/fetchId')).status).toBe(400);
	});

	it('deploys asynchronously (processing_deploy, then deployed) and the job id can be fetched again', async () => {
		expect((await dbmi('GET', '/task/fetch/4/job')).status).toBe(404);
		const res = await dbmi('POST', '/task/deploy/4');
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ status: 'success', code: 202, message: 'Deployment started', data: { deploymentStatus: 'processing_deploy' } });
		const jobId = res.json.data.jobId as number;
		expect(await status(jobId)).toBe('processing_deploy');
		await untilStatus(jobId, 'deployed');
		expect((await dbmi('GET', '/task/fetch/4/job')).json).toEqual({ jobId, assetName: `inventory_postgres_to_s3_initial_${jobId}`, location: 'Default' });
		expect((await dbmi('POST', '/task/deploy/999')).status).toBe(404);
	});

	it('starts a deployed job once (409 while it runs, or when undeployed), runs it to completed, and counts the start', async () => {
		const start = await dbmi('POST', '/job/start', { jobId: '15' });
		expect(start.json).toMatchObject({ status: 'Success', code: 202 });
		expect(start.json.message).toContain('orders_oracle_to_snowflake_initial_15');
		expect((await dbmi('POST', '/job/start', { jobId: 15 })).status).toBe(409);
		await untilStatus(15, 'completed');
		const done = (await dbmi('GET', '/job/status?jobId=15')).json;
		expect(done).toMatchObject({ jobId: 15, status: 'completed', errorMessage: null, jobConfig: { taskMode: 'UNLOAD' } });
		expect(done.endTime).toEqual(expect.any(String));
		expect(suite.sandbox.counters.snapshot().starts).toEqual({ [`${FAMILY.informaticaDbmi}:15`]: 1 });
		// 404 for unknown and missing ids; 409 for a task never deployed (no job) is covered by fetch job's 404.
		expect((await dbmi('POST', '/job/start', { jobId: '999' })).json.message).toContain("'999'");
		expect((await dbmi('POST', '/job/start', {})).status).toBe(404);
	});

	/** fetch refuses a body on a GET; the page documents one, so send it with node:http. */
	const getWithBody = (path: string, json: unknown) =>
		new Promise<{ status: number; json: any }>((resolve, reject) => {
			const payload = JSON.stringify(json);
			const req = request(
				suite.base + DBMI + path,
				{ method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'IDS-SESSION-ID': suite.session } },
				(res) => {
					let text = '';
					res.on('data', (c: Buffer) => (text += c.toString()));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
				},
			);
			req.on('error', reject);
			req.end(payload);
		});

	it('reads status from the query or from a JSON body on the GET', async () => {
		expect((await getWithBody('/job/status', { jobId: '16' })).json).toMatchObject({ jobId: 16, status: 'deployed' });
		expect((await dbmi('GET', '/job/status')).status).toBe(400);
		expect((await dbmi('GET', '/job/status?jobId=77')).status).toBe(404);
	});

	it('keeps a CDC job running until stopped; stop and resume follow the documented 409 rules', async () => {
		await dbmi('POST', '/job/start', { jobId: 16 });
		await untilStatus(16, 'running');
		await new Promise((r) => setTimeout(r, 150));
		expect(await status(16)).toBe('running');
		expect((await dbmi('POST', '/job/resume', { jobId: 16 })).status).toBe(409);
		expect((await dbmi('POST', '/job/undeploy', { jobId: 16 })).status).toBe(409);
		expect((await dbmi('POST', '/job/stop', { jobId: '16' })).json.message).toContain('accepted to stop');
		await untilStatus(16, 'stopped');
		expect((await dbmi('POST', '/job/stop', { jobId: '16' })).status).toBe(409);
		const resume = await dbmi('POST', '/job/resume', {
			jobId: 16,
			parameters: { resumeOptions: { schemaChangeOptions: [{ pattern: '*.*', action: 'REPLICATE' }] } },
		});
		expect(resume.status).toBe(200);
		await untilStatus(16, 'running');
		const state = suite.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; resumes: number; lastResumeOptions: unknown }> };
		expect(state.jobs.find((j) => j.jobId === 16)).toMatchObject({ resumes: 1, lastResumeOptions: { resumeOptions: { schemaChangeOptions: [{ pattern: '*.*', action: 'REPLICATE' }] } } });
		expect((await dbmi('POST', '/job/resume', { jobId: 16, parameters: { resumeOptions: { schemaChangeOptions: [{ action: 'BOGUS' }] } } })).status).toBe(400);
	});

	it('scripts a failure by task name, with its message as errorMessage', async () => {
		suite.sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 'orders_oracle_to_snowflake_initial', outcome: 'failure', message: 'ORA-00942: table or view does not exist' });
		await dbmi('POST', '/job/start', { jobId: 15 });
		await untilStatus(15, 'failed');
		expect((await dbmi('GET', '/job/status?jobId=15')).json.errorMessage).toBe('ORA-00942: table or view does not exist');
		const metrics = await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15, parameters: { metricsOptions: { stateFilter: 'ERROR' } } });
		expect(metrics.json.counts.total).toBe(1);
		// A failed job can be resumed, and then started again.
		expect((await dbmi('POST', '/job/resume', { jobId: '15' })).status).toBe(200);
	});

	it('scripts by job id, and a stuck run stays running', async () => {
		suite.sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 15, outcome: 'stuck' });
		await dbmi('POST', '/job/start', { jobId: 15 });
		await untilStatus(15, 'running');
		await new Promise((r) => setTimeout(r, 150));
		expect(await status(15)).toBe('running');
	});

	it('forces a state through POST /__sandbox/jobs/transition', async () => {
		const res = await call(suite.base, 'POST', '/__sandbox/jobs/transition', { json: { family: FAMILY.informaticaDbmi, id: '16', to: 'on_hold' } });
		expect(res.status).toBe(200);
		expect(await status(16)).toBe('on_hold');
		expect((await call(suite.base, 'POST', '/__sandbox/jobs/transition', { json: { family: FAMILY.informaticaDbmi, id: '404', to: 'failed' } })).status).toBe(404);
	});

	it('undeploys a finished job; the task then has no job and can be deployed again as a new job', async () => {
		await dbmi('POST', '/job/start', { jobId: 15 });
		await untilStatus(15, 'completed');
		expect((await dbmi('POST', '/job/undeploy', { jobId: '15' })).json.message).toContain('accepted to undeploy');
		await untilStatus(15, 'undeployed');
		expect((await dbmi('GET', '/task/fetch/2/job')).status).toBe(404);
		expect((await dbmi('POST', '/job/start', { jobId: 15 })).status).toBe(409);
		const again = await dbmi('POST', '/task/deploy/2');
		expect(again.json.data.jobId).not.toBe(15);
	});

	describe('job/metrics', () => {
		beforeEach(async () => {
			await dbmi('POST', '/job/start', { jobId: 15 });
			await untilStatus(15, 'completed');
		});

		it('answers jobInfo, metricsInfo with upper-case sub-task states, counts and throughput', async () => {
			const res = await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15, parameters: { metricsOptions: { stateFilter: null, sort: ['srcTable', 'asc'], search: '', limit: 25, offset: 0 } } });
			expect(res.status).toBe(200);
			expect(res.json.jobInfo).toMatchObject({ jobId: 15, status: 'completed' });
			expect(res.json.metricsInfo.map((m: { subTasks: Array<{ srcName: string }> }) => m.subTasks[0].srcName)).toEqual([
				'SALES.CUSTOMERS',
				'SALES.ORDERS',
				'SALES.ORDER_LINES',
				'SALES.PRODUCTS',
			]);
			expect(res.json.metricsInfo[0].subTasks[0].state).toBe('COMPLETED');
			expect(res.json.counts).toMatchObject({ total: 4, statusCounts: [{ status: 'COMPLETED', counts: 4 }] });
			expect(res.json.currentThroughput).toEqual(expect.any(Number));
		});

		it('pages, searches and sorts', async () => {
			const page = async (metricsOptions: unknown) =>
				(await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15, parameters: { metricsOptions } })).json;
			const second = await page({ sort: ['srcTable', 'desc'], limit: 2, offset: 2 });
			expect(second.metricsInfo.map((m: { subTasks: Array<{ srcName: string }> }) => m.subTasks[0].srcName)).toEqual(['SALES.ORDERS', 'SALES.CUSTOMERS']);
			expect(second.counts.total).toBe(4);
			const searched = await page({ search: 'order' });
			expect(searched.counts.total).toBe(2);
			expect((await page({ stateFilter: 'RUNNING' })).metricsInfo).toEqual([]);
		});

		it('takes the jobId from the body or the URL, and rejects a bad body with 400', async () => {
			expect((await dbmi('POST', '/job/metrics', { jobId: '15' })).status).toBe(200);
			expect((await dbmi('POST', '/job/metrics?jobId=15', {})).status).toBe(200);
			expect((await dbmi('POST', '/job/metrics', {})).status).toBe(400);
			expect((await dbmi('POST', '/job/metrics?jobId=15', { jobId: 16 })).status).toBe(400);
			expect((await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15, parameters: { metricsOptions: { sort: ['nope', 'asc'] } } })).status).toBe(400);
			expect((await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15, parameters: { metricsOptions: { limit: -1 } } })).status).toBe(400);
			expect((await dbmi('POST', '/job/metrics?jobId=77', {})).status).toBe(404);
			expect((await dbmi('POST', '/job/metrics?jobId=16', {})).status).toBe(409);
		});

		it('uses the capitalised CDC keys for CDC jobs', async () => {
			await dbmi('POST', '/job/start', { jobId: 16 });
			await untilStatus(16, 'running');
			const res = await dbmi('POST', '/job/metrics?jobId=16', { jobId: 16, parameters: { metricsOptions: {} } });
			expect(res.json.metricsInfo[0].subTasks[0]).toMatchObject({ state: 'RUNNING', Inserts: expect.any(Number), 'Unload Count': 0 });
			expect(res.json.metricsInfo[0].taskName).toBe('CDC_COMBINED');
		});
	});

	it('log: errorMessage and no path before a run, a path after it', async () => {
		const before = await dbmi('GET', '/job/16/log');
		expect(before.json).toMatchObject({ agentId: null, logPath: null });
		expect(before.json.errorMessage).toContain('Unable to obtain log path');
		await dbmi('POST', '/job/start', { jobId: 16 });
		const after = await dbmi('GET', '/job/16/log');
		expect(after.json).toMatchObject({ logPath: expect.stringContaining('customers_sqlserver_to_databricks_cdc_16'), errorMessage: null });
		expect((await dbmi('GET', '/job/99/log')).status).toBe(404);
	});

	it('runs one job k times in a row: each run takes a higher run id (metrics, log path); 409 while one runs; counts starts and stops per job and run', async () => {
		const seen: Array<{ runId: number; tableRunIds: string[]; logPath: string; startTime: string }> = [];
		const look = async () => {
			const metrics = (await dbmi('POST', '/job/metrics?jobId=15', { jobId: 15 })).json;
			seen.push({
				runId: metrics.jobInfo.runId,
				tableRunIds: metrics.metricsInfo.map((m: { runId: string }) => m.runId),
				logPath: (await dbmi('GET', '/job/15/log')).json.logPath,
				startTime: (await dbmi('GET', '/job/status?jobId=15')).json.startTime,
			});
		};
		suite.sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 15, outcome: 'stuck' });
		suite.sandbox.scripts.add({ family: FAMILY.informaticaDbmi, key: 15, outcome: 'failure', message: 'ORA-1', runTimeMs: 20 });
		await dbmi('POST', '/job/start', { jobId: 15 }); // run 1: stuck until stopped
		const refused = await dbmi('POST', '/job/start', { jobId: 15 });
		expect(refused.status).toBe(409);
		expect(refused.json).toEqual({ status: 'failed', code: 409, message: 'Job is already running or not in DEPLOYED state.' });
		const stoppedRun = (suite.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; runId: number }> }).jobs.find((j) => j.jobId === 15)!.runId;
		expect((await dbmi('POST', '/job/stop', { jobId: 15 })).status).toBe(200);
		await untilStatus(15, 'stopped');
		await look();
		await dbmi('POST', '/job/start', { jobId: 15 });
		await untilStatus(15, 'failed');
		await look();
		await dbmi('POST', '/job/start', { jobId: 15 });
		await untilStatus(15, 'completed');
		await look();
		const runIds = seen.map((r) => r.runId);
		expect([...runIds].sort((a, b) => a - b)).toEqual(runIds);
		expect(new Set(runIds).size).toBe(3);
		expect(Number(seen[2].tableRunIds[0])).toBeGreaterThan(Number(seen[0].tableRunIds[3]));
		expect(seen.map((r) => r.logPath.endsWith(`-UNLOAD-${r.runId}.log`))).toEqual([true, true, true]);
		expect(new Set(seen.map((r) => r.startTime)).size).toBe(3);
		const counters = suite.sandbox.counters.snapshot();
		expect(counters.starts[`${FAMILY.informaticaDbmi}:15`]).toBe(3);
		expect(counters.stops).toEqual({ [`${FAMILY.informaticaDbmi}:15`]: 1 });
		expect(counters.runStops).toEqual({ [`${FAMILY.informaticaDbmi}:15:${stoppedRun}`]: 1 });
	});
});

describe('sandbox: Database Ingestion tasks in the v3 objects resource (type DBMI_TASK)', () => {
	const suite = informaticaSuite({ runTimeMs: 80, families: [informaticaLogin, informaticaDbmi, informaticaDataIntegration] });
	const v3 = (method: string, path: string, json?: unknown) =>
		call(suite.base, method, INFORMATICA.v3Prefix + path, { json, headers: { 'INFA-SESSION-ID': suite.session } });
	const list = async (q: string, extra = '') => (await v3('GET', `/objects?q=${encodeURIComponent(q)}${extra}`)).json as { count: number; objects: Array<{ id: string; path: string; type: string }> };

	it('lists the tasks by path (Project/Folder/Name), pages with limit and skip, and takes tasks created later', async () => {
		const all = await list("type=='DBMI_TASK'");
		expect(all.count).toBe(3);
		expect(all.objects.map((o) => o.path)).toEqual([
			'Sales_Replication/Oracle_to_Snowflake/orders_oracle_to_snowflake_initial',
			'Sales_Replication/SQLServer_CDC/customers_sqlserver_to_databricks_cdc',
			'Sales_Replication/Oracle_to_Snowflake/inventory_postgres_to_s3_initial',
		]);
		expect(all.objects.every((o) => o.type === 'DBMI_TASK' && o.id)).toBe(true);
		const page = await list("type=='DBMI_TASK'", '&limit=2&skip=2');
		expect(page).toMatchObject({ count: 3, objects: [expect.objectContaining({ path: 'Sales_Replication/Oracle_to_Snowflake/inventory_postgres_to_s3_initial' })] });
		const inFolder = await list("type=='DBMI_TASK' and location=='Sales_Replication/SQLServer_CDC'");
		expect(inFolder.objects.map((o) => o.path)).toEqual(['Sales_Replication/SQLServer_CDC/customers_sqlserver_to_databricks_cdc']);
		// Mapping tasks are not mixed in, nor these in theirs.
		expect((await list("type=='MTT'")).objects.some((o) => o.type === 'DBMI_TASK')).toBe(false);
		const nativeData = { loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' } };
		const created = await call(suite.base, 'POST', `${DBMI}/task/create`, { json: { taskName: 'new_task', nativeData }, headers: { 'IDS-SESSION-ID': suite.session } });
		expect(created.status).toBe(200);
		const after = await list("type=='DBMI_TASK'");
		expect(after.count).toBe(4);
		expect(after.objects[3]).toEqual(expect.objectContaining({ id: created.json.id, path: 'Default/new_task', type: 'DBMI_TASK' }));
	});
});

import { byId, CDATA_SYNC, FAMILY, fromList, useCDataEnv } from './setup';

const fast = { pollIntervalSeconds: 0.03, timeoutSeconds: 10 };

describe('CData Sync node: jobs, through n8n-core against the sandbox', () => {
	const env = useCDataEnv();

	describe('Get Many', () => {
		it('lists the jobs of the workspace picked from the list, honouring the limit', async () => {
			const ws = env.workspace('Default');
			const all = await env.run({ resource: 'job', operation: 'getMany', workspace: fromList(ws.id), returnAll: true });
			expect(all.error).toBeUndefined();
			expect(all.items.map((i) => i.json.name)).toEqual(['SalesforceToSnowflake', 'HubSpotToPostgres', 'NightlySyncAll']);
			const limited = await env.run({ resource: 'job', operation: 'getMany', workspace: byId(ws.id), returnAll: false, limit: 2 });
			expect(limited.items).toHaveLength(2);
		});

		it('an unknown workspace is a 404 with Sync\'s message', async () => {
			const result = await env.run({ resource: 'job', operation: 'getMany', workspace: byId('nope'), returnAll: true });
			expect(result.error?.httpCode).toBe('404');
			expect(result.error?.message).toContain('Workspace "nope" was not found');
		});
	});

	describe('Create', () => {
		it('sends every documented field in the page\'s spelling', async () => {
			const ws = env.workspace('Finance');
			const result = await env.run({
				resource: 'job',
				operation: 'create',
				workspace: byId(ws.id),
				name: 'Nightly Orders',
				jobType: 'ReverseETL',
				additionalFields: {
					sourceConnectionId: 'src-1',
					destinationConnectionId: 'dst-1',
					cron: '0 2 * * *',
					sendEmail: true,
					emailTo: 'ops@example.com',
					emailErrorOnly: true,
					enableParallelProcessing: true,
					workerPool: 4,
					verbosity: 3,
					destinationSchema: 'staging',
					tableNamePrefix: 'sf_',
					useGmtDateTime: true,
					historyMode: false,
					truncateTableData: false,
					dropTable: false,
					autoTruncateStrings: true,
					continueOnError: true,
					deletionBehavior: 'SoftDelete',
					alterSchema: true,
					replicateInterval: 30,
					replicateIntervalUnit: 'days',
					replicateStartDate: '2024-01-31',
					batchSize: 500,
					preJobEvent: '<api:info />',
					postJobEvent: '<api:info />',
					cdcEngineSettings: '{"Name":"engine1","Schema":"cdc"}',
					labels: 'nightly, finance',
					pipelineId: 'p-1',
					queries: ['REPLICATE [Orders]', 'REPLICATE [Lines]'],
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				name: 'Nightly Orders',
				type: 'ReverseETL',
				workspace_id: ws.id,
				source_connection: { id: 'src-1' },
				schedule: { enabled: true, cron: '0 2 * * *' },
				email_error_only: true,
				worker_pool: 4,
				deletion_behavior: 'SoftDelete',
				replicate_start_date: '2024-01-31',
				cdc_engine_settings: { Name: 'engine1', Schema: 'cdc' },
				labels: ['nightly', 'finance'],
				pipeline_id: 'p-1',
				task_count: 2,
			});
			expect(env.job('Nightly Orders').tasks.map((t) => t.query)).toEqual(['REPLICATE [Orders]', 'REPLICATE [Lines]']);
		});

		it('a malformed start date fails on the field, before any request', async () => {
			const ws = env.workspace('Default');
			const result = await env.run({ resource: 'job', operation: 'create', workspace: byId(ws.id), name: 'X', jobType: 'Standard', additionalFields: { replicateStartDate: '31/01/2024' } });
			expect(result.error?.message).toContain('Replicate Start Date');
			expect(env.requests()['POST /api.rsc/v2/workspaces/:workspaceId/jobs']).toBeUndefined();
		});

		it('a start date whose day does not exist in its month fails on the field, before any request', async () => {
			const ws = env.workspace('Default');
			for (const replicateStartDate of ['2024-02-31', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10']) {
				const result = await env.run({ resource: 'job', operation: 'create', workspace: byId(ws.id), name: 'X', jobType: 'Standard', additionalFields: { replicateStartDate } });
				expect(result.error?.message).toContain('Replicate Start Date');
				expect(result.error?.message).toContain(replicateStartDate);
			}
			expect(env.requests()['POST /api.rsc/v2/workspaces/:workspaceId/jobs']).toBeUndefined();
		});

		it('an existing name is Sync\'s 409, status kept', async () => {
			const ws = env.workspace('Default');
			const result = await env.run({ resource: 'job', operation: 'create', workspace: byId(ws.id), name: 'NightlySyncAll', jobType: 'Standard', additionalFields: {} });
			expect(result.error?.httpCode).toBe('409');
			expect(result.error?.message).toContain('already exists');
		});
	});

	describe('Update and Delete', () => {
		it('updates the documented fields', async () => {
			const job = env.job('NightlySyncAll');
			const result = await env.run({
				resource: 'job',
				operation: 'update',
				job: fromList(job.id),
				updateFields: { name: 'Renamed', emailSubject: 'Sync done', verbosity: 5, scheduleEnabled: false, cron: '' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ name: 'Renamed', email_subject: 'Sync done', verbosity: 5, schedule: { enabled: false, cron: '' } });
		});

		it('no field to update fails before any request', async () => {
			const job = env.job('NightlySyncAll');
			const result = await env.run({ resource: 'job', operation: 'update', job: byId(job.id), updateFields: {} });
			expect(result.error?.message).toBe('No fields to update');
			expect(Object.keys(env.requests())).toHaveLength(0);
		});

		it('refuses to update or delete a running job with an error naming the job (HTTP status kept)', async () => {
			const job = env.job('NightlySyncAll');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
			await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds: '' });
			const update = await env.run({ resource: 'job', operation: 'update', job: byId(job.id), updateFields: { name: 'New' } });
			expect(update.error?.message).toBe(`Job "NightlySyncAll" (${job.id}) is running and cannot be updated`);
			expect(update.error?.httpCode).toBe('409');
			expect(update.error?.description).toMatch(/Cancel it/);
			const del = await env.run({ resource: 'job', operation: 'delete', job: byId(job.id) });
			expect(del.error?.message).toBe(`Job "NightlySyncAll" (${job.id}) is running and cannot be deleted`);
			expect(env.job('NightlySyncAll').name).toBe('NightlySyncAll');
		});

		it('deletes a job', async () => {
			const job = env.job('QuickBooksToBigQuery');
			const result = await env.run({ resource: 'job', operation: 'delete', job: byId(job.id) });
			expect(result.items[0].json).toEqual({ jobId: job.id, deleted: true });
			expect(() => env.job('QuickBooksToBigQuery')).toThrow();
			const again = await env.run({ resource: 'job', operation: 'delete', job: byId(job.id) });
			expect(again.error?.httpCode).toBe('404');
		});
	});

	describe('Execute', () => {
		it('starts a job and returns the normalised start status', async () => {
			const job = env.job('SalesforceToSnowflake');
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds: '' });
			expect(result.items[0].json).toMatchObject({ outcome: 'running', rawStatus: 'Starting', jobId: job.id, tasks_total: 3 });
			expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(1);
		});

		it('runs only the selected tasks and waits for success', async () => {
			const job = env.job('HubSpotToPostgres');
			const taskIds = `${job.tasks[0].id}, ${job.tasks[2].id}`;
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds, waitForCompletion: true, waitOptions: fast });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'Successful', jobId: job.id, tasks: [job.tasks[0].id, job.tasks[2].id] });
			expect((result.items[0].json.wait as { end: string }).end).toBe('finished');
			expect(env.job('HubSpotToPostgres').status.tasks_total).toBe(2);
			expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBe(1);
		});

		it('execute-and-wait ending in a partial failure is a warning with the raw "n of m Tasks Failed"', async () => {
			const job = env.job('HubSpotToPostgres');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'HubSpotToPostgres', outcome: 'warning', message: 'Table [Owners]: permission denied.' });
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: fast });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ outcome: 'warning', rawStatus: '2 of 5 Tasks Failed', error: { message: 'Table [Owners]: permission denied.' } });
			// Sync's own fields of the status that ended the wait stay in the output, with the task counts, as Get Status gives them.
			expect(result.items[0].json).toMatchObject({ failedTasks: 2, totalTasks: 5, details: 'Table [Owners]: permission denied.', status: '2 of 5 Tasks Failed', attached: false, startedByThisItem: true });
			expect(result.items[0].json.records_affected).toEqual(expect.any(Number));

			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: 'HubSpotToPostgres', outcome: 'warning' });
			const strict = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: { ...fast, treatWarningAsFailure: true } });
			expect(strict.error?.message).toMatch(/HubSpotToPostgres.*ended with warnings/);
		});

		it('execute-and-wait ending in failure fails the item with Sync\'s details, or passes it on when asked', async () => {
			const job = env.job('SalesforceToSnowflake');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'failure', message: '[500] Could not connect to Snowflake.', times: 2 });
			const failed = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: fast });
			expect(failed.error?.message).toBe(`job "SalesforceToSnowflake" (${job.id}) failed: [500] Could not connect to Snowflake.`);
			const soft = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: { ...fast, failOnJobFailure: false } });
			expect(soft.error).toBeUndefined();
			expect(soft.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'Failed' });
		});

		it('continue on fail keeps the failed run\'s outcome on the error item', async () => {
			const job = env.job('SalesforceToSnowflake');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'failure', message: 'boom' });
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: fast }, { continueOnFail: true });
			expect(result.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'Failed' });
			expect(String(result.items[0].json.error)).toContain('boom');
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		});

		it('a wait that times out cancels the job when asked', async () => {
			const job = env.job('NightlySyncAll');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05, timeoutSeconds: 1, cancelOnTimeout: true } });
			expect(result.error?.message).toMatch(/Timed out after 1s/);
			expect(result.error?.description).toMatch(/stopped/);
			expect(env.job('NightlySyncAll').status.status).toBe('Cancelled');
		});

		it('a task id of another job is Sync\'s 404 and starts nothing', async () => {
			const job = env.job('NightlySyncAll');
			const result = await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), taskIds: '123' });
			expect(result.error?.httpCode).toBe('404');
			expect(env.sandbox.counters.snapshot().starts[`${FAMILY.cdataSync}:${job.id}`]).toBeUndefined();
		});
	});

	describe('Cancel, Get Status, Get History', () => {
		it('cancels a running job; cancelling it again is Sync\'s refusal', async () => {
			const job = env.job('NightlySyncAll');
			env.sandbox.scripts.add({ family: FAMILY.cdataSync, key: job.id, outcome: 'stuck' });
			await env.run({ resource: 'job', operation: 'execute', job: byId(job.id) });
			const cancelled = await env.run({ resource: 'job', operation: 'cancel', job: byId(job.id) });
			expect(cancelled.items[0].json).toMatchObject({ outcome: 'cancelled', rawStatus: 'Cancelled', jobId: job.id });
			const again = await env.run({ resource: 'job', operation: 'cancel', job: byId(job.id) });
			expect(again.error?.httpCode).toBe('409');
			expect(again.error?.message).toContain('is not running');
		});

		it('normalises the status and keeps the raw value; a job that never ran has no outcome', async () => {
			const partial = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('HubSpotToPostgres').id) });
			expect(partial.items[0].json).toMatchObject({ outcome: 'warning', rawStatus: '2 of 5 Tasks Failed', failedTasks: 2, totalTasks: 5, status: '2 of 5 Tasks Failed' });
			const failed = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NetSuiteToSqlServer').id) });
			expect(failed.items[0].json).toMatchObject({ outcome: 'failed', rawStatus: 'Failed', error: { message: '[500] Login failed for user sync.' } });
			const never = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) });
			expect(never.items[0].json).toMatchObject({ outcome: null, rawStatus: 'None' });
		});

		it('reads the history newest first, limited, and one record by id', async () => {
			const job = env.job('SalesforceToSnowflake');
			await env.run({ resource: 'job', operation: 'execute', job: byId(job.id), waitForCompletion: true, waitOptions: fast });
			const many = await env.run({ resource: 'job', operation: 'getHistory', job: byId(job.id), historyScope: 'many', returnAll: true });
			expect(many.items).toHaveLength(2);
			expect(many.items[0].json).toMatchObject({ JobId: job.id, JobName: 'SalesforceToSnowflake', Status: 'Successful', outcome: 'succeeded' });
			expect(Date.parse(String(many.items[0].json.startedAt))).toBeGreaterThan(Date.parse(String(many.items[1].json.startedAt)));
			const limited = await env.run({ resource: 'job', operation: 'getHistory', job: byId(job.id), historyScope: 'many', returnAll: false, limit: 1 });
			expect(limited.items).toHaveLength(1);
			const one = await env.run({ resource: 'job', operation: 'getHistory', job: byId(job.id), historyScope: 'one', historyId: String(many.items[1].json.Id) });
			expect(one.items[0].json).toMatchObject({ Id: many.items[1].json.Id, outcome: 'succeeded', RecordsAffected: 1234 });
		});

		it('an empty job parameter fails on the field before any request', async () => {
			const result = await env.run({ resource: 'job', operation: 'getStatus', job: byId('  ') });
			expect(result.error?.message).toBe('"Job" is required');
			expect(Object.keys(env.requests())).toHaveLength(0);
		});
	});

	describe('authentication', () => {
		it('a missing token is a clear 401', async () => {
			env.harness.setCredential('cDataSyncApi', { ...env.credential, authToken: '' });
			const result = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) });
			expect(result.error?.httpCode).toBe('401');
			expect(result.error?.message).toMatch(/^Authentication failed \(401\)/);
			expect(result.error?.description).toMatch(/Settings > Users > API Access/);
			expect(result.error?.description).toMatch(/Trusted IP Addresses/);
		});

		it('a wrong token is a 401 whose message and description never show the token', async () => {
			const secret = 'wrong-token-5f2c9a';
			env.harness.setCredential('cDataSyncApi', { ...env.credential, authToken: secret });
			const result = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) });
			expect(result.error?.httpCode).toBe('401');
			expect(result.error?.message).toContain('Invalid auth token');
			expect(JSON.stringify(result.run.data.resultData)).not.toContain(secret);
		});

		it('Basic mode sends the token as the password, not the header', async () => {
			env.harness.setCredential('cDataSyncApi', { ...env.credential, useBasicAuth: true, user: 'admin' });
			const result = await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) });
			expect(result.error).toBeUndefined();
			const logged = env.sandbox.requests(1)[0];
			expect(logged.headers.authorization).toMatch(/^Basi/);
			expect(logged.headers['x-cdata-authtoken']).toBeUndefined();
		});

		it('the credential test makes one authenticated call and fails on a wrong token', async () => {
			await expect(env.harness.testCredential('cDataSyncApi', 'cDataSync')).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Default' })]));
			expect(env.requests()['GET /api.rsc/v2/workspaces']).toBe(1);
			env.harness.setCredential('cDataSyncApi', { ...env.credential, authToken: 'nope' });
			await expect(env.harness.testCredential('cDataSyncApi', 'cDataSync')).rejects.toThrow();
		});

		it('accepts the server URL or the V2 URL in the credential', async () => {
			env.harness.setCredential('cDataSyncApi', { ...env.credential, baseUrl: `${env.sandbox.url}/` });
			expect((await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) })).error).toBeUndefined();
			env.harness.setCredential('cDataSyncApi', { ...env.credential, baseUrl: `${env.sandbox.url}${CDATA_SYNC.v2Prefix}` });
			expect((await env.run({ resource: 'job', operation: 'getStatus', job: byId(env.job('NightlySyncAll').id) })).error).toBeUndefined();
		});
	});

	describe('resource locator lists', () => {
		it('lists workspaces, jobs of all workspaces or of one, and the tasks of a job', async () => {
			const ws = (await env.harness.loadOptions('cDataSync', 'searchWorkspaces')) as { results: Array<{ name: string; value: string }> };
			expect(ws.results.map((r) => r.name)).toEqual(['Default (default)', 'Finance']);
			const all = (await env.harness.loadOptions('cDataSync', 'searchJobs', { resource: 'job', operation: 'execute' })) as { results: Array<{ name: string }> };
			expect(all.results.map((r) => r.name)).toContain('NetSuiteToSqlServer (Finance)');
			expect(all.results).toHaveLength(5);
			const finance = (await env.harness.loadOptions('cDataSync', 'searchJobs', { resource: 'job', operation: 'getMany', workspace: byId(env.workspace('Finance').id) }, 'net')) as {
				results: Array<{ name: string }>;
			};
			expect(finance.results.map((r) => r.name)).toEqual(['NetSuiteToSqlServer']);
			const job = env.job('HubSpotToPostgres');
			const tasks = (await env.harness.loadOptions('cDataSync', 'searchTasks', { resource: 'task', operation: 'get', job: byId(job.id) })) as { results: Array<{ name: string; value: string }> };
			expect(tasks.results[0]).toEqual({ name: '#0 REPLICATE [Contacts]', value: job.tasks[0].id });
		});
	});
});

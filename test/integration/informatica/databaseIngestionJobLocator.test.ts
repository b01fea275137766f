/**
 * The Database Ingestion job operations' "Job" resource locator, through n8n-core against the sandbox: the task list
 * (v3 objects of type DBMI_TASK, paged and filtered), a task picked From List resolved to its job at run time, a job
 * ID By ID, and a plain string as workflows saved before the field was a locator hold it.
 */
import type { IDataObject, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { FAMILY, INFORMATICA } from '../../../sandbox/core/constants';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';
import { useInformaticaEnv } from './setup';

const INITIAL = 'Sales_Replication/Oracle_to_Snowflake/orders_oracle_to_snowflake_initial';
const CDC = 'Sales_Replication/SQLServer_CDC/customers_sqlserver_to_databricks_cdc';
const UNDEPLOYED = 'Sales_Replication/Oracle_to_Snowflake/inventory_postgres_to_s3_initial';
const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };

describe('Informatica IDMC node: the Database Ingestion "Job" locator (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	// The v3 objects resource is the platform's (served by the Data Integration family); Database Ingestion adds its tasks.
	useInformaticaEnv([informaticaDbmi, informaticaDataIntegration], { bind: (env) => ({ sandbox, harness } = env) });

	const job = (operation: string, parameters: INodeParameters = {}, items?: IDataObject[]) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'databaseIngestionJob', operation, ...parameters }, items });
	const search = async (filter?: string, paginationToken?: string) =>
		(await harness.loadOptions('informaticaIdmc', 'searchDatabaseIngestionTasks', { resource: 'databaseIngestionJob', operation: 'start' }, filter, paginationToken)) as INodeListSearchResult;
	const starts = (jobId: number) => sandbox.counters.snapshot().starts[`${FAMILY.informaticaDbmi}:${jobId}`] ?? 0;
	const objectListings = () => sandbox.requests().filter((r) => r.method === 'GET' && r.path === `${INFORMATICA.v3Prefix}/objects`);

	it('From List: lists the Database Ingestion tasks by path (not the mapping tasks), filters by the search text', async () => {
		const all = await search();
		expect(all.results.map((r) => r.value)).toEqual([UNDEPLOYED, INITIAL, CDC]);
		expect(all.results[0]).toMatchObject({ name: UNDEPLOYED, value: UNDEPLOYED, description: 'UNLOAD' });
		expect(all.paginationToken).toBeUndefined();
		expect(objectListings()[0].query).toMatchObject({ q: "type=='DBMI_TASK'", limit: '100', skip: '0' });
		expect((await search('CDC')).results.map((r) => r.value)).toEqual([CDC]);
		expect((await search('nothing like it')).results).toEqual([]);
	});

	it('From List: pages of 100 with a page token, the next page asked with skip', async () => {
		const definition = JSON.stringify({ loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' } });
		const created = await harness.runNode({
			type: 'informaticaIdmc',
			parameters: { resource: 'databaseIngestionTask', operation: 'create', taskName: '={{ $json.name }}', nativeData: definition },
			items: Array.from({ length: 100 }, (_, i) => ({ name: `bulk_${String(i).padStart(3, '0')}` })),
		});
		expect(created.error).toBeUndefined();
		const first = await search();
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await search(undefined, first.paginationToken);
		expect(second.results).toHaveLength(3);
		expect(second.paginationToken).toBeUndefined();
		expect(objectListings()[1].query).toMatchObject({ skip: '100' });
		const values = new Set([...first.results, ...second.results].map((r) => r.value));
		expect(values.size).toBe(103);
		expect(values.has('Default/bulk_042')).toBe(true);
	});

	it('From List: a picked task is resolved to its job at run time (tasks/fetchId, task/fetch/{taskId}/job), then started', async () => {
		const result = await job('start', { jobId: rl(INITIAL, 'list'), waitForCompletion: true, waitOptions: FAST_WAIT });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ jobId: '15', outcome: 'succeeded', attached: false, startedByThisItem: true });
		expect(starts(15)).toBe(1);
		const lookup = sandbox.requests().find((r) => r.path.endsWith('/tasks/fetchId'))!;
		expect(lookup.query).toEqual({ taskName: 'orders_oracle_to_snowflake_initial' });
		expect(sandbox.requests().some((r) => r.path.endsWith('/task/fetch/2/job'))).toBe(true);
		const status = await job('getStatus', { jobId: rl(CDC, 'list') });
		expect(status.items[0].json).toMatchObject({ jobId: '16', outcome: 'running' });
	});

	it('From List: a task that is not deployed fails with the vendor 404; a path no task has any more fails naming it', async () => {
		const undeployed = await job('start', { jobId: rl(UNDEPLOYED, 'list') });
		expect(undeployed.error?.name).toBe('NodeApiError');
		expect(undeployed.error?.httpCode).toBe('404');
		const moved = await job('getStatus', { jobId: rl('Sales_Replication/SQLServer_CDC/orders_oracle_to_snowflake_initial', 'list') });
		expect(moved.error?.name).toBe('NodeOperationError');
		expect(moved.error?.message).toBe('No Database Ingestion task at "Sales_Replication/SQLServer_CDC/orders_oracle_to_snowflake_initial"');
		expect(starts(15)).toBe(0);
	});

	it('By ID: the job ID as given, with no task lookup', async () => {
		const result = await job('getStatus', { jobId: rl('16') });
		expect(result.items[0].json).toMatchObject({ jobId: '16', outcome: 'running' });
		expect(sandbox.requests().some((r) => r.path.endsWith('/tasks/fetchId'))).toBe(false);
	});

	it('a plain string (a workflow saved when Job ID was a text field) is read as the job ID, an expression too', async () => {
		const plain = await job('start', { jobId: '15', waitForCompletion: true, waitOptions: FAST_WAIT });
		expect(plain.error).toBeUndefined();
		expect(plain.items[0].json).toMatchObject({ jobId: '15', outcome: 'succeeded' });
		const fromItem = await job('getStatus', { jobId: '={{ $json.id }}' }, [{ id: 16 }]);
		expect(fromItem.items[0].json).toMatchObject({ jobId: '16', outcome: 'running' });
		const bad = await job('stop', { jobId: '15/../16' });
		expect(bad.error?.message).toBe('"Job ID" must not contain "/", "?" or "#"');
		expect(sandbox.requests().some((r) => r.path.endsWith('/tasks/fetchId'))).toBe(false);
		expect(starts(15)).toBe(1);
	});
});

import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { WatchedRun } from '../shared/statusWatch';
import { outcomeFilter, outcomeFilterProperty, watchStatus } from '../shared/statusWatch';
import { listDatabaseIngestionJobs } from './trigger/databaseIngestionJobs';
import { DEFAULT_PAGE_SIZE, LATE_ENTRY_GRACE_MS, listDataIntegrationRuns } from './trigger/dataIntegrationRuns';
import type { TaskflowCursor } from './trigger/taskflowRuns';
import { listTaskflowRunsForWatch } from './trigger/taskflowRuns';

function list(value: unknown): string[] {
	return String(value ?? '')
		.split(/[,\n]/)
		.map((v) => v.trim())
		.filter(Boolean);
}

/** The cursor statusWatch saves: one part per source, kept as a JSON string. */
function readCursor(cursor: string | undefined): { di?: string; tf?: TaskflowCursor } {
	try {
		return cursor ? (JSON.parse(cursor) as { di?: string; tf?: TaskflowCursor }) : {};
	} catch {
		return {};
	}
}

export class InformaticaIdmcTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Informatica IDMC Trigger',
		name: 'informaticaIdmcTrigger',
		icon: { light: 'file:informaticaIdmc.svg', dark: 'file:informaticaIdmc.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Watch " + $parameter["watch"].join(", ")}}',
		// n8n's node search shows an app and its trigger as one entry, with the trigger's description: it says both.
		description: 'Run and monitor Informatica Intelligent Data Management Cloud jobs; this trigger starts the workflow when a Data Integration run, taskflow run or Database Ingestion job changes status',
		defaults: { name: 'Informatica IDMC Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'informaticaIdmcApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'multiOptions',
				default: ['dataIntegration'],
				required: true,
				options: [
					{ name: 'Data Integration Runs', value: 'dataIntegration', description: 'Task runs in the activity monitor and activity log' },
					{ name: 'Database Ingestion Jobs', value: 'databaseIngestion', description: 'The jobs listed below, one status read each per poll' },
					{ name: 'Taskflow Runs', value: 'taskflow', description: 'Runs of taskflows (published as services or scheduled) from the taskflow status list' },
				],
			},
			{
				displayName: 'Data Integration Tasks',
				name: 'dataIntegrationTasks',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All Tasks', value: 'all' },
					{ name: 'Selected Tasks', value: 'selected' },
				],
				displayOptions: { show: { watch: ['dataIntegration'] } },
			},
			{
				displayName: 'Task IDs or Names',
				name: 'taskIdsOrNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. 0100000Z000009, m_load_orders',
				description: 'Comma-separated task IDs or names. The cost per poll stays the same however many are listed.',
				displayOptions: { show: { watch: ['dataIntegration'], dataIntegrationTasks: ['selected'] } },
			},
			{
				displayName: 'Database Ingestion Job IDs',
				name: 'databaseIngestionJobIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 15, 16',
				description: 'Comma-separated job IDs. Each one costs one status read per poll.',
				displayOptions: { show: { watch: ['databaseIngestion'] } },
			},
			{
				displayName: 'Taskflow Names',
				name: 'taskflowNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. tf_nightly_load, Customer Sync',
				description: 'Comma-separated taskflow names (as Monitor shows them) to watch; empty watches every taskflow',
				displayOptions: { show: { watch: ['taskflow'] } },
			},
			outcomeFilterProperty(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Activity Log Page Size',
						name: 'activityLogPageSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1000 },
						default: DEFAULT_PAGE_SIZE,
						description:
							'Finished runs read per poll (one page). Set it above the number of runs that can finish between two polls; after a bigger burst a few more pages are read.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch', []) as string[];
		const outcomes = outcomeFilter(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const watchDataIntegration = watch.includes('dataIntegration');
		const taskFilter = {
			tasks:
				watchDataIntegration && this.getNodeParameter('dataIntegrationTasks', 'all') === 'selected'
					? list(this.getNodeParameter('taskIdsOrNames', ''))
					: [],
		};
		const jobIds = watch.includes('databaseIngestion') ? list(this.getNodeParameter('databaseIngestionJobIds', '')) : [];
		const watchTaskflows = watch.includes('taskflow');
		const taskflowFilter = { names: watchTaskflows ? list(this.getNodeParameter('taskflowNames', '')) : [] };
		if (!watchDataIntegration && !watchTaskflows && jobIds.length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to watch', {
				description: 'Choose Data Integration runs or taskflow runs, or list Database Ingestion job IDs.',
			});
		}
		if (watchDataIntegration && this.getNodeParameter('dataIntegrationTasks', 'all') === 'selected' && taskFilter.tasks.length === 0) {
			throw new NodeOperationError(this.getNode(), '"Task IDs or Names" is empty', { description: 'List at least one task, or watch all tasks.' });
		}
		const pageSizeValue = options.activityLogPageSize;
		const pageSize = pageSizeValue === undefined || pageSizeValue === null || pageSizeValue === '' ? DEFAULT_PAGE_SIZE : Number(pageSizeValue);
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
			throw new NodeOperationError(this.getNode(), '"Activity Log Page Size" must be a whole number from 1 to 1000', {
				description: `It is ${JSON.stringify(pageSizeValue)}.`,
			});
		}

		return await watchStatus(
			this,
			async (cursor, firstPoll, previous) => {
				const saved = readCursor(cursor);
				const runs: WatchedRun[] = [];
				let di = saved.di;
				if (watchDataIntegration) {
					const listing = await listDataIntegrationRuns(this, saved.di, firstPoll || !saved.di, taskFilter, pageSize, previous.timeLeft);
					runs.push(...listing.runs);
					di = listing.cursor;
				}
				if (jobIds.length) runs.push(...(await listDatabaseIngestionJobs(this, jobIds, previous)));
				let tf = saved.tf;
				if (watchTaskflows) {
					const listing = await listTaskflowRunsForWatch(this, saved.tf ?? {}, taskflowFilter);
					runs.push(...listing.runs);
					tf = listing.cursor;
				}
				// Activity log and taskflow list entries can come late (their own 10-minute windows): a run first seen is new
				// within that window of the newest one seen.
				return { runs, cursor: JSON.stringify({ di, tf }), scope: jobIds.map((jobId) => `dbmi:${jobId}`), newRunGraceMs: LATE_ENTRY_GRACE_MS };
			},
			{ outcomes },
		);
	}
}

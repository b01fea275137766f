/** The seed data of the CData Sync family: two workspaces and five jobs, three of them with a last run. */
import { CDATA_STATUS, historyRecord, newJob, type Clock, type Job, type Task, type Workspace } from './cdataSyncJob';

export interface SeedTools {
	uuid(): string;
	newTask(job: Job, query: string): Task;
	historyId(): string;
	clock: Clock;
}

export function seedData(workspaces: Map<string, Workspace>, jobs: Map<string, Job>, make: SeedTools): void {
	const created = '2025-01-10T08:00:00.000Z';
	const ws = (wsName: string, isDefault: boolean): Workspace => {
		const w = { id: make.uuid(), name: wsName, is_default: isDefault, created_at: created, updated_at: created };
		workspaces.set(w.id, w);
		return w;
	};
	const def = ws('Default', true);
	const finance = ws('Finance', false);
	const addJob = (w: Workspace, jobName: string, type: string, queries: string[], lastRun?: { status: string; details: string; ago: number }) => {
		const job = newJob(
			{
				id: make.uuid(),
				workspace_id: w.id,
				name: jobName,
				type,
				source_connection: { id: make.uuid(), name: 'Salesforce1' },
				destination_connection: { id: make.uuid(), name: 'Snowflake1' },
			},
			created,
		);
		job.tasks = queries.map((q) => make.newTask(job, q));
		jobs.set(job.id, job);
		if (lastRun) {
			const start = make.clock.now() - lastRun.ago;
			job.history.push(historyRecord(make.historyId(), job, start, make.clock, { Status: lastRun.status, Details: lastRun.details, Runtime: 42_000, RecordsAffected: 1234 }));
		}
		return job;
	};
	addJob(def, 'SalesforceToSnowflake', 'Standard', ['REPLICATE [Account]', 'REPLICATE [Contact]', 'REPLICATE [Opportunity]'], {
		status: CDATA_STATUS.success,
		details: '3 tasks completed.',
		ago: 3_600_000,
	});
	addJob(def, 'HubSpotToPostgres', 'Standard', ['REPLICATE [Contacts]', 'REPLICATE [Deals]', 'REPLICATE [Companies]', 'REPLICATE [Owners]', 'REPLICATE [Tickets]'], {
		status: '2 of 5 Tasks Failed',
		details: 'Table [Owners]: permission denied.',
		ago: 7_200_000,
	});
	addJob(def, 'NightlySyncAll', 'SyncAll', ['REPLICATE [Orders]', 'REPLICATE [Customers]']);
	addJob(finance, 'NetSuiteToSqlServer', 'Standard', ['REPLICATE [Invoice]', 'REPLICATE [Vendor]'], {
		status: CDATA_STATUS.failed,
		details: '[500] Login failed for user sync.',
		ago: 86_400_000,
	});
	addJob(finance, 'QuickBooksToBigQuery', 'ReverseETL', ['REPLICATE [Bills]', 'REPLICATE [Payments]']);
}

import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { WatchedRun } from '../shared/statusWatch';
import { outcomeFilter, outcomeFilterProperty, watchStatus } from '../shared/statusWatch';
import { ID_PATTERN, locatorValue, projectLocator } from './actions/fields';
import { searchProjects } from './methods/listSearch';
import type { MigratorJob } from './outcome';
import { jobOutcome, jobState, sanitizeJob } from './outcome';
import { migratorRequest } from './transport';

/** The longest job listing one poll reads when more jobs than "Jobs per Poll" were submitted since the last poll. */
const MAX_JOBS_PER_LISTING = 1000;

export class MongoDbRelationalMigratorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MongoDB Relational Migrator Trigger',
		name: 'mongoDbRelationalMigratorTrigger',
		icon: { light: 'file:mongoDbRelationalMigrator.svg', dark: 'file:mongoDbRelationalMigrator.dark.svg' },
		group: ['trigger'],
		version: 1,
		// n8n's node search shows an app and its trigger as one entry, with the trigger's description: it says both.
		description: 'Start, watch and control MongoDB Relational Migrator migration jobs; this trigger starts the workflow when a job\'s status or CDC status changes',
		subtitle: '={{"Job status changes"}}',
		defaults: { name: 'MongoDB Relational Migrator Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mongoDbRelationalMigratorApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll reads the job list once (newest jobs first). The first poll only records what it sees; later polls fire once per change of a job\'s status or CDC status.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			outcomeFilterProperty(),
			{ ...projectLocator(undefined, { required: false }), description: 'Watch only the jobs of this project. Leave empty to watch every project.' },
			{
				displayName: 'Jobs per Poll',
				name: 'jobsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'How many of the newest jobs each poll reads; when more were submitted since the last poll, it reads more (up to 1,000). Older jobs are not watched.',
			},
		],
	};

	methods = { listSearch: { searchProjects } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const outcomes = outcomeFilter(this);
		const projectId = locatorValue(this.getNodeParameter('project', ''));
		const limit = Number(this.getNodeParameter('jobsPerPoll', 50));
		if (projectId !== '' && !new RegExp(ID_PATTERN).test(projectId)) {
			throw new NodeOperationError(this.getNode(), `Project "${projectId}" is not a valid ID`, { description: 'IDs contain only letters, digits and dashes.' });
		}
		if (!Number.isInteger(limit) || limit < 1) {
			throw new NodeOperationError(this.getNode(), 'Jobs per Poll must be a whole number of at least 1');
		}
		return await watchStatus(
			this,
			async (_cursor, firstPoll, previous) => {
				// One listing per poll, whatever the number of jobs; read again, longer, when more jobs were submitted since the
				// last poll than it holds (the API has no paging): its oldest job is then still newer than the newest seen.
				let jobs: MigratorJob[] = [];
				for (let read = limit; ; read = Math.min(MAX_JOBS_PER_LISTING, read * 4)) {
					const qs: IDataObject = { sort: 'submittedAt,DESC', limit: read };
					if (projectId) qs.projectId = projectId;
					const answer = await migratorRequest<MigratorJob[]>(this, { method: 'GET', url: '/jobs', qs, action: 'listing jobs' });
					jobs = Array.isArray(answer) ? answer : [];
					const oldest = Date.parse(String(jobs[jobs.length - 1]?.submittedAt ?? ''));
					const reachesBack = previous.newest === undefined || Number.isNaN(oldest) || oldest <= previous.newest;
					if (firstPoll || jobs.length < read || reachesBack || read >= MAX_JOBS_PER_LISTING || !previous.timeLeft()) break;
				}
				const runs: WatchedRun[] = jobs.map((job) => ({
					key: job.id,
					state: jobState(job),
					outcome: jobOutcome(job),
					data: sanitizeJob(job),
					sortTime: Date.parse(String(job.submittedAt ?? '')) || undefined,
				}));
				return { runs };
			},
			{ outcomes },
		);
	}
}

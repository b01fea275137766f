import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { waitForJob } from '../../../shared/waitForJob';
import type { MigratorJob, WaitGoal } from '../../outcome';
import { WAIT_GOALS, goalReached, jobOutcome, jobToJson } from '../../outcome';
import { CREATE_JOB_SCHEMA, findBodyProblem } from '../../requestSchema';
import { migratorRequest, segment } from '../../transport';
import { locatorValue, projectLocator, readId, readWholeNumber } from '../fields';
import { requiredParameter } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['create'] };

const waitProperties = waitForCompletionProperties(show);

export const description: INodeProperties[] = [
	projectLocator(show),
	{
		displayName: 'Source Database Type',
		name: 'databaseType',
		type: 'options',
		default: 'POSTGRESQL',
		options: [
			{ name: 'CockroachDB', value: 'COCKROACHDB' },
			{ name: 'Custom', value: 'custom', description: 'A custom database type name' },
			{ name: 'Db2', value: 'DB2' },
			{ name: 'MySQL', value: 'MYSQL' },
			{ name: 'Oracle', value: 'ORACLE' },
			{ name: 'PostgreSQL', value: 'POSTGRESQL' },
			{ name: 'SQL Anywhere', value: 'SQLANYWHERE' },
			{ name: 'SQL Server', value: 'SQL_SERVER' },
			{ name: 'Sybase ASE', value: 'SYBASE' },
			{ name: 'Sybase IQ', value: 'SYBASEIQ' },
			{ name: 'YugabyteDB', value: 'YUGABYTE' },
		],
		description: 'The relational database the job reads from',
		displayOptions: { show },
	},
	{
		displayName: 'Custom Database Type',
		name: 'customDatabaseType',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, databaseType: ['custom'] } },
	},
	{
		displayName: 'Source Connection',
		name: 'sourceConnection',
		type: 'options',
		default: 'details',
		options: [
			{ name: 'Enter Connection Details', value: 'details' },
			{ name: 'Use an Existing Connection', value: 'existing', description: 'A connection saved in Relational Migrator, by ID' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'JDBC URL',
		name: 'jdbcUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'jdbc:postgresql://db.example.com:5432/sales',
		displayOptions: { show: { ...show, sourceConnection: ['details'] } },
	},
	{
		displayName: 'User',
		name: 'jdbcUser',
		type: 'string',
		default: '',
		displayOptions: { show: { ...show, sourceConnection: ['details'] } },
	},
	{
		displayName: 'Password',
		name: 'jdbcPassword',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Sent to Relational Migrator only; never shown in outputs or errors',
		displayOptions: { show: { ...show, sourceConnection: ['details'] } },
	},
	{
		displayName: 'Existing Source Connection ID',
		name: 'existingJdbcConnectionId',
		type: 'string',
		default: '',
		required: true,
		description: 'ID of a relational connection saved in Relational Migrator; Project > Get Many returns it for each project',
		displayOptions: { show: { ...show, sourceConnection: ['existing'] } },
	},
	{
		displayName: 'Destination Connection',
		name: 'destinationConnection',
		type: 'options',
		default: 'connectionString',
		options: [
			{ name: 'Enter a Connection String', value: 'connectionString' },
			{ name: 'Use an Existing Connection', value: 'existing', description: 'A MongoDB connection saved in Relational Migrator, by ID' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'MongoDB Connection String',
		name: 'mongoConnectionString',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'mongodb://user:password@mongo.example.com:27017/sales',
		description: 'Must name the destination database in its path (the server answers 440 otherwise). Never shown in outputs or errors.',
		displayOptions: { show: { ...show, destinationConnection: ['connectionString'] } },
	},
	{
		displayName: 'Existing Destination Connection ID',
		name: 'existingMongoConnectionId',
		type: 'string',
		default: '',
		required: true,
		description: 'ID of a MongoDB connection saved in Relational Migrator; Project > Get Many returns it for each project',
		displayOptions: { show: { ...show, destinationConnection: ['existing'] } },
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'SNAPSHOT',
		options: [
			{ name: 'Snapshot', value: 'SNAPSHOT', description: 'Copy the data once; the job completes by itself' },
			{ name: 'Snapshot Then CDC', value: 'CDC', description: 'Copy the data, then stream changes until the job is stopped' },
			{ name: 'CDC Only', value: 'CDC_ONLY', description: 'Stream changes only, until the job is stopped' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'If a Job Is Already Running',
		name: 'ifJobRunning',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Fail the item with the server\'s 470 answer' },
			{
				name: 'Attach to the Running Job',
				value: 'attach',
				description: 'Return (and wait for) the job already running for this project, so a retried workflow never starts a second migration',
			},
		],
		description: 'Relational Migrator runs one migration job at a time and answers 470 while one runs',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'jobOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Drop Collections',
				name: 'dropCollections',
				type: 'boolean',
				default: false,
				description: 'Whether to drop the destination collections before migrating',
			},
			{
				displayName: 'Error Handling',
				name: 'errorHandling',
				type: 'options',
				default: 'FAIL',
				options: [
					{ name: 'Fail', value: 'FAIL', description: 'Stop the job on record errors beyond the tolerance' },
					{ name: 'Warn', value: 'WARN', description: 'Log record errors as warnings and go on' },
					{ name: 'Skip', value: 'SKIP', description: 'Skip records that fail' },
				],
			},
			{
				displayName: 'Error Tolerance',
				name: 'errorTolerance',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Record-level failures tolerated before the job ends',
			},
			{
				displayName: 'Verify Migration',
				name: 'verification',
				type: 'boolean',
				default: false,
				description: 'Whether to run Relational Migrator\'s data verification after the snapshot',
			},
		],
	},
	{
		displayName: 'Table Filters',
		name: 'tableFilters',
		type: 'fixedCollection',
		placeholder: 'Add Table Filter',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Rows to migrate per source table (a WHERE clause and an optional row count)',
		displayOptions: { show },
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{ displayName: 'Schema', name: 'schema', type: 'string', default: '', placeholder: 'public' },
					{ displayName: 'Table', name: 'table', type: 'string', default: '', placeholder: 'orders' },
					{ displayName: 'WHERE Clause', name: 'whereClause', type: 'string', default: '', placeholder: "region = 'EU' AND total > 100" },
					{
						displayName: 'Row Count',
						name: 'rowCount',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Most rows to read from the table; 0 for no limit',
					},
				],
			},
		],
	},
	waitProperties[0],
	{
		displayName: 'Wait Until',
		name: 'waitGoal',
		type: 'options',
		default: 'snapshotCompleted',
		options: WAIT_GOALS,
		description: 'A CDC job runs until it is stopped, so the wait ends at the goal picked here (or when the job ends)',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
	waitProperties[1],
];

/** Secrets a create request carries, including the password inside a connection string. */
function bodySecrets(values: string[]): string[] {
	const secrets: string[] = [];
	for (const value of values) {
		if (!value) continue;
		secrets.push(value);
		const inUri = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]+:([^@]+)@/i.exec(value)?.[1];
		if (inUri) secrets.push(inUri, decodeURIComponent(inUri));
	}
	return secrets;
}

function requireText(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): string {
	return requiredParameter(ctx, itemIndex, parameter, label);
}

function buildTableFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const rows = ((ctx.getNodeParameter('tableFilters', itemIndex, {}) as IDataObject).filter ?? []) as IDataObject[];
	if (rows.length === 0) return undefined;
	const filters: Record<string, Record<string, IDataObject>> = {};
	rows.forEach((row, n) => {
		const schema = String(row.schema ?? '').trim();
		const table = String(row.table ?? '').trim();
		if (!schema || !table) {
			throw new NodeOperationError(ctx.getNode(), `Table filter ${n + 1}: Schema and Table are required`, { itemIndex });
		}
		const filter: IDataObject = {};
		const where = String(row.whereClause ?? '').trim();
		if (where) filter.whereClause = where;
		const rowCount = readWholeNumber(ctx, itemIndex, row.rowCount ?? 0, `Table filter ${n + 1}: Row Count`);
		if (rowCount > 0) filter.rowCount = rowCount;
		filters[schema] ??= {};
		filters[schema][table] = filter;
	});
	return filters;
}

/** The 470 answer: the running job's id from the error body, when the server gave one. */
function runningJobIdFrom(error: NodeApiError): string | undefined {
	const body = (error.errorResponse as IDataObject | undefined)?.body as IDataObject | undefined;
	return typeof body?.jobId === 'string' && body.jobId !== '' ? body.jobId : undefined;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Everything is read and checked before the first request.
	const projectId = readId(this, itemIndex, 'project', 'Project', this.getNodeParameter('project', itemIndex, '') as unknown);
	const databaseTypeChoice = this.getNodeParameter('databaseType', itemIndex) as string;
	const databaseType = databaseTypeChoice === 'custom' ? requireText(this, itemIndex, 'customDatabaseType', 'Custom Database Type') : databaseTypeChoice;

	const jdbc: IDataObject = { type: databaseType };
	const secretValues: string[] = [];
	if (this.getNodeParameter('sourceConnection', itemIndex) === 'existing') {
		jdbc.existingConnectionId = requireText(this, itemIndex, 'existingJdbcConnectionId', 'Existing Source Connection ID');
		// The 1.13 spec requires url even with an existing connection: send it empty.
		jdbc.url = '';
	} else {
		jdbc.url = requireText(this, itemIndex, 'jdbcUrl', 'JDBC URL');
		if (!/^jdbc:[a-z0-9]+:/i.test(String(jdbc.url))) {
			throw new NodeOperationError(this.getNode(), '"JDBC URL" must start with jdbc:<driver>:', { itemIndex, description: 'For example jdbc:postgresql://db.example.com:5432/sales' });
		}
		const user = String(this.getNodeParameter('jdbcUser', itemIndex, '') ?? '').trim();
		const password = String(this.getNodeParameter('jdbcPassword', itemIndex, '') ?? '');
		if (user) jdbc.user = user;
		if (password) jdbc.password = password;
		secretValues.push(password, String(jdbc.url));
	}

	const mongo: IDataObject = {};
	if (this.getNodeParameter('destinationConnection', itemIndex) === 'existing') {
		mongo.existingConnectionId = requireText(this, itemIndex, 'existingMongoConnectionId', 'Existing Destination Connection ID');
		mongo.connectionString = '';
	} else {
		mongo.connectionString = requireText(this, itemIndex, 'mongoConnectionString', 'MongoDB Connection String');
		if (!/^mongodb(\+srv)?:\/\//i.test(String(mongo.connectionString))) {
			throw new NodeOperationError(this.getNode(), '"MongoDB Connection String" must start with mongodb:// or mongodb+srv://', { itemIndex, description: 'For example mongodb://user@cluster.example.com:27017/sales' });
		}
		secretValues.push(String(mongo.connectionString));
	}
	const secrets = bodySecrets(secretValues);

	const jobOptions = this.getNodeParameter('jobOptions', itemIndex, {}) as IDataObject;
	const options: IDataObject = { mode: this.getNodeParameter('mode', itemIndex) as string };
	if (jobOptions.dropCollections !== undefined) options.dropCollections = jobOptions.dropCollections;
	if (jobOptions.errorHandling !== undefined) options.errorHandling = jobOptions.errorHandling;
	if (jobOptions.errorTolerance !== undefined) options.errorTolerance = readWholeNumber(this, itemIndex, jobOptions.errorTolerance, 'Error Tolerance');

	const body: IDataObject = {
		projectId,
		jdbcConnectionDetails: jdbc,
		mongodbConnectionDetails: mongo,
		options,
		verification: { enabled: jobOptions.verification === true },
	};
	const tableFilters = buildTableFilters(this, itemIndex);
	if (tableFilters) body.relationalTableFilters = tableFilters;

	const problem = findBodyProblem(CREATE_JOB_SCHEMA, body);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `The request field "${problem.field}" ${problem.problem}`, {
			itemIndex,
			description: 'Checked against the Relational Migrator API schema (POST /jobs) before sending.',
		});
	}

	const wait = readWaitOptions(this, itemIndex);
	const goal = (this.getNodeParameter('waitGoal', itemIndex, 'snapshotCompleted') as WaitGoal) ?? 'snapshotCompleted';
	const attachIfRunning = this.getNodeParameter('ifJobRunning', itemIndex, 'fail') === 'attach';

	let job: MigratorJob;
	let attached = false;
	try {
		job = await migratorRequest<MigratorJob>(this, { method: 'POST', url: '/jobs', body, secrets, action: `starting a job of project ${projectId}` }, { itemIndex });
	} catch (error) {
		// Re-wrapping a NodeApiError hands back the same error: its status code and vendor message stay.
		const failure = new NodeApiError(this.getNode(), error as JsonObject);
		if (failure.httpCode === '440') {
			failure.description = `${failure.description ?? ''} Put the destination database name in the connection string's path, e.g. mongodb://host:27017/<database>.`.trim();
		}
		if (failure.httpCode !== '470') throw failure;
		if (!attachIfRunning) {
			const runningId = runningJobIdFrom(failure);
			failure.description = `${failure.description ?? ''} Another migration job is running${runningId ? ` (${runningId})` : ''}. Set "If a Job Is Already Running" to "Attach to the Running Job" to continue with it instead.`.trim();
			throw failure;
		}
		job = await attachToRunningJob(this, itemIndex, failure, projectId);
		attached = true;
	}

	if (!wait) return { ...jobToJson(job, secrets), attached };

	let latest = job;
	const result = await waitForJob(
		{
			label: `Migration job ${job.id}`,
			initial: jobOutcome(job),
			readStatus: async () => {
				latest = await migratorRequest<MigratorJob>(this, { method: 'GET', url: `/jobs/${segment(job.id)}`, action: `reading job ${job.id}` }, { itemIndex });
				return jobOutcome(latest);
			},
			cancelJob: async () => {
				await migratorRequest(this, { method: 'POST', url: `/jobs/${segment(job.id)}/stop`, idempotent: true, action: `stopping job ${job.id}` }, { itemIndex });
			},
			goal: () => goalReached(latest, goal),
		},
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	return {
		...jobToJson(latest, secrets),
		attached,
		wait: {
			goal,
			end: result.end,
			polls: result.polls,
			failedPolls: result.failedPolls,
			waitedSeconds: result.waitedSeconds,
			cancelledOnTimeout: result.cancelledOnTimeout,
		},
	};
}

/**
 * 470: the running job's id comes from the answer (or, when the server left it out, from the in-progress listing);
 * attaching happens only when that job belongs to the same project, otherwise the 470 stands.
 */
async function attachToRunningJob(ctx: IExecuteFunctions, itemIndex: number, conflict: NodeApiError, projectId: string): Promise<MigratorJob> {
	let runningId = runningJobIdFrom(conflict);
	if (!runningId) {
		const inProgress = await migratorRequest<MigratorJob[]>(
			ctx,
			{ method: 'GET', url: '/jobs', qs: { type: 'IN_PROGRESS', projectId, limit: 1 }, action: 'finding the running job' },
			{ itemIndex },
		);
		runningId = Array.isArray(inProgress) ? inProgress[0]?.id : undefined;
	}
	if (!runningId) {
		conflict.description = `${conflict.description ?? ''} A job is running, but none of project ${projectId}; not attaching.`.trim();
		throw conflict;
	}
	const running = await migratorRequest<MigratorJob>(ctx, { method: 'GET', url: `/jobs/${segment(runningId)}`, action: `reading the running job ${runningId}` }, { itemIndex });
	if (locatorValue(running.projectId) !== projectId) {
		conflict.description = `${conflict.description ?? ''} The running job ${runningId} belongs to project ${running.projectId}, not ${projectId}; not attaching.`.trim();
		throw conflict;
	}
	return running;
}

import type { INodeProperties } from 'n8n-workflow';

import { ifAlreadyRunningProperty, startRunProperties } from '../../../shared/jobRunDescription';
import { WAIT_GOALS } from '../../outcome';
import { projectLocator } from '../fields';

/** The parameters of Job > Create. */
const show = { resource: ['job'], operation: ['create'] };

// The first of startRunProperties is the If the Job Is Already Running choice, placed below with the job's fields.
const waitProperties = startRunProperties(show).slice(1);

/** "Use an Existing Connection", the second choice of each side of the job. */
function existingChoice(description: string) {
	return { name: 'Use an Existing Connection', value: 'existing', description };
}

function existingConnectionId(displayName: string, name: string, kind: string, when: Record<string, string[]>): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		description: `ID of a ${kind} connection saved in Relational Migrator; Project > Get Many returns it for each project`,
		displayOptions: { show: { ...show, ...when } },
	};
}

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
		options: [{ name: 'Enter Connection Details', value: 'details' }, existingChoice('A connection saved in Relational Migrator, by ID')],
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
	existingConnectionId('Existing Source Connection ID', 'existingJdbcConnectionId', 'relational', { sourceConnection: ['existing'] }),
	{
		displayName: 'Destination Connection',
		name: 'destinationConnection',
		type: 'options',
		default: 'connectionString',
		options: [{ name: 'Enter a Connection String', value: 'connectionString' }, existingChoice('A MongoDB connection saved in Relational Migrator, by ID')],
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
	existingConnectionId('Existing Destination Connection ID', 'existingMongoConnectionId', 'MongoDB', { destinationConnection: ['existing'] }),
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
	ifAlreadyRunningProperty(show),
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


import type { INodeProperties } from 'n8n-workflow';

import { projectLocator } from '../fields';

/** Job > Create: the job's project and its two sides (the source database and the MongoDB destination). */
export const show = { resource: ['job'], operation: ['create'] };

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

export const connectionProperties: INodeProperties[] = [
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
		displayName: 'Source Options',
		name: 'sourceOptions',
		type: 'collection',
		placeholder: 'Add Source Option',
		default: {},
		description: 'More fields of jdbcConnectionDetails',
		displayOptions: { show },
		options: [
			{
				displayName: 'Connection ID',
				name: 'id',
				type: 'string',
				default: '',
				description: 'The ID of the relational connection in Relational Migrator (field "ID" of jdbcConnectionDetails)',
			},
			{
				displayName: 'Manual URI',
				name: 'isManualUri',
				type: 'boolean',
				default: false,
				description: 'Whether the JDBC URL was entered by hand rather than built from host, port and database (the app\'s "Enter URI manually")',
			},
			{
				displayName: 'Oracle PDB Name',
				name: 'oraclePdbName',
				type: 'string',
				default: '',
				placeholder: 'ORCLPDB1',
				description: 'Oracle only: the pluggable database to read from',
			},
			{
				displayName: 'Save Password',
				name: 'savePassword',
				type: 'boolean',
				default: false,
				description: 'Whether Relational Migrator keeps the password with the saved connection',
			},
		],
	},
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
		description: 'Must name the destination database in its path (the server refuses the job otherwise). Never shown in outputs or errors.',
		displayOptions: { show: { ...show, destinationConnection: ['connectionString'] } },
	},
	existingConnectionId('Existing Destination Connection ID', 'existingMongoConnectionId', 'MongoDB', { destinationConnection: ['existing'] }),
	{
		displayName: 'Destination Options',
		name: 'destinationOptions',
		type: 'collection',
		placeholder: 'Add Destination Option',
		default: {},
		description: 'More fields of mongodbConnectionDetails',
		displayOptions: { show },
		options: [
			{
				displayName: 'Atlas Cluster Name',
				name: 'clusterName',
				type: 'string',
				default: '',
				description: 'Servers before 1.15 only (the field was removed in 1.15; newer servers refuse it)',
			},
			{
				displayName: 'Atlas Project ID',
				name: 'projectId',
				type: 'string',
				default: '',
				description: 'Servers before 1.15 only (the field was removed in 1.15; newer servers refuse it)',
			},
			{
				displayName: 'Atlas Project Name',
				name: 'projectName',
				type: 'string',
				default: '',
				description: 'Servers before 1.15 only (the field was removed in 1.15; newer servers refuse it)',
			},
			{
				displayName: 'Connection ID',
				name: 'id',
				type: 'string',
				default: '',
				description: 'The ID of the MongoDB connection in Relational Migrator (field "ID" of mongodbConnectionDetails)',
			},
			{
				displayName: 'Save Password',
				name: 'savePassword',
				type: 'boolean',
				default: false,
				description: 'Whether Relational Migrator keeps the password with the saved connection',
			},
		],
	},
];

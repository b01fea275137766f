/** Job > Create's parameters as the POST /jobs body: read and checked before the first request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MIGRATOR_ID } from '../fields';
import { optionalText, requiredId, requiredText, wholeNumber } from '../../../shared/parameters';
import { CREATE_JOB_SCHEMA, findBodyProblem } from '../../requestSchema';

export interface CreateJobRequest {
	projectId: string;
	body: IDataObject;
	/** The passwords and connection strings the body carries, scrubbed from every output and error. */
	secrets: string[];
}

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

function readDatabaseType(ctx: IExecuteFunctions, itemIndex: number): string {
	const choice = ctx.getNodeParameter('databaseType', itemIndex) as string;
	return choice === 'custom' ? requiredText(ctx, itemIndex, 'customDatabaseType', 'Custom Database Type') : choice;
}

/**
 * A connection's extra fields from its options collection (Source Options / Destination Options): texts trimmed and
 * left out when empty, booleans sent only when on (the spec's default is false).
 */
function readConnectionOptions(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string, texts: Record<string, string>, flags: Record<string, string>): IDataObject {
	const values = ctx.getNodeParameter(parameter, itemIndex, {}) as IDataObject;
	const out: IDataObject = {};
	for (const [key, name] of Object.entries(texts)) {
		const value = values[key];
		if (value === undefined || value === null) continue;
		if (typeof value === 'object') throw new NodeOperationError(ctx.getNode(), `"${label} > ${name}" is not a single value`, { itemIndex });
		const text = String(value).trim();
		if (text !== '') out[key] = text;
	}
	for (const key of Object.keys(flags)) if (values[key] === true) out[key] = true;
	return out;
}

/** jdbcConnectionDetails: an existing connection, or URL, user and password; plus the Source Options. */
function readSource(ctx: IExecuteFunctions, itemIndex: number, secretValues: string[]): IDataObject {
	const jdbc: IDataObject = {
		type: readDatabaseType(ctx, itemIndex),
		...readConnectionOptions(ctx, itemIndex, 'sourceOptions', 'Source Options', { id: 'Connection ID', oraclePdbName: 'Oracle PDB Name' }, { isManualUri: 'Manual URI', savePassword: 'Save Password' }),
	};
	if (ctx.getNodeParameter('sourceConnection', itemIndex) === 'existing') {
		jdbc.existingConnectionId = requiredText(ctx, itemIndex, 'existingJdbcConnectionId', 'Existing Source Connection ID');
		// The 1.13 spec requires url even with an existing connection: send it empty.
		jdbc.url = '';
		return jdbc;
	}
	jdbc.url = requiredText(ctx, itemIndex, 'jdbcUrl', 'JDBC URL');
	if (!/^jdbc:[a-z0-9]+:/i.test(String(jdbc.url))) {
		throw new NodeOperationError(ctx.getNode(), '"JDBC URL" must start with jdbc:<driver>:', { itemIndex, description: 'For example jdbc:postgresql://db.example.com:5432/sales' });
	}
	const user = optionalText(ctx, itemIndex, 'jdbcUser');
	const password = String(ctx.getNodeParameter('jdbcPassword', itemIndex, '') ?? '');
	if (user) jdbc.user = user;
	if (password) jdbc.password = password;
	secretValues.push(password, String(jdbc.url));
	return jdbc;
}

/** mongodbConnectionDetails: an existing connection, or a connection string; plus the Destination Options. */
function readDestination(ctx: IExecuteFunctions, itemIndex: number, secretValues: string[]): IDataObject {
	const extra = readConnectionOptions(
		ctx,
		itemIndex,
		'destinationOptions',
		'Destination Options',
		{ id: 'Connection ID', projectId: 'Atlas Project ID', projectName: 'Atlas Project Name', clusterName: 'Atlas Cluster Name' },
		{ savePassword: 'Save Password' },
	);
	if (ctx.getNodeParameter('destinationConnection', itemIndex) === 'existing') {
		return { ...extra, existingConnectionId: requiredText(ctx, itemIndex, 'existingMongoConnectionId', 'Existing Destination Connection ID'), connectionString: '' };
	}
	const connectionString = requiredText(ctx, itemIndex, 'mongoConnectionString', 'MongoDB Connection String');
	if (!/^mongodb(\+srv)?:\/\//i.test(connectionString)) {
		throw new NodeOperationError(ctx.getNode(), '"MongoDB Connection String" must start with mongodb:// or mongodb+srv://', { itemIndex, description: 'For example mongodb://user@cluster.example.com:27017/sales' });
	}
	secretValues.push(connectionString);
	return { ...extra, connectionString };
}

function readJobOptions(ctx: IExecuteFunctions, itemIndex: number): { options: IDataObject; verification: boolean } {
	const jobOptions = ctx.getNodeParameter('jobOptions', itemIndex, {}) as IDataObject;
	const options: IDataObject = { mode: ctx.getNodeParameter('mode', itemIndex) as string };
	if (jobOptions.dropCollections !== undefined) options.dropCollections = jobOptions.dropCollections;
	if (jobOptions.errorHandling !== undefined) options.errorHandling = jobOptions.errorHandling;
	if (jobOptions.errorTolerance !== undefined) options.errorTolerance = wholeNumber(ctx, itemIndex, jobOptions.errorTolerance, 'Error Tolerance');
	return { options, verification: jobOptions.verification === true };
}

/** relationalTableFilters: schema -> table -> { whereClause, rowCount }. */
function readTableFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
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
		const rowCount = wholeNumber(ctx, itemIndex, row.rowCount ?? 0, `Table filter ${n + 1}: Row Count`);
		if (rowCount > 0) filter.rowCount = rowCount;
		filters[schema] ??= {};
		filters[schema][table] = filter;
	});
	return filters;
}

function checkAgainstSchema(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject): void {
	const problem = findBodyProblem(CREATE_JOB_SCHEMA, body);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `The request field "${problem.field}" ${problem.problem}`, {
			itemIndex,
			description: 'Checked against the Relational Migrator API schema (POST /jobs) before sending.',
		});
	}
}

export function readCreateJobRequest(ctx: IExecuteFunctions, itemIndex: number): CreateJobRequest {
	const projectId = requiredId(ctx, itemIndex, 'project', 'Project', MIGRATOR_ID);
	const secretValues: string[] = [];
	const jdbc = readSource(ctx, itemIndex, secretValues);
	const mongo = readDestination(ctx, itemIndex, secretValues);
	const { options, verification } = readJobOptions(ctx, itemIndex);
	const body: IDataObject = {
		projectId,
		jdbcConnectionDetails: jdbc,
		mongodbConnectionDetails: mongo,
		options,
		verification: { enabled: verification },
	};
	const tableFilters = readTableFilters(ctx, itemIndex);
	if (tableFilters) body.relationalTableFilters = tableFilters;
	checkAgainstSchema(ctx, itemIndex, body);
	return { projectId, body, secrets: bodySecrets(secretValues) };
}

/** The database a MongoDB connection string names in its path, '' when none. */
function mongoDatabase(connectionString: string): string {
	return /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(connectionString.trim())?.[1] ?? '';
}

/**
 * Whether a JDBC URL names a database: a `databaseName=`/`database=` property, a path after the host
 * (jdbc:postgresql://host:5432/sales), or an Oracle service name / SID (@host:1521/ORCL, @host:1521:ORCL, a descriptor).
 */
export function jdbcNamesDatabase(url: string): boolean {
	const text = url.trim();
	if (/[;?&:](databaseName|database|dbname)=[^;&]+/i.test(text)) return true;
	const oracle = /^jdbc:oracle:[a-z]+:@(.*)$/i.exec(text)?.[1];
	if (oracle !== undefined) return oracle.startsWith('(') || /^(\/\/)?[^/:]+(:\d+)?\/[^/:]+/.test(oracle) || /^[^/:]+:\d+:[^/:]+/.test(oracle);
	return /^jdbc:[a-z0-9]+:(?:[a-z0-9]+:)?\/\/[^/;?]+\/[^/;?]+/i.test(text);
}

/**
 * What to fix when the server says a connection names no database: the side its message names, else the side of the
 * body that lacks one, else both. Never blames the MongoDB connection string for a JDBC URL without a database.
 */
export function missingDatabaseHint(body: IDataObject, side?: 'jdbc' | 'mongodb'): string {
	const jdbcUrl = String((body.jdbcConnectionDetails as IDataObject | undefined)?.url ?? '');
	const mongo = String((body.mongodbConnectionDetails as IDataObject | undefined)?.connectionString ?? '');
	const jdbcLacks = jdbcUrl !== '' && !jdbcNamesDatabase(jdbcUrl);
	const mongoLacks = mongo !== '' && mongoDatabase(mongo) === '';
	const which = side ?? (jdbcLacks && !mongoLacks ? 'jdbc' : mongoLacks && !jdbcLacks ? 'mongodb' : undefined);
	const jdbcFix = 'put the source database in the JDBC URL, e.g. jdbc:postgresql://host:5432/<database> or jdbc:sqlserver://host:1433;databaseName=<database> (Oracle: the service name or SID; a PDB in "Oracle PDB Name")';
	const mongoFix = "put the destination database in the MongoDB connection string's path, e.g. mongodb://host:27017/<database>";
	if (which === 'jdbc') return `The JDBC URL names no database: ${jdbcFix}.`;
	if (which === 'mongodb') return `The MongoDB connection string names no database: ${mongoFix}.`;
	return `A connection names no database: ${jdbcFix}; ${mongoFix}.`;
}

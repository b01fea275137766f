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

/** jdbcConnectionDetails: an existing connection, or URL, user and password. */
function readSource(ctx: IExecuteFunctions, itemIndex: number, secretValues: string[]): IDataObject {
	const jdbc: IDataObject = { type: readDatabaseType(ctx, itemIndex) };
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

/** mongodbConnectionDetails: an existing connection, or a connection string. */
function readDestination(ctx: IExecuteFunctions, itemIndex: number, secretValues: string[]): IDataObject {
	if (ctx.getNodeParameter('destinationConnection', itemIndex) === 'existing') {
		return { existingConnectionId: requiredText(ctx, itemIndex, 'existingMongoConnectionId', 'Existing Destination Connection ID'), connectionString: '' };
	}
	const connectionString = requiredText(ctx, itemIndex, 'mongoConnectionString', 'MongoDB Connection String');
	if (!/^mongodb(\+srv)?:\/\//i.test(connectionString)) {
		throw new NodeOperationError(ctx.getNode(), '"MongoDB Connection String" must start with mongodb:// or mongodb+srv://', { itemIndex, description: 'For example mongodb://user@cluster.example.com:27017/sales' });
	}
	secretValues.push(connectionString);
	return { connectionString };
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

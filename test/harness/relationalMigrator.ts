import type { INodeParameters } from 'n8n-workflow';

import { rl } from './resourceLocator';

/** The seeded Relational Migrator project "Sales" (sandbox/families/relationalMigrator seed). */
export const RM_PROJECT = '6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51';

/** The secrets the create parameters carry; tests that scan outputs for leaks pass their own. */
export interface RmCreateSecrets {
	jdbcPassword: string;
	mongoConnectionString: string;
}

const DEFAULT_SECRETS: RmCreateSecrets = {
	jdbcPassword: 'pg-Secret-4242',
	mongoConnectionString: 'mongodb://bob:mongo-Secret-9191@mongo.example.internal:27017/sales',
};

/** Relational Migrator "create job" parameters for the Sales project (a snapshot from PostgreSQL); override any of them. */
export const rmCreateParameters = (overrides: INodeParameters = {}, secrets: RmCreateSecrets = DEFAULT_SECRETS): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	project: rl(RM_PROJECT),
	databaseType: 'POSTGRESQL',
	sourceConnection: 'details',
	jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432/sales',
	jdbcUser: 'alice',
	jdbcPassword: secrets.jdbcPassword,
	destinationConnection: 'connectionString',
	mongoConnectionString: secrets.mongoConnectionString,
	mode: 'SNAPSHOT',
	...overrides,
});

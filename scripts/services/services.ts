/**
 * The one-service packages built from this tree (n8n verifies only packages that integrate one service): which
 * credential and nodes each takes from package.json's n8n section, and its npm metadata.
 */
export interface Service {
	/** npm package name. */
	name: string;
	/** The vendor's product, as the README names it. */
	title: string;
	/** The folder under nodes/ that holds its node and trigger. */
	nodeFolder: string;
	/** Its credential file's class name (credentials/<name>.credentials.ts). */
	credential: string;
	description: string;
	keywords: string[];
	/** The main documentation page of this service (docs/<file>). */
	docs: string;
	/** The example workflows of this service (examples/<file>) that run without the other services. */
	examples: string[];
}

export const SERVICES: Service[] = [
	{
		name: 'n8n-nodes-informatica-idmc',
		title: 'Informatica IDMC',
		nodeFolder: 'InformaticaIdmc',
		credential: 'InformaticaIdmcApi',
		description:
			'n8n nodes to run, wait for and watch Informatica IDMC jobs: Database Ingestion, Data Integration mapping tasks, taskflows run as services, exports and imports',
		keywords: ['informatica', 'idmc', 'informatica-cloud', 'etl', 'data-integration', 'replication'],
		docs: 'informatica-idmc.md',
		examples: ['informatica-data-integration.json', 'informatica-import.json', 'informatica-promotion.json', 'trigger-informatica.json'],
	},
	{
		name: 'n8n-nodes-cdata-sync',
		title: 'CData Sync',
		nodeFolder: 'CDataSync',
		credential: 'CDataSyncApi',
		description: 'n8n nodes to run, wait for and watch CData Sync jobs and tasks',
		keywords: ['cdata', 'cdata-sync', 'etl', 'replication'],
		docs: 'cdata-sync.md',
		examples: ['trigger-cdata-sync.json'],
	},
	{
		name: 'n8n-nodes-mongodb-relational-migrator',
		title: 'MongoDB Relational Migrator',
		nodeFolder: 'MongoDbRelationalMigrator',
		credential: 'MongoDbRelationalMigratorApi',
		description: 'n8n nodes to run, wait for and watch MongoDB Relational Migrator sync jobs',
		keywords: ['mongodb', 'relational-migrator', 'migration', 'replication'],
		docs: 'mongodb-relational-migrator.md',
		examples: ['trigger-relational-migrator.json'],
	},
];

export function serviceByName(name: string): Service {
	const service = SERVICES.find((candidate) => candidate.name === name);
	if (!service) throw new Error(`unknown service package ${name}: one of ${SERVICES.map((s) => s.name).join(', ')}`);
	return service;
}

/**
 * What the editor shows: the canvas subtitle of each action node, evaluated the way n8n evaluates it
 * (Workflow.expression.getSimpleParameterValue, 'internal' mode), and the node-search entry n8n builds from an app and
 * its trigger (it shows the trigger's description for both: useActionsGeneration, "default to trigger description").
 */
import type { INode, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CDataSync } from '../../nodes/CDataSync/CDataSync.node';
import { CDataSyncTrigger } from '../../nodes/CDataSync/CDataSyncTrigger.node';
import { InformaticaIdmc } from '../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { InformaticaIdmcTrigger } from '../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { MongoDbRelationalMigrator } from '../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { MongoDbRelationalMigratorTrigger } from '../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigratorTrigger.node';
import { resources as cdataResources } from '../../nodes/CDataSync/actions/router';
import { resources as informaticaResources } from '../../nodes/InformaticaIdmc/actions/router';
import { resources as migratorResources } from '../../nodes/MongoDbRelationalMigrator/actions/router';
import { subtitleExpression } from '../../nodes/shared/operations';

function subtitleOf(nodeType: INodeType, parameters: Record<string, string>): unknown {
	const node: INode = { id: '1', name: 'Node', type: nodeType.description.name, typeVersion: 1, position: [0, 0], parameters };
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'internal', {});
}

describe('canvas subtitles show display names', () => {
	it.each([
		[new InformaticaIdmc(), { resource: 'databaseIngestionTask', operation: 'runTask' }, 'Run Task: Database Ingestion Task'],
		[new InformaticaIdmc(), { resource: 'dataIntegrationJob', operation: 'start' }, 'Start: Data Integration Job'],
		[new CDataSync(), { resource: 'job', operation: 'execute' }, 'Execute: Job'],
		[new MongoDbRelationalMigrator(), { resource: 'job', operation: 'create' }, 'Create: Job'],
		[new MongoDbRelationalMigrator(), { resource: 'project', operation: 'getMany' }, 'Get Many: Project'],
	])('%#: %p', (nodeType, parameters, expected) => {
		expect(subtitleOf(nodeType, parameters)).toBe(expected);
	});

	it.each([
		['Informatica IDMC', new InformaticaIdmc(), informaticaResources],
		['CData Sync', new CDataSync(), cdataResources],
		['Relational Migrator', new MongoDbRelationalMigrator(), migratorResources],
	])('%s: the subtitle literal is the one its resource list gives (else run scripts/subtitles.ts)', (_name, nodeType, resources) => {
		expect(nodeType.description.subtitle).toBe(subtitleExpression(resources));
	});

	it('every operation of every resource has a display-name subtitle, never an internal value', () => {
		for (const nodeType of [new InformaticaIdmc(), new CDataSync(), new MongoDbRelationalMigrator()]) {
			const props = nodeType.description.properties;
			const resources = (props.find((p) => p.name === 'resource')!.options ?? []) as Array<{ name: string; value: string }>;
			for (const resource of resources) {
				const dropdown = props.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value))!;
				for (const op of dropdown.options as Array<{ name: string; value: string }>) {
					expect(subtitleOf(nodeType, { resource: resource.value, operation: op.value })).toBe(`${op.name}: ${resource.name}`);
				}
			}
		}
	});
});

describe('node search: an app and its trigger are one entry, with the trigger\'s description', () => {
	it.each([
		[new InformaticaIdmc(), new InformaticaIdmcTrigger()],
		[new CDataSync(), new CDataSyncTrigger()],
		[new MongoDbRelationalMigrator(), new MongoDbRelationalMigratorTrigger()],
	])('%#: the trigger\'s description also says what the action node does', (app, trigger) => {
		// n8n merges by name: the trigger's name without "Trigger" is the app's.
		expect(trigger.description.name.replace('Trigger', '')).toBe(app.description.name);
		expect(trigger.description.description.startsWith(app.description.description)).toBe(true);
	});
});

describe('Database Ingestion Job ID says where the ID comes from', () => {
	it('every job operation with a Job ID field points to Get Job ID and the jobId output', () => {
		const props = new InformaticaIdmc().description.properties.filter((p) => p.name === 'jobId' && p.displayOptions?.show?.resource?.includes('databaseIngestionJob'));
		expect(props.length).toBeGreaterThan(0);
		for (const p of props) {
			expect(p.hint).toContain('Get Job ID');
			expect(p.hint).toContain('{{ $json.jobId }}');
		}
	});
});

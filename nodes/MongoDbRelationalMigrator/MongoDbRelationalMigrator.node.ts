import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties, subtitleExpression } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchProjects } from './methods/listSearch';

export class MongoDbRelationalMigrator implements INodeType {
	// The rule wants the raw-value subtitle literally; subtitleExpression shows display names instead (nodeEditor.test.ts).
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle
	description: INodeTypeDescription = {
		displayName: 'MongoDB Relational Migrator',
		name: 'mongoDbRelationalMigrator',
		icon: { light: 'file:mongoDbRelationalMigrator.svg', dark: 'file:mongoDbRelationalMigrator.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleExpression(resources),
		description: 'Start, watch and control MongoDB Relational Migrator migration jobs',
		defaults: { name: 'MongoDB Relational Migrator' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mongoDbRelationalMigratorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions(resources),
				default: 'job',
			},
			...resourceProperties(resources),
		],
	};

	methods = { listSearch: { searchProjects } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

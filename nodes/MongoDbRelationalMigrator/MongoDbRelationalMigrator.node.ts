import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as job from './actions/job';
import * as project from './actions/project';
import type { ResourceModule } from '../shared/operations';
import { router } from './actions/router';
import { searchProjects } from './methods/listSearch';

const RESOURCES: ResourceModule[] = [job, project];

export class MongoDbRelationalMigrator implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MongoDB Relational Migrator',
		name: 'mongoDbRelationalMigrator',
		icon: { light: 'file:mongoDbRelationalMigrator.svg', dark: 'file:mongoDbRelationalMigrator.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
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
				options: RESOURCES.map((r) => r.resource),
				default: 'job',
			},
			...RESOURCES.flatMap((r) => r.description),
		],
	};

	methods = { listSearch: { searchProjects } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

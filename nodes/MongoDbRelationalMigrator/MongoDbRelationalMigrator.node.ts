import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchProjects } from './methods/listSearch';

export class MongoDbRelationalMigrator implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MongoDB Relational Migrator',
		name: 'mongoDbRelationalMigrator',
		icon: { light: 'file:mongoDbRelationalMigrator.svg', dark: 'file:mongoDbRelationalMigrator.dark.svg' },
		group: ['transform'],
		version: 1,
		// The canvas subtitle, by display names: subtitleExpression(resources) written out (a literal, as n8n's lint rules want; nodeEditor.test.ts keeps them equal).
		subtitle:
			'={{ {"job:create":"Create: Job","job:get":"Get: Job","job:getLogs":"Get Logs: Job","job:getMany":"Get Many: Job","job:pause":"Pause: Job","job:resume":"Resume: Job","job:stop":"Stop: Job","project:getMany":"Get Many: Project"}[$parameter["resource"] + ":" + $parameter["operation"]] || ($parameter["operation"] + ": " + $parameter["resource"]) }}',
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

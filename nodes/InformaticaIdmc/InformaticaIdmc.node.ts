import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ResourceModule } from '../shared/operations';
import { router } from './actions/router';
// ── Resources, step 1 of 2: import the resource's actions/<resource>/index.ts here… ──
import * as databaseIngestionJob from './actions/databaseIngestionJob';
import * as databaseIngestionTask from './actions/databaseIngestionTask';
import * as dataIntegrationJob from './actions/dataIntegrationJob';
import * as importResource from './actions/import';
import * as object from './actions/object';
import { searchTasks } from './methods/listSearch';

/** …and add it here, in the order the Resource dropdown shows (step 2 of 2 is RESOURCES in actions/router.ts). */
const RESOURCES: ResourceModule[] = [databaseIngestionTask, databaseIngestionJob, dataIntegrationJob, importResource, object];

export class InformaticaIdmc implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Informatica IDMC',
		name: 'informaticaIdmc',
		icon: { light: 'file:informaticaIdmc.svg', dark: 'file:informaticaIdmc.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Run and monitor Informatica Intelligent Data Management Cloud jobs',
		defaults: { name: 'Informatica IDMC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'informaticaIdmcApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES.map((r) => r.resource),
				default: 'databaseIngestionTask',
			},
			...RESOURCES.flatMap((r) => r.description),
		],
	};

	methods = { listSearch: { searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

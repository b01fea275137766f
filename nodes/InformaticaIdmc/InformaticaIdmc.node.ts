import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties, subtitleExpression } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchTasks } from './methods/listSearch';

export class InformaticaIdmc implements INodeType {
	// The rule wants the raw-value subtitle literally; subtitleExpression shows display names instead (nodeEditor.test.ts).
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle
	description: INodeTypeDescription = {
		displayName: 'Informatica IDMC',
		name: 'informaticaIdmc',
		icon: { light: 'file:informaticaIdmc.svg', dark: 'file:informaticaIdmc.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleExpression(resources),
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
				options: resourceOptions(resources),
				default: 'databaseIngestionTask',
			},
			...resourceProperties(resources),
		],
	};

	methods = { listSearch: { searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

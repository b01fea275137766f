import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties, subtitleExpression } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchJobs, searchTasks, searchWorkspaces } from './methods/listSearch';

export class CDataSync implements INodeType {
	// The rule wants the raw-value subtitle literally; subtitleExpression shows display names instead (nodeEditor.test.ts).
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle
	description: INodeTypeDescription = {
		displayName: 'CData Sync',
		name: 'cDataSync',
		icon: { light: 'file:cDataSync.svg', dark: 'file:cDataSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleExpression(resources),
		description: 'Run, wait for and manage CData Sync jobs and tasks (REST API V2)',
		defaults: { name: 'CData Sync' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cDataSyncApi', required: true }],
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

	methods = { listSearch: { searchWorkspaces, searchJobs, searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

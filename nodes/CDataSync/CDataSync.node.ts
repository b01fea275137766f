import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchJobs, searchTasks, searchWorkspaces } from './methods/listSearch';

export class CDataSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CData Sync',
		name: 'cDataSync',
		icon: { light: 'file:cDataSync.svg', dark: 'file:cDataSync.dark.svg' },
		group: ['transform'],
		version: 1,
		// The canvas subtitle, by display names: subtitleExpression(resources) written out (a literal, as n8n's lint rules want; nodeEditor.test.ts keeps them equal).
		subtitle:
			'={{ {"job:cancel":"Cancel: Job","job:create":"Create: Job","job:delete":"Delete: Job","job:execute":"Execute: Job","job:getHistory":"Get History: Job","job:getMany":"Get Many: Job","job:getStatus":"Get Status: Job","job:update":"Update: Job","task:add":"Add: Task","task:delete":"Delete: Task","task:get":"Get: Task","task:getHistory":"Get History: Task","task:getLastRun":"Get Last Run of All: Task","task:getMany":"Get Many: Task","task:move":"Move: Task","task:update":"Update: Task"}[$parameter["resource"] + ":" + $parameter["operation"]] || ($parameter["operation"] + ": " + $parameter["resource"]) }}',
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

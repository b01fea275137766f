import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resourceProperties } from '../shared/operations';
import { resources, router } from './actions/router';
import { searchDatabaseIngestionTasks, searchTasks } from './methods/listSearch';

export class InformaticaIdmc implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Informatica IDMC',
		name: 'informaticaIdmc',
		icon: { light: 'file:informaticaIdmc.svg', dark: 'file:informaticaIdmc.dark.svg' },
		group: ['transform'],
		version: 1,
		// The canvas subtitle, by display names: subtitleExpression(resources) written out (a literal, as n8n's lint rules want; nodeEditor.test.ts keeps them equal).
		subtitle:
			'={{ {"databaseIngestionTask:create":"Create: Database Ingestion Task","databaseIngestionTask:deploy":"Deploy: Database Ingestion Task","databaseIngestionTask:getId":"Get ID: Database Ingestion Task","databaseIngestionTask:runTask":"Run Task: Database Ingestion Task","databaseIngestionJob:getJobId":"Get Job ID: Database Ingestion Job","databaseIngestionJob:getLog":"Get Log: Database Ingestion Job","databaseIngestionJob:getMetrics":"Get Metrics: Database Ingestion Job","databaseIngestionJob:getStatus":"Get Status: Database Ingestion Job","databaseIngestionJob:resume":"Resume: Database Ingestion Job","databaseIngestionJob:start":"Start: Database Ingestion Job","databaseIngestionJob:stop":"Stop: Database Ingestion Job","databaseIngestionJob:undeploy":"Undeploy: Database Ingestion Job","dataIntegrationJob:cleanStop":"Clean Stop: Data Integration Job","dataIntegrationJob:getSessionLog":"Get Session Log: Data Integration Job","dataIntegrationJob:getStatus":"Get Status: Data Integration Job","dataIntegrationJob:start":"Start: Data Integration Job","dataIntegrationJob:stop":"Stop: Data Integration Job","taskflow:getMany":"Get Many Runs: Taskflow","taskflow:getStatus":"Get Status: Taskflow","taskflow:runTaskflow":"Run Taskflow: Taskflow","taskflow:terminate":"Terminate: Taskflow","export:downloadPackage":"Download Package: Export","export:getLog":"Get Log: Export","export:getStatus":"Get Status: Export","export:startExport":"Start Export: Export","import:getLog":"Get Log: Import","import:getStatus":"Get Status: Import","import:startImport":"Start Import: Import","import:uploadPackage":"Upload Package: Import","object:lookUp":"Look Up: Object"}[$parameter["resource"] + ":" + $parameter["operation"]] || ($parameter["operation"] + ": " + $parameter["resource"]) }}',
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

	methods = { listSearch: { searchDatabaseIngestionTasks, searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as create from './create.operation';
import * as deploy from './deploy.operation';
import * as getId from './getId.operation';
import * as runTask from './runTask.operation';

export const resource: INodePropertyOptions = {
	name: 'Database Ingestion Task',
	value: 'databaseIngestionTask',
	description: 'Create, find, deploy and run Database Ingestion and Replication tasks',
};

export const operations = { create, deploy, getId, runTask };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['databaseIngestionTask'] } },
	default: 'runTask',
	options: [
		{ name: 'Create', value: 'create', action: 'Create a task', description: 'Create a task from its JSON definition' },
		{ name: 'Deploy', value: 'deploy', action: 'Deploy a task', description: 'Deploy a task, optionally waiting until it is deployed' },
		{ name: 'Get ID', value: 'getId', action: 'Get the ID of a task', description: 'Find a task\'s ID by name, project and folder' },
		{
			name: 'Run Task',
			value: 'runTask',
			action: 'Run a task',
			description: 'Look the task up, deploy it if needed, start its job and optionally wait',
		},
	],
});

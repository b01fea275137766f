import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as getMany from './getMany.operation';
import * as getStatus from './getStatus.operation';
import * as runTaskflow from './runTaskflow.operation';
import * as terminate from './terminate.operation';

export const resource: INodePropertyOptions = {
	name: 'Taskflow',
	value: 'taskflow',
	description: 'Run taskflows published as a service, and follow or terminate their runs',
};

export const operations = { getMany, getStatus, runTaskflow, terminate };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['taskflow'] } },
	default: 'runTaskflow',
	options: [
		{ name: 'Get Many Runs', value: 'getMany', action: 'Get many taskflow runs', description: 'List taskflow runs by status and start time' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the status of a taskflow run' },
		{ name: 'Run Taskflow', value: 'runTaskflow', action: 'Run a taskflow', description: 'Run a taskflow published as a service by its API name, optionally waiting for it' },
		{ name: 'Terminate', value: 'terminate', action: 'Terminate taskflow runs' },
	],
});

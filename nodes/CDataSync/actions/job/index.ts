import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as execute from './execute.operation';
import * as getHistory from './getHistory.operation';
import * as getMany from './getMany.operation';
import * as getStatus from './getStatus.operation';
import * as update from './update.operation';

export const resource: INodePropertyOptions = { name: 'Job', value: 'job' };

export const operations = { getMany, create, update, delete: del, execute, cancel, getStatus, getHistory };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	default: 'execute',
	options: [
		{ name: 'Cancel', value: 'cancel', description: 'Cancel a running job', action: 'Cancel a job' },
		{ name: 'Create', value: 'create', description: 'Create a job in a workspace', action: 'Create a job' },
		{ name: 'Delete', value: 'delete', description: 'Delete a job that is not running', action: 'Delete a job' },
		{ name: 'Execute', value: 'execute', description: 'Run a job (optionally selected tasks) and optionally wait for it', action: 'Execute a job' },
		{ name: 'Get History', value: 'getHistory', description: 'Get a job\'s run history or one history record', action: 'Get the history of a job' },
		{ name: 'Get Many', value: 'getMany', description: 'List the jobs of a workspace', action: 'Get many jobs' },
		{ name: 'Get Status', value: 'getStatus', description: 'Get the status of a job\'s current or last run', action: 'Get the status of a job' },
		{ name: 'Update', value: 'update', description: 'Update a job that is not running', action: 'Update a job' },
	],
});

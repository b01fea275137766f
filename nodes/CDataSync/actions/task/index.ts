import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as add from './add.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getHistory from './getHistory.operation';
import * as getLastRun from './getLastRun.operation';
import * as getMany from './getMany.operation';
import * as move from './move.operation';
import * as update from './update.operation';

export const resource: INodePropertyOptions = { name: 'Task', value: 'task' };

export const operations = { getMany, get, add, update, delete: del, move, getLastRun, getHistory };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['task'] } },
	default: 'getMany',
	options: [
		{ name: 'Add', value: 'add', description: 'Add a task (query) to a job', action: 'Add a task' },
		{ name: 'Delete', value: 'delete', description: 'Delete a task that is not running', action: 'Delete a task' },
		{ name: 'Get', value: 'get', description: 'Get one task of a job', action: 'Get a task' },
		{ name: 'Get History', value: 'getHistory', description: 'Get the run history of a task', action: 'Get the history of a task' },
		{ name: 'Get Last Run of All', value: 'getLastRun', description: 'Get the last run of every task of a job', action: 'Get the last run of all tasks' },
		{ name: 'Get Many', value: 'getMany', description: 'List the tasks of a job', action: 'Get many tasks' },
		{ name: 'Move', value: 'move', description: 'Move a task to another position in its job', action: 'Move a task' },
		{ name: 'Update', value: 'update', description: 'Update a task\'s query, active flag or position', action: 'Update a task' },
	],
});

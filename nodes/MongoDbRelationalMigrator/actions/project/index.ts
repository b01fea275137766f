import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/operations';
import * as getMany from './getMany.operation';

export const resource: INodePropertyOptions = {
	name: 'Project',
	value: 'project',
	description: 'List the Relational Migrator projects',
};

export const operations: ResourceOperations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['project'] } },
		default: 'getMany',
		options: [{ name: 'Get Many', value: 'getMany', action: 'Get many projects' }],
	},
	...getMany.description,
];

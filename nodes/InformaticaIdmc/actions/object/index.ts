import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/operations';
import * as lookUp from './lookUp.operation';

export const resource: INodePropertyOptions = {
	name: 'Object',
	value: 'object',
	description: 'Look up projects, folders and assets (their IDs are the federated task IDs)',
};

export const operations: ResourceOperations = { lookUp };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['object'] } },
		default: 'lookUp',
		options: [{ name: 'Look Up', value: 'lookUp', action: 'Look up an object', description: 'Find an object by ID, or by path and type' }],
	},
	...lookUp.description,
];

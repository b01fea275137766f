import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as lookUp from './lookUp.operation';

export const resource: INodePropertyOptions = {
	name: 'Object',
	value: 'object',
	description: 'Look up projects, folders and assets (their IDs are the federated task IDs)',
};

export const operations = { lookUp };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['object'] } },
	default: 'lookUp',
	options: [{ name: 'Look Up', value: 'lookUp', action: 'Look up an object', description: 'Find an object by ID, or by path and type' }],
});

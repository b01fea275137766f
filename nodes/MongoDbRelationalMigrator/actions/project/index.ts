import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as getMany from './getMany.operation';

export const resource: INodePropertyOptions = {
	name: 'Project',
	value: 'project',
	description: 'List the Relational Migrator projects',
};

export const operations = { getMany };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['project'] } },
	default: 'getMany',
	options: [{ name: 'Get Many', value: 'getMany', action: 'Get many projects' }],
});

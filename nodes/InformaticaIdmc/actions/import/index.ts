import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as getLog from './getLog.operation';
import * as getStatus from './getStatus.operation';
import * as startImport from './startImport.operation';
import * as uploadPackage from './uploadPackage.operation';

export const resource: INodePropertyOptions = {
	name: 'Import',
	value: 'import',
	description: 'Import an export package (assets, connections, schedules) into this organization',
};

export const operations = { getLog, getStatus, startImport, uploadPackage };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['import'] } },
	default: 'uploadPackage',
	options: [
		{ name: 'Get Log', value: 'getLog', action: 'Get the log of an import job' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the status of an import job' },
		{ name: 'Start Import', value: 'startImport', action: 'Start an import job', description: 'Start importing an uploaded package, optionally waiting for it' },
		{ name: 'Upload Package', value: 'uploadPackage', action: 'Upload an import package', description: 'Upload an export package ZIP from a binary field' },
	],
});

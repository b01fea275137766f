import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as downloadPackage from './downloadPackage.operation';
import * as getLog from './getLog.operation';
import * as getStatus from './getStatus.operation';
import * as startExport from './startExport.operation';

export const resource: INodePropertyOptions = {
	name: 'Export',
	value: 'export',
	description: 'Export objects of this organization into a package that Import can bring into another one',
};

export const operations = { downloadPackage, getLog, getStatus, startExport };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['export'] } },
	default: 'startExport',
	options: [
		{ name: 'Download Package', value: 'downloadPackage', action: 'Download the package of an export job', description: 'Download the export ZIP as binary data for Import > Upload Package' },
		{ name: 'Get Log', value: 'getLog', action: 'Get the log of an export job' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the status of an export job' },
		{ name: 'Start Export', value: 'startExport', action: 'Start an export job', description: 'Start exporting objects, optionally waiting for the package' },
	],
});

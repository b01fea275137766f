import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as cleanStop from './cleanStop.operation';
import * as getSessionLog from './getSessionLog.operation';
import * as getStatus from './getStatus.operation';
import * as start from './start.operation';
import * as stop from './stop.operation';

export const resource: INodePropertyOptions = {
	name: 'Data Integration Job',
	value: 'dataIntegrationJob',
	description: 'Start, stop and monitor Data Integration tasks (mapping, synchronization, replication, masking, PowerCenter, linear taskflows)',
};

export const operations = { cleanStop, getSessionLog, getStatus, start, stop };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['dataIntegrationJob'] } },
	default: 'start',
	options: [
		{ name: 'Clean Stop', value: 'cleanStop', action: 'Cleanly stop a task', description: 'Stop the task\'s running job after its current work' },
		{ name: 'Get Session Log', value: 'getSessionLog', action: 'Get the session log of a run' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the status of a run' },
		{ name: 'Start', value: 'start', action: 'Start a task', description: 'Start a task, optionally waiting for it to finish' },
		{ name: 'Stop', value: 'stop', action: 'Stop a task', description: 'Stop the task\'s running job now' },
	],
});

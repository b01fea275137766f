import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getLogs from './getLogs.operation';
import * as getMany from './getMany.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';
import * as stop from './stop.operation';

export const resource: INodePropertyOptions = {
	name: 'Job',
	value: 'job',
	description: 'Start, watch, pause, resume and stop migration jobs',
};

export const operations = { create, get, getLogs, getMany, pause, resume, stop };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['job'] } },
	default: 'create',
	options: [
		{ name: 'Create', value: 'create', action: 'Start a migration job', description: 'Start a migration job, optionally waiting for a goal' },
		{ name: 'Get', value: 'get', action: 'Get a migration job', description: 'Get a job\'s status, CDC status and statistics' },
		{ name: 'Get Logs', value: 'getLogs', action: 'Get the events of a migration job', description: 'Get a job\'s events (Relational Migrator 1.15+)' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many migration jobs' },
		{ name: 'Pause', value: 'pause', action: 'Pause a migration job', description: 'Pause a job whose CDC is running' },
		{ name: 'Resume', value: 'resume', action: 'Resume a migration job', description: 'Resume a paused job' },
		{ name: 'Stop', value: 'stop', action: 'Stop a migration job', description: 'Stop a job (for a CDC job: complete the cut-over)' },
	],
});

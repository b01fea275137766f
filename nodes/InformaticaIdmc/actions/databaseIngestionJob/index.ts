import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceDescription } from '../../../shared/operations';
import * as getJobId from './getJobId.operation';
import * as getLog from './getLog.operation';
import * as getMetrics from './getMetrics.operation';
import * as getStatus from './getStatus.operation';
import * as resume from './resume.operation';
import * as start from './start.operation';
import * as stop from './stop.operation';
import * as undeploy from './undeploy.operation';

export const resource: INodePropertyOptions = {
	name: 'Database Ingestion Job',
	value: 'databaseIngestionJob',
	description: 'Start, stop, resume, undeploy and monitor a deployed Database Ingestion and Replication job',
};

export const operations = { getJobId, getLog, getMetrics, getStatus, resume, start, stop, undeploy };

export const description: INodeProperties[] = resourceDescription(operations, {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['databaseIngestionJob'] } },
	default: 'start',
	options: [
		{ name: 'Get Job ID', value: 'getJobId', action: 'Get the job ID of a task', description: 'Get the job ID of a deployed task' },
		{ name: 'Get Log', value: 'getLog', action: 'Get the log location of a job', description: 'Get the path of the job\'s log file on the agent' },
		{ name: 'Get Metrics', value: 'getMetrics', action: 'Get the metrics of a job', description: 'Get per-table statistics of a job' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the status of a job' },
		{ name: 'Resume', value: 'resume', action: 'Resume a job', description: 'Resume a stopped, failed or aborted job' },
		{ name: 'Start', value: 'start', action: 'Start a job', description: 'Start a deployed job, optionally waiting for it' },
		{ name: 'Stop', value: 'stop', action: 'Stop a job' },
		{ name: 'Undeploy', value: 'undeploy', action: 'Undeploy a job' },
	],
});

import type { INodeProperties } from 'n8n-workflow';

/** The "Job ID" field every job operation shows. */
export function jobIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '15',
		description: 'The Database Ingestion job ID, as returned by Deploy, Get Job ID or Run Task',
		displayOptions: { show: { resource: ['databaseIngestionJob'], operation: operations } },
	};
}

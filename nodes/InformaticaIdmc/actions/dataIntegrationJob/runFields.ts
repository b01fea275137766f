import type { INodeProperties } from 'n8n-workflow';

/** Task ID and Run ID of one run, as the Start operation outputs them. */
export function runFields(operation: string, extraShow: Record<string, string[]> = {}): INodeProperties[] {
	const show = { resource: ['dataIntegrationJob'], operation: [operation], ...extraShow };
	return [
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 0100000Z000009',
			description: 'The task\'s ID as the Start operation outputs it (taskId)',
			displayOptions: { show },
		},
		{
			displayName: 'Run ID',
			name: 'runId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 42',
			description: 'The run\'s ID as the Start operation outputs it (runId)',
			displayOptions: { show },
		},
	];
}

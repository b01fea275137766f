import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Task name, project ID and folder ID: how Create, Get ID and Run Task name a task. */
export function taskLocationFields(operations: string[]): INodeProperties[] {
	const show = { resource: ['databaseIngestionTask'], operation: operations };
	return [
		{
			displayName: 'Task Name',
			name: 'taskName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'orders_oracle_to_snowflake',
			displayOptions: { show },
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			description: 'The project that holds the task. Empty: the default project.',
			displayOptions: { show },
		},
		{
			displayName: 'Folder ID',
			name: 'folderId',
			type: 'string',
			default: '',
			description: 'The folder in the project that holds the task. Empty: the default folder.',
			displayOptions: { show },
		},
	];
}

export interface TaskLocation {
	taskName: string;
	projectId: string;
	folderId: string;
}

export function readTaskLocation(ctx: IExecuteFunctions, itemIndex: number): TaskLocation {
	const taskName = String(ctx.getNodeParameter('taskName', itemIndex, '')).trim();
	if (!taskName) {
		throw new NodeOperationError(ctx.getNode(), '"Task Name" is required', { itemIndex, description: 'Set the "Task Name" parameter.' });
	}
	return {
		taskName,
		projectId: String(ctx.getNodeParameter('projectId', itemIndex, '')).trim(),
		folderId: String(ctx.getNodeParameter('folderId', itemIndex, '')).trim(),
	};
}

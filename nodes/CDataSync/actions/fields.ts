import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Workspace picker: list from the API, or an ID. */
export function workspaceLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Workspace',
		name: 'workspace',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The workspace that holds the jobs',
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchWorkspaces', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 3f2b9c1e-8d4a-4b7e-a1c2-0f9e8d7c6b5a' },
		],
	};
}

/** Job picker: list from the API (all workspaces, or the chosen one), or an ID. */
export function jobLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Job',
		name: 'job',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchJobs', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 6a1c2e3f-4b5d-4e6f-a7b8-9c0d1e2f3a4b' },
		],
	};
}

/** Task picker: the chosen job's tasks, or an ID. */
export function taskLocator(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Task',
		name: 'task',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTasks', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 870237973789151200' },
		],
	};
}

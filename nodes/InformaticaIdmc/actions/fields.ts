/** The UI properties the Informatica resources share, and the readers that go with them. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionalText, requiredText } from '../../shared/parameters';
import { waitForCompletionProperties } from '../../shared/waitDescription';
import { followRunProperties, startRunProperties } from '../../shared/jobRunDescription';

/**
 * The "Job" field every job operation shows: a task picked from the list (its job is looked up at each run) or a
 * job ID. Workflows saved when it was a plain "Job ID" text field keep working: n8n hands over the string, read as an ID.
 */
export function jobIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Job',
		name: 'jobId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The Database Ingestion job: pick its task (the job is looked up by task at each run), or enter the job ID',
		// The API names jobs by number only; a task's job comes from task/fetch/{taskId}/job (Get Job ID).
		hint: 'By ID: the jobId that Deploy, Get Job ID (by task ID) and Run Task output, e.g. {{ $json.jobId }}',
		displayOptions: { show: { resource: ['databaseIngestionJob'], operation: operations } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a task...',
				typeOptions: { searchListMethod: 'searchDatabaseIngestionTasks', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 15' },
		],
	};
}

export type WaitUntil = 'auto' | 'finished' | 'running';

/** The "Wait Until" choice shown next to "Wait for Completion" on Start, Resume and Run Task. */
export function waitUntilProperty(show: Record<string, unknown[]>): INodeProperties {
	return {
		displayName: 'Wait Until',
		name: 'waitUntil',
		type: 'options',
		default: 'auto',
		description: 'When the wait ends. A CDC job never finishes by itself, so waiting for it to finish only ends when it is stopped or the wait times out.',
		options: [
			{ name: 'Automatic (CDC: Running, Initial Load: Finished)', value: 'auto', description: 'Read the job\'s task mode and pick' },
			{ name: 'Job Finished', value: 'finished', description: 'Until the job completes, fails or is stopped' },
			{ name: 'Job Running', value: 'running', description: 'Until the job is up and running (or ends)' },
		],
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	};
}

/** "Wait for Completion", "Wait Until" and the wait options, for an operation that sets a job running. */
export function jobWaitProperties(show: Record<string, string[]>): INodeProperties[] {
	const [waitSwitch, waitOptions] = waitForCompletionProperties(show);
	return [waitSwitch, waitUntilProperty(show), waitOptions];
}

/** A Database Ingestion start's run parameters: "If the Job Is Already Running", the wait switch, its goal and options. */
export function jobRunProperties(show: Record<string, string[]>): INodeProperties[] {
	const [ifAlreadyRunning, waitSwitch, waitOptions] = startRunProperties(show);
	waitOptions.options = [...((waitOptions.options as INodeProperties[]) ?? []), noVisibleEffectProperty()].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return [ifAlreadyRunning, waitSwitch, waitUntilProperty(show), waitOptions];
}

/** Default of "No Visible Effect After (Polls)". */
export const NO_VISIBLE_EFFECT_POLLS = 6;

/** A start whose status never moves off the previous run ends after this many polls, not at the timeout. */
function noVisibleEffectProperty(): INodeProperties {
	return {
		displayName: 'No Visible Effect After (Polls)',
		name: 'noVisibleEffectPolls',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: NO_VISIBLE_EFFECT_POLLS,
		description:
			'When this many status reads in a row after the start still show the previous run (same status, start and end time), the start had no visible effect: the wait ends with outcome failed and says so (failing the item when Fail Item When Job Fails is on) instead of waiting until the timeout. 0: only the timeout ends such a wait.',
	};
}

/** A Database Ingestion status read's "Wait for Completion": the same goal and options, for a run started elsewhere. */
export function jobFollowProperties(show: Record<string, string[]>): INodeProperties[] {
	const [waitSwitch, waitOptions] = followRunProperties(show);
	return [waitSwitch, waitUntilProperty(show), waitOptions];
}

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
	return {
		taskName: requiredText(ctx, itemIndex, 'taskName', 'Task Name'),
		projectId: optionalText(ctx, itemIndex, 'projectId'),
		folderId: optionalText(ctx, itemIndex, 'folderId'),
	};
}

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

export const TASK_TYPES = [
	{ name: 'Mapping Task (MTT)', value: 'MTT' },
	{ name: 'Synchronization Task (DSS)', value: 'DSS' },
	{ name: 'Replication Task (DRS)', value: 'DRS' },
	{ name: 'Masking Task (DMASK)', value: 'DMASK' },
	{ name: 'PowerCenter Task (PCS)', value: 'PCS' },
	{ name: 'Linear Taskflow (WORKFLOW)', value: 'WORKFLOW' },
];

/** The task picker and its type, shown on Start, Stop and Clean Stop. */
export function taskProperties(operations: string[]): INodeProperties[] {
	const show = { resource: ['dataIntegrationJob'], operation: operations };
	return [
		{
			displayName: 'Task Type',
			name: 'taskType',
			type: 'options',
			options: TASK_TYPES,
			default: 'MTT',
			required: true,
			description: 'The type of the task, as the job resource requires it',
			displayOptions: { show },
		},
		{
			displayName: 'Task',
			name: 'task',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: 'The task to run. Tasks outside the Default project need the federated ID (or a path, which is looked up).',
			displayOptions: { show },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a task...',
					typeOptions: { searchListMethod: 'searchTasks', searchable: true },
				},
				{ displayName: 'By Federated ID', name: 'federatedId', type: 'string', placeholder: 'e.g. jJGyAmd8Q8odiyvToQhhAQ' },
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 0100000Z000009' },
				{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. m_load_orders' },
				{ displayName: 'By Path', name: 'path', type: 'string', placeholder: 'e.g. Default/Sales/m_load_orders' },
			],
		},
	];
}

/** The import job ID field (the jobId the upload answered). */
export function importJobIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Import Job ID',
		name: 'importJobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2oZb7vFI2QQg4ncd4AyCGn',
		description: 'The import job ID the Upload Package operation outputs (jobId)',
		displayOptions: { show: { resource: ['import'], operation: operations } },
	};
}


import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isDateOnly } from '../../../shared/dates';

type JobOperation = 'create' | 'update';

interface JobField {
	/** The body field, spelled as the reference's example requests do (see docs/vendor-apis.md, CData Sync job management) (snake_case). */
	apiName: string;
	on: JobOperation[];
	property: INodeProperties;
}

const both: JobOperation[] = ['create', 'update'];

const bool = (displayName: string, name: string, description: string): INodeProperties => ({ displayName, name, type: 'boolean', default: false, description });
const str = (displayName: string, name: string, description: string, placeholder?: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
	...(placeholder ? { placeholder } : {}),
});
const num = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description,
});

/** Every body field of the reference's Create and Update sections (see docs/vendor-apis.md, CData Sync job management), once. */
const JOB_FIELDS: JobField[] = [
	{ apiName: 'name', on: ['update'], property: str('Name', 'name', 'New name of the job') },
	{ apiName: 'source_connection_id', on: ['create'], property: str('Source Connection ID', 'sourceConnectionId', 'Identifier of the source connection') },
	{ apiName: 'destination_connection_id', on: ['create'], property: str('Destination Connection ID', 'destinationConnectionId', 'Identifier of the destination connection') },
	{ apiName: 'schedule.enabled', on: both, property: bool('Schedule Enabled', 'scheduleEnabled', 'Whether the job runs on its schedule (the cron string)') },
	{ apiName: 'schedule.cron', on: both, property: str('Cron', 'cron', 'The scheduler cron string; setting it without "Schedule Enabled" enables the schedule', '0 0 * * *') },
	{ apiName: 'send_email', on: both, property: bool('Send Email', 'sendEmail', 'Whether to send email alerts after the job completes') },
	{ apiName: 'email_to', on: both, property: { ...str('Email To', 'emailTo', 'Address the alerts go to'), placeholder: 'name@email.com' } },
	{ apiName: 'email_subject', on: ['update'], property: str('Email Subject', 'emailSubject', 'Subject of the alert emails') },
	{ apiName: 'email_error_only', on: both, property: bool('Email Errors Only', 'emailErrorOnly', 'Whether to send an email only when an error occurs') },
	{ apiName: 'enable_parallel_processing', on: ['create'], property: bool('Enable Parallel Processing', 'enableParallelProcessing', 'Whether to run the tasks in parallel') },
	{ apiName: 'worker_pool', on: ['create'], property: num('Worker Pool', 'workerPool', 'Number of worker pools for parallel processing') },
	{
		apiName: 'verbosity',
		on: both,
		property: {
			displayName: 'Verbosity',
			name: 'verbosity',
			type: 'options',
			default: 2,
			description: 'Log verbosity level of the job',
			options: [
				{ name: '1 (Error)', value: 1 },
				{ name: '2 (Info)', value: 2 },
				{ name: '3 (Transfer)', value: 3 },
				{ name: '5 (Verbose)', value: 5 },
			],
		},
	},
	{ apiName: 'destination_schema', on: ['create'], property: str('Destination Schema', 'destinationSchema', 'Schema to write the tables to in the destination') },
	{ apiName: 'table_name_prefix', on: both, property: str('Table Name Prefix', 'tableNamePrefix', 'Prefix for every replicated table') },
	{ apiName: 'use_gmt_datetime', on: both, property: bool('Use GMT DateTime', 'useGmtDateTime', 'Whether to synchronise times in GMT rather than local time') },
	{ apiName: 'history_mode', on: ['create'], property: bool('History Mode', 'historyMode', 'Whether to enable history mode') },
	{ apiName: 'truncate_table_data', on: both, property: bool('Truncate Table Data', 'truncateTableData', 'Whether to delete all rows before each update') },
	{ apiName: 'drop_table', on: both, property: bool('Drop Table', 'dropTable', 'Whether to drop each table before each update') },
	{ apiName: 'auto_truncate_strings', on: both, property: bool('Auto Truncate Strings', 'autoTruncateStrings', 'Whether to cut strings that are too long for their column') },
	{ apiName: 'continue_on_error', on: both, property: bool('Continue on Error', 'continueOnError', 'Whether the job goes on to the next query when one fails') },
	{
		apiName: 'deletion_behavior',
		on: ['create'],
		property: {
			displayName: 'Deletion Behavior',
			name: 'deletionBehavior',
			type: 'options',
			default: 'HardDelete',
			description: 'What happens in the destination to rows deleted in the source',
			options: [
				{ name: 'Hard Delete', value: 'HardDelete' },
				{ name: 'Skip Delete', value: 'SkipDelete' },
				{ name: 'Soft Delete', value: 'SoftDelete' },
			],
		},
	},
	{ apiName: 'alter_schema', on: both, property: bool('Alter Schema', 'alterSchema', 'Whether to add columns and alter data types when source and destination metadata differ') },
	{ apiName: 'replicate_interval', on: both, property: num('Replicate Interval', 'replicateInterval', 'With Replicate Interval Unit: the time frames the replicated data is split into') },
	{
		apiName: 'replicate_interval_unit',
		on: both,
		property: {
			displayName: 'Replicate Interval Unit',
			name: 'replicateIntervalUnit',
			type: 'options',
			default: 'days',
			options: ['minutes', 'hours', 'days', 'weeks', 'months', 'years'].map((u) => ({ name: u.charAt(0).toUpperCase() + u.slice(1), value: u })),
		},
	},
	{ apiName: 'replicate_start_date', on: both, property: str('Replicate Start Date', 'replicateStartDate', 'Earliest date to replicate from, as yyyy-MM-dd', '2024-01-31') },
	{ apiName: 'batch_size', on: both, property: num('Batch Size', 'batchSize', 'Size of each batch') },
	{ apiName: 'pre_job_event', on: both, property: { ...str('Pre-Job Event', 'preJobEvent', 'Code of the pre-job event'), typeOptions: { rows: 4 } } },
	{ apiName: 'post_job_event', on: both, property: { ...str('Post-Job Event', 'postJobEvent', 'Code of the post-job event'), typeOptions: { rows: 4 } } },
	{
		apiName: 'cdc_engine_settings',
		on: ['create'],
		property: { displayName: 'CDC Engine Settings (JSON)', name: 'cdcEngineSettings', type: 'json', default: '{}', description: 'Settings such as Name and Schema for the CDC engine' },
	},
	{ apiName: 'labels', on: both, property: str('Labels', 'labels', 'Job labels, separated by commas', 'nightly, finance') },
	{ apiName: 'pipeline_id', on: both, property: str('Pipeline ID', 'pipelineId', 'ID of the pipeline the job is used in') },
	{
		apiName: 'queries',
		on: ['create'],
		property: {
			displayName: 'Queries',
			name: 'queries',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Query' },
			default: [],
			placeholder: 'REPLICATE [Accounts]',
			description: 'The queries of the job; each becomes a task',
		},
	},
];

/** The collection options of one operation, sorted as n8n lists them. */
export function jobFieldOptions(operation: JobOperation): INodeProperties[] {
	return JOB_FIELDS.filter((f) => f.on.includes(operation))
		.map((f) => f.property)
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Turns the collection's values into the request body, checking formats first (errors name the field). */
export function jobBody(ctx: IExecuteFunctions, itemIndex: number, values: IDataObject, operation: JobOperation, collectionLabel: string): IDataObject {
	const body: IDataObject = {};
	const fail = (label: string, why: string) =>
		new NodeOperationError(ctx.getNode(), `${collectionLabel} > ${label}: ${why}`, { itemIndex, description: `Fix the "${label}" field.` });
	for (const f of JOB_FIELDS) {
		if (!f.on.includes(operation)) continue;
		const value = values[f.property.name];
		if (value === undefined) continue;
		const label = f.property.displayName;
		let out: unknown = value;
		if (f.property.name === 'replicateStartDate') {
			const text = String(value).trim();
			// The day must exist in its month (Date.parse takes 2024-02-31 for March 2).
			if (!isDateOnly(text)) throw fail(label, `"${text}" is not a date in the form yyyy-MM-dd`);
			out = text;
		} else if (f.property.name === 'labels') {
			out = String(value)
				.split(',')
				.map((l) => l.trim())
				.filter((l) => l !== '');
		} else if (f.property.name === 'queries') {
			out = (Array.isArray(value) ? value : [value]).map((q) => String(q).trim()).filter((q) => q !== '');
		} else if (f.property.name === 'cdcEngineSettings') {
			let parsed: unknown = value;
			if (typeof value === 'string') {
				try {
					parsed = JSON.parse(value || '{}');
				} catch {
					throw fail(label, 'is not valid JSON');
				}
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail(label, 'must be a JSON object');
			if (Object.keys(parsed).length === 0) continue;
			out = parsed;
		} else if (f.property.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
			throw fail(label, 'must be a number of 0 or more');
		}
		if (f.apiName.startsWith('schedule.')) {
			const schedule = (body.schedule as IDataObject | undefined) ?? {};
			schedule[f.apiName.slice('schedule.'.length)] = out as string | boolean;
			body.schedule = schedule;
		} else {
			body[f.apiName] = out as IDataObject[keyof IDataObject];
		}
	}
	const schedule = body.schedule as IDataObject | undefined;
	if (schedule && schedule.cron !== undefined && schedule.enabled === undefined) schedule.enabled = String(schedule.cron).trim() !== '';
	return body;
}

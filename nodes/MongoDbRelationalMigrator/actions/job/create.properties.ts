import type { INodeProperties } from 'n8n-workflow';

import { ifAlreadyRunningProperty, startRunProperties } from '../../../shared/jobRunDescription';
import { WAIT_GOALS } from '../../outcome';
import { connectionProperties, show } from './create.connections';

/** The parameters of Job > Create (the project and the job's two sides are in create.connections.ts). */

// The first of startRunProperties is the If the Job Is Already Running choice, placed below with the job's fields.
const waitProperties = startRunProperties(show).slice(1);

export const description: INodeProperties[] = [
	...connectionProperties,
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'SNAPSHOT',
		options: [
			{ name: 'Snapshot', value: 'SNAPSHOT', description: 'Copy the data once; the job completes by itself' },
			{ name: 'Snapshot Then CDC', value: 'CDC', description: 'Servers before June 2026 only: copy the data, then stream changes until the job is stopped' },
			{ name: 'CDC Only', value: 'CDC_ONLY', description: 'Servers before June 2026 only: stream changes only, until the job is stopped' },
		],
		description: 'Relational Migrator runs snapshot jobs only since its June 2026 release; the CDC modes need an older server',
		displayOptions: { show },
	},
	{
		displayName:
			'CDC needs a Relational Migrator server from before its June 2026 release: newer servers run snapshot migration jobs only and refuse this mode',
		name: 'cdcNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, mode: ['CDC', 'CDC_ONLY'] } },
	},
	ifAlreadyRunningProperty(show),
	{
		displayName: 'Options',
		name: 'jobOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Drop Collections',
				name: 'dropCollections',
				type: 'boolean',
				default: false,
				description: 'Whether to drop the destination collections before migrating',
			},
			{
				displayName: 'Error Handling',
				name: 'errorHandling',
				type: 'options',
				default: 'FAIL',
				options: [
					{ name: 'Fail', value: 'FAIL', description: 'Stop the job on record errors beyond the tolerance' },
					{ name: 'Warn', value: 'WARN', description: 'Log record errors as warnings and go on' },
					{ name: 'Skip', value: 'SKIP', description: 'Skip records that fail' },
				],
			},
			{
				displayName: 'Error Tolerance',
				name: 'errorTolerance',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Record-level failures tolerated before the job ends',
			},
			{
				displayName: 'Verify Migration',
				name: 'verification',
				type: 'boolean',
				default: false,
				description: 'Whether to run Relational Migrator\'s data verification after the snapshot',
			},
		],
	},
	{
		displayName: 'Table Filters',
		name: 'tableFilters',
		type: 'fixedCollection',
		placeholder: 'Add Table Filter',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Rows to migrate per source table (a WHERE clause and an optional row count)',
		displayOptions: { show },
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{ displayName: 'Schema', name: 'schema', type: 'string', default: '', placeholder: 'public' },
					{ displayName: 'Table', name: 'table', type: 'string', default: '', placeholder: 'orders' },
					{ displayName: 'WHERE Clause', name: 'whereClause', type: 'string', default: '', placeholder: "region = 'EU' AND total > 100" },
					{
						displayName: 'Row Count',
						name: 'rowCount',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Most rows to read from the table; 0 for no limit',
					},
				],
			},
		],
	},
	waitProperties[0],
	{
		displayName: 'Wait Until',
		name: 'waitGoal',
		type: 'options',
		default: 'snapshotCompleted',
		options: WAIT_GOALS,
		description: 'A CDC job runs until it is stopped, so the wait ends at the goal picked here (or when the job ends)',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
	waitProperties[1],
];


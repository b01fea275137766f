import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunWaitOptions } from '../../../shared/jobRunDescription';
import { importJobIdField } from '../fields';
import { flag, requiredId } from '../../../shared/parameters';
import { importRunControl, importStartProperties, readImportPolicy } from './run';

const show = { resource: ['import'], operation: ['startImport'] };

const RESOLUTION_OPTIONS = [
	{ name: 'Overwrite', value: 'OVERWRITE', description: 'Replace the existing object with the one in the package' },
	{ name: 'Reuse', value: 'REUSE', description: 'Keep the existing object; create it when it does not exist' },
];

export const description: INodeProperties[] = [
	importJobIdField(['startImport']),
	{
		displayName: 'Default Conflict Resolution',
		name: 'defaultConflictResolution',
		type: 'options',
		default: '',
		options: [{ name: 'Informatica Default (Assets Overwrite, Others Reuse)', value: '' }, ...RESOLUTION_OPTIONS],
		description: 'What to do when an object of the package already exists in this organization',
		displayOptions: { show },
	},
	{
		displayName: 'Objects to Include',
		name: 'includeObjects',
		type: 'string',
		default: '',
		placeholder: 'e.g. jJGyAmd8Q8odiyvToQhhAQ, kDjmdtmJlkvfnAlWYaSe2S',
		description: 'Comma-separated IDs (in the export package) of the objects to import. Leave empty to import everything in the package.',
		displayOptions: { show },
	},
	{
		displayName: 'Object Specifications',
		name: 'objectSpecifications',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Object Specification',
		description: 'Per-object settings; objects without one use the default conflict resolution',
		displayOptions: { show },
		options: [
			{
				displayName: 'Object',
				name: 'object',
				values: [
					{
						displayName: 'Conflict Resolution',
						name: 'conflictResolution',
						type: 'options',
						default: '',
						options: [{ name: 'Default', value: '' }, ...RESOLUTION_OPTIONS],
						description: 'For assets only; not for projects, folders, runtime environments or connections',
					},
					{
						displayName: 'Include Container Tags',
						name: 'includeContainerTags',
						type: 'boolean',
						default: false,
						description: 'Whether to merge the asset\'s tags with the tags of the target project',
					},
					{
						displayName: 'Persisted Values for a New Asset',
						name: 'mappingConflictNew',
						type: 'options',
						default: '',
						description: 'Shared sequences and mapping tasks with in-out parameters:	which values a new asset starts with',
						options: [
							{
								name: 'Not Set',
								value: '',
							},
							{
								name: 'Reset to Initial Values',
								value: 'RESET',
							},
							{
								name: 'Retain Values From the Source',
								value: 'RETAIN',
							},
					]
					},
					{
						displayName: 'Persisted Values for an Existing Asset',
						name: 'mappingConflictExisting',
						type: 'options',
						default: '',
						description: 'Shared sequences and mapping tasks with in-out parameters: what happens to the values already in the target',
						options: [
							{
								name: 'Not Set',
								value: '',
							},
							{
								name: 'Replace With Values From the Source',
								value: 'REPLACE',
							},
							{
								name: 'Reset to Initial Values',
								value: 'RESET',
							},
							{
								name: 'Retain Target Values',
								value: 'RETAIN',
							},
					]
					},
					{
						displayName: 'Source Object ID',
						name: 'sourceObjectId',
						type: 'string',
						default: '',
						required: true,
						description: 'The object\'s ID in the export package',
					},
					{
						displayName: 'Target Object ID',
						name: 'targetObjectId',
						type: 'string',
						default: '',
						description: 'A connection or runtime environment of this organization to use instead (same connector type and version)',
					},
			],
			},
		],
	},
	{
		displayName: 'Import Job Name',
		name: 'importName',
		type: 'string',
		default: '',
		description: 'Name of the import job. Informatica names it job-&lt;milliseconds&gt; when empty.',
		displayOptions: { show },
	},
	...importStartProperties(show, { pollIntervalSeconds: 10, timeoutSeconds: 3600 }),
	{
		displayName: 'Include Objects and Log on Failure',
		name: 'includeFailureDetails',
		type: 'boolean',
		default: true,
		description: 'Whether to read the per-object states and the import log of a failed import and put them in the output',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
];

interface ObjectSpecificationInput {
	sourceObjectId?: string;
	conflictResolution?: string;
	targetObjectId?: string;
	includeContainerTags?: boolean;
	mappingConflictNew?: string;
	mappingConflictExisting?: string;
}

/** The import specification body from the node's parameters; bad input fails before any request. */
export function importSpecification(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const spec: IDataObject = {};
	const defaultResolution = String(ctx.getNodeParameter('defaultConflictResolution', itemIndex, '') ?? '');
	if (defaultResolution) spec.defaultConflictResolution = defaultResolution;
	const include = String(ctx.getNodeParameter('includeObjects', itemIndex, '') ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (include.length > 1000) {
		throw new NodeOperationError(ctx.getNode(), '"Objects to Include" lists more than 1000 objects', {
			itemIndex,
			description: 'Informatica recommends at most 1000 objects per import job: split the import.',
		});
	}
	if (include.length) spec.includeObjects = include;
	const rows = ((ctx.getNodeParameter('objectSpecifications', itemIndex, {}) as IDataObject).object ?? []) as ObjectSpecificationInput[];
	const objectSpecification: IDataObject[] = rows.map((row, index) => {
		const sourceObjectId = String(row.sourceObjectId ?? '').trim();
		if (!sourceObjectId) {
			throw new NodeOperationError(ctx.getNode(), `"Source Object ID" of object specification ${index + 1} is required`, { itemIndex });
		}
		const entry: IDataObject = { sourceObjectId };
		if (row.conflictResolution) entry.conflictResolution = row.conflictResolution;
		if (row.targetObjectId?.trim()) entry.targetObjectId = row.targetObjectId.trim();
		if (row.includeContainerTags) entry.includeContainerTags = true;
		const flags: IDataObject[] = [];
		if (row.mappingConflictNew) flags.push({ key: 'mapping_conflict_new', value: row.mappingConflictNew });
		if (row.mappingConflictExisting) flags.push({ key: 'mapping_conflict_existing', value: row.mappingConflictExisting });
		if (flags.length) entry.additionalProviderFlags = flags;
		return entry;
	});
	if (objectSpecification.length) spec.objectSpecification = objectSpecification;
	return spec;
}

/**
 * POST import/{id}: starts the import of an uploaded package (or follows it when it was already started), optionally
 * waiting for it to end.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'importJobId', 'Import Job ID');
	const policy = readImportPolicy(this, itemIndex);
	const spec = importSpecification(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const body: IDataObject = {};
	const importName = String(this.getNodeParameter('importName', itemIndex, '') ?? '').trim();
	if (importName) body.name = importName;
	if (Object.keys(spec).length) body.importSpecification = spec;
	const includeFailureDetails = flag(this, itemIndex, 'includeFailureDetails', true);
	const control = importRunControl(this, itemIndex, { id, body, policy, includeFailureDetails });
	// The import API has no stop call: nothing is stopped on cancel, and a timed-out import is left running.
	const result = await startOrAttach(
		control,
		{ ...policy, stopOnCancel: false, stopAttachedRun: false },
		wait && { ...wait, cancelOnTimeout: false },
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const answer = result.answer ?? control.latest();
	if (!wait && !result.attached) return { ...answer, outcome: result.run.status, rawStatus: result.run.rawStatus, attached: false, startedByThisItem: true };
	return { ...answer, ...jobRunToJson(result) };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunWaitOptions } from '../../../shared/jobRunDescription';
import { exportRunControl, exportStartProperties } from './run';
import { flag } from '../../../shared/parameters';

const show = { resource: ['export'], operation: ['startExport'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Objects',
		name: 'objects',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		required: true,
		default: {},
		placeholder: 'Add Object',
		description: 'The objects to export (projects, folders or assets), by their v3 ID: Object > Look Up gives it',
		displayOptions: { show },
		options: [
			{
				displayName: 'Object',
				name: 'object',
				values: [
					{
						displayName: 'Object ID',
						name: 'id',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. jJGyAmd8Q8odiyvToQhhAQ',
						description: 'The object\'s v3 ID (the ID that Object > Look Up returns)',
					},
					{
						displayName: 'Include Dependencies',
						name: 'includeDependencies',
						type: 'boolean',
						default: true,
						description: 'Whether to export what the object needs too (connections, runtime environments, mappings)',
					},
				],
			},
		],
	},
	{
		displayName: 'Export Job Name',
		name: 'exportName',
		type: 'string',
		default: '',
		description: 'Name of the export job (and of the package). Informatica names it job-&lt;milliseconds&gt; when empty.',
		displayOptions: { show },
	},
	...exportStartProperties(show, { pollIntervalSeconds: 10, timeoutSeconds: 3600 }),
	{
		displayName: 'Include Objects and Log on Failure',
		name: 'includeFailureDetails',
		type: 'boolean',
		default: true,
		description: 'Whether to read the per-object states and the export log of a failed export and put them in the output',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
];

/** The export body's objects from the node's parameters; bad input fails before any request. */
export function exportObjects(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const rows = ((ctx.getNodeParameter('objects', itemIndex, {}) as IDataObject).object ?? []) as Array<{ id?: string; includeDependencies?: boolean }>;
	if (rows.length === 0) {
		throw new NodeOperationError(ctx.getNode(), '"Objects" needs at least one object to export', {
			itemIndex,
			description: 'Add the v3 ID of a project, folder or asset (Object > Look Up gives it).',
		});
	}
	if (rows.length > 1000) {
		throw new NodeOperationError(ctx.getNode(), '"Objects" lists more than 1000 objects', { itemIndex, description: 'Informatica recommends at most 1000 objects per job: split the export.' });
	}
	return rows.map((row, index) => {
		const id = String(row.id ?? '').trim();
		if (!id) throw new NodeOperationError(ctx.getNode(), `"Object ID" of object ${index + 1} is required`, { itemIndex });
		return { id, includeDependencies: row.includeDependencies !== false };
	});
}

/** POST export: starts an export job (a new one each time), optionally waiting for its package to be ready. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const objects = exportObjects(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const body: IDataObject = { objects };
	const exportName = String(this.getNodeParameter('exportName', itemIndex, '') ?? '').trim();
	if (exportName) body.name = exportName;
	const includeFailureDetails = flag(this, itemIndex, 'includeFailureDetails', true);
	const control = exportRunControl(this, itemIndex, { body, includeFailureDetails });
	// Each POST export is a new job: nothing to attach to, and no stop call for cancel or a timed-out wait.
	const result = await startOrAttach(
		control,
		{ ifAlreadyRunning: 'attach', stopOnCancel: false, stopAttachedRun: false },
		wait && { ...wait, cancelOnTimeout: false },
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const answer = result.answer ?? control.latest();
	if (!wait) return { ...answer, outcome: result.run.status, rawStatus: result.run.rawStatus };
	return { ...control.latest(), ...jobRunToJson(result) };
}

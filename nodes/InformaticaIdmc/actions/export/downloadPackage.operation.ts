import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requiredId } from '../../../shared/parameters';
import { exportOutcome } from '../../outcome';
import { exportJobIdField, readExport, readExportPackage } from './api';

const show = { resource: ['export'], operation: ['downloadPackage'] };

export const description: INodeProperties[] = [
	exportJobIdField(['downloadPackage']),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field for the package ZIP; Import > Upload Package reads the same field',
		displayOptions: { show },
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. sales_export.zip',
		description: 'Name of the ZIP file. Defaults to the export job\'s name plus .zip.',
		displayOptions: { show },
	},
];

export const concurrency = 2;

/** GET export/{id}/package: the export ZIP as n8n binary data, for Import > Upload Package (or a file node). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const id = requiredId(this, itemIndex, 'exportJobId', 'Export Job ID');
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
	if (!property) throw new NodeOperationError(this.getNode(), '"Put Output File in Field" is required', { itemIndex });
	// The package exists once the export succeeded: say so plainly rather than pass on the API's refusal.
	const job = await readExport(this, itemIndex, id, false);
	const outcome = exportOutcome(job);
	if (outcome.status !== 'succeeded') {
		throw new NodeOperationError(this.getNode(), `export job ${id} has no package to download: its state is ${outcome.rawStatus}`, {
			itemIndex,
			description: 'Download the package once the export is SUCCESSFUL: run Start Export with Wait for Completion, or Get Status with it, first.',
		});
	}
	const data = await readExportPackage(this, itemIndex, id);
	const name = String(job.name ?? '').trim() || `export-${id}`;
	const given = String(this.getNodeParameter('fileName', itemIndex, '') ?? '').trim();
	const fileName = given || (name.toLowerCase().endsWith('.zip') ? name : `${name}.zip`);
	const binary = await this.helpers.prepareBinaryData(data, fileName, 'application/zip');
	return { json: { exportJobId: id, name: job.name ?? null, fileName, fileSize: data.length, outcome: outcome.status, rawStatus: outcome.rawStatus }, binary: { [property]: binary } };
}

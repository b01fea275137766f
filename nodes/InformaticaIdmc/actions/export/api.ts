/** The v3 export calls the export operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pathSegment } from '../../../shared/parameters';
import { informaticaRequest } from '../../transport';

/** The "Export Job ID" field of the export operations that read a job. */
export function exportJobIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Export Job ID',
		name: 'exportJobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7evG9CzAexEjZwxV0Bqfbs',
		description: 'The export job ID, as returned by Start Export (its ID field)',
		displayOptions: { show: { resource: ['export'], operation: operations } },
	};
}

/** GET export/{id}, with per-object states when asked. */
export async function readExport(ctx: IExecuteFunctions, itemIndex: number, id: string, withObjects: boolean): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/export/${pathSegment(id)}`,
			qs: withObjects ? { expand: 'objects' } : undefined,
			action: `reading export job ${id}`,
		},
		{ itemIndex },
	);
}

/** GET export/{id}/log: plain text. */
export async function readExportLog(ctx: IExecuteFunctions, itemIndex: number, id: string): Promise<string> {
	return await informaticaRequest<string>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/export/${pathSegment(id)}/log`,
			responseKind: 'text',
			allowEmptyBody: true,
			headers: { Accept: 'text/plain, application/json, */*' },
			action: `reading the log of export job ${id}`,
		},
		{ itemIndex },
	);
}

/** GET export/{id}/package: the export ZIP, as bytes. */
export async function readExportPackage(ctx: IExecuteFunctions, itemIndex: number, id: string): Promise<Buffer> {
	return await informaticaRequest<Buffer>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/export/${pathSegment(id)}/package`,
			responseKind: 'binary',
			headers: { Accept: 'application/zip, application/octet-stream, */*' },
			timeoutMs: 300_000,
			action: `downloading the package of export job ${id}`,
		},
		{ itemIndex },
	);
}

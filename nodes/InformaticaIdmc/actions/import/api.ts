/** The v3 import calls the import operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { informaticaRequest } from '../../transport';

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

export function requiredImportJobId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('importJobId', itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), '"Import Job ID" is required', { itemIndex, description: 'Set it to the jobId of an uploaded package.' });
	}
	if (/[/?#]/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), '"Import Job ID" must not contain "/", "?" or "#"', { itemIndex, description: `Got "${value}".` });
	}
	return value;
}

/** GET import/{id}, with per-object states when asked. */
export async function readImport(ctx: IExecuteFunctions, itemIndex: number, id: string, withObjects: boolean): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/import/${encodeURIComponent(id)}`,
			qs: withObjects ? { expand: 'objects' } : undefined,
			action: `reading import job ${id}`,
		},
		{ itemIndex },
	);
}

/** GET import/{id}/log: plain text. */
export async function readImportLog(ctx: IExecuteFunctions, itemIndex: number, id: string): Promise<string> {
	return await informaticaRequest<string>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/import/${encodeURIComponent(id)}/log`,
			responseKind: 'text',
			allowEmptyBody: true,
			headers: { Accept: 'text/plain, application/json, */*' },
			action: `reading the log of import job ${id}`,
		},
		{ itemIndex },
	);
}

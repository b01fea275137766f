/** The v3 import calls the import operations share. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../../shared/parameters';
import { informaticaRequest } from '../../transport';

/** GET import/{id}, with per-object states when asked. */
export async function readImport(ctx: IExecuteFunctions, itemIndex: number, id: string, withObjects: boolean): Promise<IDataObject> {
	return await informaticaRequest<IDataObject>(
		ctx,
		{
			family: 'v3',
			method: 'GET',
			path: `/import/${pathSegment(id)}`,
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
			path: `/import/${pathSegment(id)}/log`,
			responseKind: 'text',
			allowEmptyBody: true,
			headers: { Accept: 'text/plain, application/json, */*' },
			action: `reading the log of import job ${id}`,
		},
		{ itemIndex },
	);
}

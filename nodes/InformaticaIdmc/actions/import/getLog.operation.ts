import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { importJobIdField, readImportLog, requiredImportJobId } from './api';

export const description: INodeProperties[] = [importJobIdField(['getLog'])];

export const concurrency = 2;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredImportJobId(this, itemIndex);
	return { importJobId: id, log: await readImportLog(this, itemIndex, id) };
}

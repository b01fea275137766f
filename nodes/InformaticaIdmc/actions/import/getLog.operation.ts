import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readImportLog } from './api';
import { importJobIdField } from '../fields';
import { requiredId } from '../../../shared/parameters';

export const description: INodeProperties[] = [importJobIdField(['getLog'])];

export const concurrency = 2;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'importJobId', 'Import Job ID');
	return { importJobId: id, log: await readImportLog(this, itemIndex, id) };
}

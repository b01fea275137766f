import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredId } from '../../../shared/parameters';
import { exportJobIdField, readExportLog } from './api';

export const description: INodeProperties[] = [exportJobIdField(['getLog'])];

export const concurrency = 2;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'exportJobId', 'Export Job ID');
	return { exportJobId: id, log: await readExportLog(this, itemIndex, id) };
}

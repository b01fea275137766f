import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { jobAction, readJobId } from './api';
import { jobIdField } from '../fields';

export const description: INodeProperties[] = [jobIdField(['stop'])];

/** Asynchronous: the job is "accepted to stop"; Get Status shows when it has stopped. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	return { jobId, ...(await jobAction(this, itemIndex, 'stop', jobId)) };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredId } from './api';
import { jobIdField } from './jobIdField';
import { jobWaitProperties, startOrResumeJob } from './startAndWait';

const show = { resource: ['databaseIngestionJob'], operation: ['start'] };

export const description: INodeProperties[] = [jobIdField(['start']), ...jobWaitProperties(show)];

/** The job must be deployed and not running (409 otherwise); the start is asynchronous. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, 'jobId', 'Job ID', itemIndex);
	return await startOrResumeJob(this, itemIndex, 'start', jobId);
}

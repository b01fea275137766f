import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readJobId } from './api';
import { jobIdField, jobRunProperties } from '../fields';
import { startOrResumeJob } from './wait';


const show = { resource: ['databaseIngestionJob'], operation: ['start'] };

export const description: INodeProperties[] = [jobIdField(['start']), ...jobRunProperties(show)];

/** The job must be deployed and not running (409 otherwise); the start is asynchronous. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	return await startOrResumeJob(this, itemIndex, 'start', jobId);
}

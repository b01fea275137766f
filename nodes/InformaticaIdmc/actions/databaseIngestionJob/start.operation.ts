import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jobIdField, jobWaitProperties } from '../fields';
import { startOrResumeJob } from './wait';
import { requiredId } from '../../../shared/parameters';


const show = { resource: ['databaseIngestionJob'], operation: ['start'] };

export const description: INodeProperties[] = [jobIdField(['start']), ...jobWaitProperties(show)];

/** The job must be deployed and not running (409 otherwise); the start is asynchronous. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID');
	return await startOrResumeJob(this, itemIndex, 'start', jobId);
}

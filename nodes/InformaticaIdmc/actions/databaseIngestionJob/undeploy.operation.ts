import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { jobAction, readJobId } from './api';
import { jobIdField } from '../fields';

export const description: INodeProperties[] = [jobIdField(['undeploy'])];

/** The job must not be running (Aborted, Completed, Deployed, Failed or Stopped); the undeploy itself is asynchronous. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	return { jobId, ...(await jobAction(this, itemIndex, 'undeploy', jobId)) };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readJobId } from './api';

import { informaticaRequest } from '../../transport';
import { jobIdField } from '../fields';

export const description: INodeProperties[] = [jobIdField(['getLog'])];

/** The answer names a file on the agent's machine (logPath), not the log text; errorMessage says why there is none. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	const answer = await informaticaRequest<IDataObject>(
		this,
		{ family: 'databaseIngestion', method: 'GET', path: `/job/${encodeURIComponent(jobId)}/log`, action: `getting the log of job ${jobId}` },
		{ itemIndex },
	);
	return { jobId, ...answer, hasLog: Boolean(answer.logPath) };
}

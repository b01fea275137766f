import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { databaseIngestionOutcome } from '../../outcome';
import { readJobStatus } from './api';
import { jobIdField } from '../fields';
import { requiredId } from '../../../shared/parameters';

export const description: INodeProperties[] = [jobIdField(['getStatus'])];

/** A read: items run ten at a time (the credential shares one renewal when the session expires mid-run). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID');
	const answer = await readJobStatus(this, itemIndex, jobId);
	const outcome = databaseIngestionOutcome(answer);
	return { ...answer, outcome: outcome.status };
}

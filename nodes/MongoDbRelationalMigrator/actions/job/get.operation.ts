import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredId } from '../../../shared/parameters';
import { jobToJson } from '../../outcome';
import { MIGRATOR_ID, jobIdProperty } from '../fields';
import { readJob } from './api';

const show = { resource: ['job'], operation: ['get'] };

export const description: INodeProperties[] = [jobIdProperty(show)];

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID', MIGRATOR_ID);
	return jobToJson(await readJob(this, itemIndex, jobId));
}

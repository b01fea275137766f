import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredId } from '../../../shared/parameters';
import { jobToJson } from '../../outcome';
import { MIGRATOR_ID, jobIdProperty } from '../fields';
import { stopJob } from './api';

const show = { resource: ['job'], operation: ['stop'] };

export const description: INodeProperties[] = [jobIdProperty(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID', MIGRATOR_ID);
	return jobToJson(await stopJob(this, itemIndex, jobId));
}

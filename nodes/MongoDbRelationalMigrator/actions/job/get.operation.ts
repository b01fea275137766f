import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MigratorJob } from '../../outcome';
import { jobToJson } from '../../outcome';
import { migratorRequest, segment } from '../../transport';
import { jobIdProperty, readId } from '../fields';

const show = { resource: ['job'], operation: ['get'] };

export const description: INodeProperties[] = [jobIdProperty(show)];

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = readId(this, itemIndex, 'jobId', 'Job ID');
	const job = await migratorRequest<MigratorJob>(this, { method: 'GET', url: `/jobs/${segment(jobId)}`, action: `reading job ${jobId}` }, { itemIndex });
	return jobToJson(job);
}

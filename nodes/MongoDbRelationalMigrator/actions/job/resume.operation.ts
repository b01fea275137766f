import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MigratorJob } from '../../outcome';
import { jobToJson } from '../../outcome';
import { migratorRequest, segment } from '../../transport';
import { jobIdProperty, readId } from '../fields';

const show = { resource: ['job'], operation: ['resume'] };

export const description: INodeProperties[] = [jobIdProperty(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = readId(this, itemIndex, 'jobId', 'Job ID');
	const job = await migratorRequest<MigratorJob>(
		this,
		{ method: 'POST', url: `/jobs/${segment(jobId)}/resume`, idempotent: false, action: `resuming job ${jobId}` },
		{ itemIndex },
	);
	return jobToJson(job);
}

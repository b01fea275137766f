import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MigratorJob } from '../../outcome';
import { jobToJson } from '../../outcome';
import { migratorRequest } from '../../transport';
import { MIGRATOR_ID, jobIdProperty } from '../fields';
import { requiredId, pathSegment } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['pause'] };

export const description: INodeProperties[] = [jobIdProperty(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID', MIGRATOR_ID);
	const job = await migratorRequest<MigratorJob>(
		this,
		{ method: 'POST', url: `/jobs/${pathSegment(jobId)}/pause`, idempotent: false, action: `pausing job ${jobId}` },
		{ itemIndex },
	);
	return jobToJson(job);
}

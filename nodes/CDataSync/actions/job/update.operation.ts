import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cdataSyncRequest } from '../../transport';
import { jobLocator } from '../fields';
import { explainRunningRefusal } from '../../outcome';
import { readJobStatus } from './api';
import { jobBody, jobFieldOptions } from './fields';
import { pathSegment, requiredId } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['update'] };

export const description: INodeProperties[] = [
	jobLocator(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: jobFieldOptions('update'),
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'job', 'Job');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = jobBody(this, itemIndex, fields, 'update', 'Update Fields');
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'No fields to update', { itemIndex, description: 'Add at least one field under "Update Fields".' });
	}
	try {
		// The reference (see docs/vendor-apis.md, CData Sync job management) writes "PUT /api.rsc/v2/jobs{job_id}"; every other job path has the slash, so this one does too.
		return await cdataSyncRequest<IDataObject>(this, { method: 'PUT', path: `/jobs/${pathSegment(jobId)}`, body, idempotent: true, action: `updating job ${jobId}` }, { itemIndex });
	} catch (error) {
		return await explainRunningRefusal(error, jobId, 'updated', async () => await readJobStatus(this, itemIndex, jobId, 0));
	}
}

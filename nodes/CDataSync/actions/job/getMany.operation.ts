import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asList, cdataSyncRequest } from '../../transport';
import { workspaceLocator } from '../fields';
import { applyLimit, pathSegment, requiredId, returnAllProperties } from '../../../shared/parameters';

const show = { resource: ['job'], operation: ['getMany'] };

export const description: INodeProperties[] = [workspaceLocator(show), ...returnAllProperties(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const workspaceId = requiredId(this, itemIndex, 'workspace', 'Workspace');
	const body = await cdataSyncRequest<unknown>(this, { method: 'GET', path: `/workspaces/${pathSegment(workspaceId)}/jobs`, action: `listing the jobs of workspace ${workspaceId}` }, { itemIndex });
	return applyLimit(this, itemIndex, asList(body));
}

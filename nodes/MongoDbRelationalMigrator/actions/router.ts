import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResourceOperations } from '../../shared/operations';
import { routeItems } from '../../shared/operations';
import * as job from './job';
import * as project from './project';

const RESOURCES: Record<string, ResourceOperations> = {
	[job.resource.value as string]: job.operations,
	[project.resource.value as string]: project.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, RESOURCES);
}

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResourceModule } from '../../shared/operations';
import { routeItems } from '../../shared/operations';
import * as job from './job';
import * as task from './task';

/** The node's one resource list, in the Resource dropdown's order: it gives the dropdown, the parameters and the router. */
export const resources: readonly ResourceModule[] = [job, task];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, resources);
}

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResourceModule } from '../../shared/operations';
import { routeItems } from '../../shared/operations';
import * as dataIntegrationJob from './dataIntegrationJob';
import * as databaseIngestionJob from './databaseIngestionJob';
import * as databaseIngestionTask from './databaseIngestionTask';
import * as exportResource from './export';
import * as importResource from './import';
import * as object from './object';
import * as taskflow from './taskflow';

/** The node's one resource list, in the Resource dropdown's order: it gives the dropdown, the parameters and the router. */
export const resources: readonly ResourceModule[] = [databaseIngestionTask, databaseIngestionJob, dataIntegrationJob, taskflow, exportResource, importResource, object];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, resources);
}

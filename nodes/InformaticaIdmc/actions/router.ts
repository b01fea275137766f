import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResourceOperations } from '../../shared/operations';
import { routeItems } from '../../shared/operations';
// ── Resources, step 2 of 2: import the resource's actions/<resource>/index.ts here… ──
import * as databaseIngestionJob from './databaseIngestionJob';
import * as databaseIngestionTask from './databaseIngestionTask';
import * as dataIntegrationJob from './dataIntegrationJob';
import * as importResource from './import';
import * as object from './object';

/** …and add it here, keyed by its `resource.value` (step 1 of 2 is RESOURCES in InformaticaIdmc.node.ts). */
const RESOURCES: Record<string, ResourceOperations> = {
	[databaseIngestionTask.resource.value as string]: databaseIngestionTask.operations,
	[databaseIngestionJob.resource.value as string]: databaseIngestionJob.operations,
	[dataIntegrationJob.resource.value as string]: dataIntegrationJob.operations,
	[importResource.resource.value as string]: importResource.operations,
	[object.resource.value as string]: object.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, RESOURCES);
}

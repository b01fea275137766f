import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationResult } from './items';
import { runForEachItem } from './items';
import { validateParameters } from './validateParameters';

/** One operation file: its parameters and what it does for one item. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
	/** Items of this operation may run this many at a time (status reads); starts stay at 1. */
	concurrency?: number;
}

/** A resource's index.ts: its entry in the Resource dropdown and its parameters (Operation dropdown included). */
export interface ResourceModule {
	resource: INodePropertyOptions;
	description: INodeProperties[];
}

/** A resource's operations, keyed by the Operation dropdown's values. */
export type ResourceOperations = Record<string, OperationModule>;

/**
 * Dispatches a node run to the chosen resource's operation and hands it the item loop.
 * Every vendor's router calls this with its own resource map.
 */
export async function routeItems(
	ctx: IExecuteFunctions,
	resources: Record<string, ResourceOperations>,
): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	const items = await runForEachItem(
		ctx,
		async function (itemIndex) {
			validateParameters(this, itemIndex, module.description);
			return await module.execute.call(this, itemIndex);
		},
		{ concurrency: module.concurrency ?? 1 },
	);
	return [items];
}

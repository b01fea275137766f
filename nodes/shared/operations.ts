import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemLoopOptions, OperationResult } from './items';
import { runForEachItem } from './items';
import { validateParameters } from './validateParameters';
import { offersWaitBound, readWaitBound } from './waitDescription';

/** One operation file: its parameters and what it does for one item. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
	/**
	 * Items of this operation may run this many at a time (status reads). Without it the operation starts something:
	 * its items start one at a time in input order, and when they wait, wait together ("Waits at Once").
	 */
	concurrency?: number;
}

/** A resource's operations, keyed by the Operation dropdown's values. */
export type ResourceOperations = Record<string, OperationModule>;

/** A resource's index.ts: its entry in the Resource dropdown, its operations and its parameters (Operation dropdown included). */
export interface ResourceModule {
	resource: INodePropertyOptions;
	operations: ResourceOperations;
	description: INodeProperties[];
}

/** The Operation dropdown, its options typed by the operations object's keys. */
export type OperationDropdown<Op extends string> = Omit<INodeProperties, 'default' | 'options'> & { default: Op; options: Array<INodePropertyOptions & { value: Op }> };

/**
 * A resource's parameters: its Operation dropdown, then each operation's own. The dropdown's values must be keys of
 * `operations` (a value without an operation file does not compile), and every operation must be in the dropdown.
 */
export function resourceDescription<Op extends string>(operations: Record<Op, OperationModule>, dropdown: OperationDropdown<NoInfer<Op>>): INodeProperties[] {
	const listed = new Set(dropdown.options.map((o) => o.value));
	const missing = Object.keys(operations).filter((key) => !listed.has(key as Op));
	if (missing.length) throw new Error(`Operation dropdown misses ${missing.join(', ')}`);
	return [dropdown, ...Object.values<OperationModule>(operations).flatMap((o) => o.description)];
}

/** The Resource dropdown's options, in the node's resource list order. */
export function resourceOptions(resources: readonly ResourceModule[]): INodePropertyOptions[] {
	return resources.map((r) => r.resource);
}

/**
 * The canvas subtitle: the operation's and resource's display names ("Run Task: Database Ingestion Task"), looked up
 * by resource and operation. n8n's own fallback reads only the first Operation dropdown, which is wrong for every
 * other resource; the raw values show only for a value no dropdown lists.
 */
export function subtitleExpression(resources: readonly ResourceModule[]): string {
	const names: Record<string, string> = {};
	for (const r of resources) {
		const dropdown = r.description.find((p) => p.name === 'operation' && p.type === 'options');
		for (const option of (dropdown?.options ?? []) as INodePropertyOptions[]) {
			names[`${String(r.resource.value)}:${String(option.value)}`] = `${option.name}: ${r.resource.name}`;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] || ($parameter["operation"] + ": " + $parameter["resource"]) }}`;
}

/** Every resource's parameters, in the node's resource list order. */
export function resourceProperties(resources: readonly ResourceModule[]): INodeProperties[] {
	return resources.flatMap((r) => r.description);
}

/**
 * How an operation's items run. A read runs `concurrency` at a time, or "Waits at Once" at a time when it waits for
 * a run started elsewhere (no start, so nothing to keep in order). A start runs its items one at a time, in input
 * order, unless they wait: then the starts still go one at a time in input order (the turnstile) and the waits run
 * together, "Waits at Once" at most.
 */
function loopOptions(ctx: IExecuteFunctions, module: OperationModule): ItemLoopOptions {
	const bound = offersWaitBound(module.description) ? readWaitBound(ctx) : undefined;
	if (module.concurrency !== undefined) return { concurrency: bound ?? module.concurrency };
	return { concurrency: bound ?? 1, ordered: true };
}

/**
 * Dispatches a node run to the chosen resource's operation and hands it the item loop.
 * Every vendor's router calls this with its node's resource list.
 */
export async function routeItems(ctx: IExecuteFunctions, resources: readonly ResourceModule[]): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const module = resources.find((r) => r.resource.value === resource)?.operations[operation];
	if (!module) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	const items = await runForEachItem(
		ctx,
		async function (itemIndex) {
			validateParameters(this, itemIndex, module.description);
			return await module.execute.call(this, itemIndex);
		},
		loopOptions(ctx, module),
	);
	return [items];
}

import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const MAX_ID_LENGTH = 1000;

export interface RequiredOptions {
	/** The value goes into a URL path: refuse "/", "?" and "#". */
	pathSafe?: boolean;
	/** Normalises the raw value (a number, a resource locator's value) before the checks. */
	normalise?: (raw: unknown) => string | undefined;
}

/**
 * A required text parameter (plain or resource locator), trimmed. Fails the item with a message naming the field,
 * before any request is sent.
 */
export function requiredParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	options: RequiredOptions = {},
): string {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
	const value = options.normalise ? (options.normalise(raw) ?? '') : raw === undefined || raw === null ? '' : String(raw).trim();
	if (value === '') {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is required`, { itemIndex, description: `Set the "${label}" parameter.` });
	}
	if (options.pathSafe && /[/?#]/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must not contain "/", "?" or "#"`, { itemIndex, description: `Got "${value}".` });
	}
	// An ID that goes into a URL is never this long; the server would refuse the request line anyway.
	if (options.pathSafe && value.length > MAX_ID_LENGTH) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is too long (${value.length} characters)`, { itemIndex, description: `IDs have at most ${MAX_ID_LENGTH} characters.` });
	}
	return value;
}

/** Return All + Limit for a list operation. */
export function returnAllProperties(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** How many results the user asked for: Infinity under Return All. */
export function requestedLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false)) return Infinity;
	return ctx.getNodeParameter('limit', itemIndex, 50) as number;
}

/** Applies Return All / Limit to a list the API returns whole. */
export function applyLimit<T>(ctx: IExecuteFunctions, itemIndex: number, list: T[]): T[] {
	const limit = requestedLimit(ctx, itemIndex);
	return limit === Infinity ? list : list.slice(0, limit);
}

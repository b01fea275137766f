import type { IDisplayOptions, IExecuteFunctions, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runContext } from './runContext';

const MAX_ID_LENGTH = 1000;

export interface TextOptions {
	/** Only for ids: the value must match this pattern, or the item fails with `description`. */
	pattern?: { regex: RegExp; description: string };
}

/** Per node run (its context): the parameters already resolved, by item, name and extraction. */
const resolved = new WeakMap<object, Map<string, unknown>>();

/** The node's parameters as set, once per node run (getNode() hands out a deep copy on every call). */
const asSet = new WeakMap<object, INodeParameters>();
export function parametersAsSet(ctx: IExecuteFunctions): INodeParameters {
	const run = runContext(ctx);
	let parameters = asSet.get(run);
	if (!parameters) {
		parameters = ctx.getNode().parameters;
		asSet.set(run, parameters);
	}
	return parameters;
}

/**
 * A top-level parameter set to a plain text, number or boolean (not an expression), or undefined. n8n would hand it
 * back unchanged: it resolves only expressions, extracts only from a locator's {mode, value}, and converts only
 * properties that declare `validateType`, which this package's properties do not (test/unit/shared/parameters.test.ts checks).
 */
function plainValue(ctx: IExecuteFunctions, name: string): string | number | boolean | undefined {
	if (name.includes('.')) return undefined;
	const parameters = parametersAsSet(ctx);
	if (!Object.prototype.hasOwnProperty.call(parameters, name)) return undefined;
	const value = parameters[name];
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	if (typeof value === 'string' && !value.startsWith('=')) return value;
	return undefined;
}

/** A resource locator's {mode, value} as n8n's extractValue hands it on (no mode here has an extractValue regex). */
function locatorValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' && 'mode' in value && 'value' in value ? (value as { value: unknown }).value : value;
}

/**
 * `getNodeParameter(name, itemIndex, fallback)` (with `extractValue` for a resource locator's value), resolved once per
 * item: n8n resolves an expression anew on every read, and the parameter checks (validateParameters.ts) and the
 * operation read the same parameters of the same item. A plain value as set is the same for every item and is taken
 * as set. An error (an expression that fails) is not kept.
 */
export function resolvedParameter(ctx: IExecuteFunctions, itemIndex: number, name: string, fallback: unknown, extractValue = false): unknown {
	const plain = plainValue(ctx, name);
	if (plain !== undefined) return plain;
	let values = resolved.get(runContext(ctx));
	if (!values) {
		values = new Map();
		resolved.set(runContext(ctx), values);
	}
	const key = `${itemIndex}\u0000${name}`;
	let value: unknown;
	if (values.has(key)) {
		value = values.get(key);
	} else {
		// n8n's schema check (skipped here) converts only for `validateType`, and its extraction of a locator's
		// {mode, value} is the value when no mode declares an `extractValue` regex: neither is declared in this package
		// (test/unit/shared/parameters.test.ts checks), so both are done here, without n8n's two searches of the node's
		// properties on every read.
		value = ctx.getNodeParameter(name, itemIndex, fallback as never, { skipValidation: true }) as unknown;
		values.set(key, value);
	}
	return extractValue ? locatorValue(value) : value;
}

/**
 * A parameter's value as trimmed text: a resource locator's value, a number's digits, '' when empty. An object or a
 * list (an expression that picked a whole item) fails naming the field: sent, it would read "[object Object]".
 */
function textValue(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label = parameter): string {
	const raw = resolvedParameter(ctx, itemIndex, parameter, '', true);
	const value = raw && typeof raw === 'object' && ('__rl' in raw || ('mode' in raw && 'value' in raw)) ? (raw as { value: unknown }).value : raw;
	if (value !== null && typeof value === 'object') {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is ${Array.isArray(value) ? 'a list' : 'an object'}, not a single value`, {
			itemIndex,
			description: 'An expression here must give text or a number; pick the field you mean, e.g. {{ $json.id }}.',
		});
	}
	return value === undefined || value === null ? '' : String(value).trim();
}

/** An optional text parameter, trimmed ('' when empty). */
export function optionalText(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label = parameter): string {
	return textValue(ctx, itemIndex, parameter, label);
}

/**
 * A required text parameter (plain or resource locator), trimmed. Fails the item with a message naming the field,
 * before any request is sent.
 */
export function requiredText(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): string {
	const value = textValue(ctx, itemIndex, parameter, label);
	if (value === '') {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is required`, { itemIndex, description: `Set the "${label}" parameter.` });
	}
	return value;
}

/** A required id that goes into a URL path: no "/", "?" or "#" (or the vendor's own pattern), and not absurdly long. */
export function requiredId(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string, options: TextOptions = {}): string {
	const value = requiredText(ctx, itemIndex, parameter, label);
	if (options.pattern) {
		if (!options.pattern.regex.test(value)) {
			throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not a valid ID`, { itemIndex, description: options.pattern.description });
		}
		return value;
	}
	if (/[/?#]/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must not contain "/", "?" or "#"`, { itemIndex, description: `Got "${value}".` });
	}
	// An ID that goes into a URL is never this long; the server would refuse the request line anyway.
	if (value.length > MAX_ID_LENGTH) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is too long (${value.length} characters)`, { itemIndex, description: `IDs have at most ${MAX_ID_LENGTH} characters.` });
	}
	return value;
}

/** A whole number of at least `min` (a parameter's value or a collection entry's), or a NodeOperationError naming it. */
export function wholeNumber(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string, min = 0): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < min) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number of at least ${min}`, { itemIndex, description: `Got ${JSON.stringify(value)}.` });
	}
	return n;
}

/** An id as one URL path segment: trimmed and encoded, never spliced in raw. */
export function pathSegment(id: string): string {
	return encodeURIComponent(id.trim());
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

/**
 * A yes/no value as given: a boolean, or the texts "true" / "false" (any case, around spaces) an expression gives.
 * Undefined for anything else (the parameter checks refuse it, naming the field), so a text "false" never counts as on.
 */
export function booleanValue(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** A yes/no parameter read as given: a text "false" from an expression is off (the parameter checks refuse other texts). */
export function flag(ctx: IExecuteFunctions, itemIndex: number, name: string, fallback: boolean): boolean {
	return booleanValue(ctx.getNodeParameter(name, itemIndex, fallback)) ?? fallback;
}

/** An optional value left empty by an expression (undefined, null, '', blanks): it takes the parameter's default. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** How many results the user asked for: Infinity under Return All. */
export function requestedLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	if (booleanValue(ctx.getNodeParameter('returnAll', itemIndex, false)) === true) return Infinity;
	return ctx.getNodeParameter('limit', itemIndex, 50) as number;
}

/** Applies Return All / Limit to a list the API returns whole. */
export function applyLimit<T>(ctx: IExecuteFunctions, itemIndex: number, list: T[]): T[] {
	const limit = requestedLimit(ctx, itemIndex);
	return limit === Infinity ? list : list.slice(0, limit);
}

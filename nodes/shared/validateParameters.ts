import type { IExecuteFunctions, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { booleanValue, isEmptyValue, parametersAsSet, resolvedParameter } from './parameters';

type Option = INodePropertyOptions | INodeProperties | INodePropertyCollection;

function isPrimitive(value: unknown): boolean {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A condition's value as the operation reads it: a text "true"/"false" where the condition names booleans is that boolean. */
function conditionValue(value: unknown, listed: unknown[]): unknown {
	return typeof value === 'string' && listed.some((v) => typeof v === 'boolean') ? booleanValue(value) ?? value : value;
}

/** Whether a property is shown for this item; conditions this check cannot read count as shown (defaults are valid). */
function isShown(property: INodeProperties, current: (key: string) => unknown): boolean {
	const { show, hide } = property.displayOptions ?? {};
	for (const [key, allowed] of Object.entries(show ?? {})) {
		if (key.startsWith('@') || !Array.isArray(allowed) || !allowed.every(isPrimitive)) continue;
		if (!allowed.includes(conditionValue(current(key), allowed) as never)) return false;
	}
	for (const [key, hidden] of Object.entries(hide ?? {})) {
		if (key.startsWith('@') || !Array.isArray(hidden) || !hidden.every(isPrimitive)) continue;
		if (hidden.includes(conditionValue(current(key), hidden) as never)) return false;
	}
	return true;
}

function fail(ctx: IExecuteFunctions, itemIndex: number, label: string, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), `"${label}" ${message}`, { itemIndex, description });
}

/** What an expression that yields an object or a list would be sent as: "[object Object]" or a joined list. */
function notScalar(value: unknown): string | undefined {
	if (Array.isArray(value)) return 'a list';
	if (value !== null && typeof value === 'object') return 'an object';
	return undefined;
}

function refuseObject(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): void {
	const kind = notScalar(value);
	if (!kind) return;
	let shown: string;
	try {
		shown = JSON.stringify(value).slice(0, 80);
	} catch {
		shown = String(value);
	}
	fail(ctx, itemIndex, label, `is ${kind}, not a single value`, `Got ${shown}. An expression here must give text or a number; pick the field you mean, e.g. {{ $json.id }}.`);
}

/**
 * A yes/no where an ID or a text goes (an expression that picked a flag, {{ $json.active }}) would be sent as the text
 * "true": refused like an object. Not in a list of name/value pairs, where a flag can be a value like any other.
 */
function refuseBoolean(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): void {
	if (typeof value !== 'boolean') return;
	fail(
		ctx,
		itemIndex,
		label,
		`is a yes/no value (${String(value)}), not text or an ID`,
		'An expression here must give text or a number; pick the field you mean, e.g. {{ $json.id }}.',
	);
}

function checkValue(ctx: IExecuteFunctions, itemIndex: number, property: INodeProperties, value: unknown, label: string, inPairs = false): void {
	if (value === undefined || value === null || (typeof value === 'string' && value.startsWith('='))) return;
	switch (property.type) {
		case 'string': {
			// A multiple-values text field holds a list of texts; each must be text itself.
			const texts = property.typeOptions?.multipleValues && Array.isArray(value) ? value : [value];
			for (const text of texts) {
				refuseObject(ctx, itemIndex, label, text);
				if (!inPairs) refuseBoolean(ctx, itemIndex, label, text);
			}
			return;
		}
		case 'resourceLocator': {
			const inner = value && typeof value === 'object' && ('__rl' in value || ('mode' in value && 'value' in value)) ? (value as { value?: unknown }).value : value;
			refuseObject(ctx, itemIndex, label, inner);
			refuseBoolean(ctx, itemIndex, label, inner);
			return;
		}
		case 'options':
		case 'multiOptions': {
			if (property.typeOptions?.loadOptionsMethod || !Array.isArray(property.options)) return;
			const allowed = (property.options as INodePropertyOptions[]).map((o) => o.value);
			const values = property.type === 'multiOptions' && Array.isArray(value) ? value : [value];
			for (const v of values) {
				if (!allowed.includes(v as never)) {
					const names = (property.options as INodePropertyOptions[]).map((o) => `${o.name} (${String(o.value)})`).join(', ');
					fail(ctx, itemIndex, label, `has an unknown value "${String(v)}"`, `Use one of: ${names}.`);
				}
			}
			return;
		}
		case 'number': {
			refuseObject(ctx, itemIndex, label, value);
			const n = typeof value === 'number' ? value : Number(value);
			// Number(' ') is 0: blank text is no number.
			if ((typeof value === 'string' && value.trim() === '') || !Number.isFinite(n)) fail(ctx, itemIndex, label, `must be a number`, `Got "${String(value)}".`);
			const { minValue, maxValue } = property.typeOptions ?? {};
			if (typeof minValue === 'number' && n < minValue) fail(ctx, itemIndex, label, `must be at least ${minValue}`, `Got ${n}.`);
			if (typeof maxValue === 'number' && n > maxValue) fail(ctx, itemIndex, label, `must be at most ${maxValue}`, `Got ${n}.`);
			return;
		}
		case 'boolean': {
			// Empty takes the default; a text other than "true"/"false" would count as on wherever it is read.
			if (isEmptyValue(value) || booleanValue(value) !== undefined) return;
			refuseObject(ctx, itemIndex, label, value);
			fail(ctx, itemIndex, label, 'must be true or false', `Got "${String(value)}". Use a boolean, or the text "true" or "false".`);
			return;
		}
		case 'collection': {
			if (!value || typeof value !== 'object') return;
			for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
				const option = (property.options as Option[] | undefined)?.find((o) => 'name' in o && o.name === key) as INodeProperties | undefined;
				// An optional number left empty ('' from an expression) takes its default: nothing to check.
				if (option?.type === 'number' && isEmptyValue(sub)) continue;
				if (option && 'type' in option) checkValue(ctx, itemIndex, option, sub, `${label} > ${option.displayName}`);
			}
			return;
		}
		case 'fixedCollection': {
			if (!value || typeof value !== 'object') return;
			for (const [groupName, entries] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options as INodePropertyCollection[] | undefined)?.find((o) => o.name === groupName);
				if (!group) continue;
				for (const entry of Array.isArray(entries) ? entries : [entries]) {
					if (!entry || typeof entry !== 'object') continue;
					for (const [key, sub] of Object.entries(entry as Record<string, unknown>)) {
						const field = group.values.find((v) => v.name === key);
						if (field) checkValue(ctx, itemIndex, field, sub, `${label} > ${field.displayName}`, true);
					}
				}
			}
			return;
		}
		default:
			return;
	}
}

const CHECKED_TYPES = new Set(['options', 'multiOptions', 'number', 'string', 'resourceLocator', 'boolean', 'collection', 'fixedCollection']);

/**
 * Checks an item's values against the operation's own parameter declarations (option lists, number bounds, single
 * values), so an expression that yields an unknown option, a negative interval or an object where an ID goes fails
 * naming the field, before any request.
 */
export function validateParameters(ctx: IExecuteFunctions, itemIndex: number, properties: INodeProperties[]): void {
	// The display conditions name the same few parameters (resource, operation, a mode) for every property: read each
	// once per item, not once per property (n8n resolves a parameter anew on every read).
	// n8n's editor too reads display conditions from the parameters as set; only an expression is resolved here.
	const raw = parametersAsSet(ctx);
	const read = new Map<string, unknown>();
	const current = (key: string): unknown => {
		if (!read.has(key)) {
			const set = raw[key];
			read.set(key, typeof set === 'string' && set.startsWith('=') ? ctx.getNodeParameter(key, itemIndex, undefined) : set);
		}
		return read.get(key);
	};
	for (const property of properties) {
		if (!CHECKED_TYPES.has(property.type)) continue;
		if (!isShown(property, current)) continue;
		// A locator's value as the operation reads it (extracted), resolved once for the check and the operation.
		const value = resolvedParameter(ctx, itemIndex, property.name, property.default, property.type === 'resourceLocator');
		checkValue(ctx, itemIndex, property, value, property.displayName);
	}
}

/**
 * A small JSON-schema subset for OpenAPI 3 documents (no validator library is installed): $ref, type, enum,
 * required, properties, additionalProperties, items, allOf, oneOf/anyOf, minimum, minLength, maxLength, pattern,
 * format date-time. Used by the sandbox to check request bodies and by tests to check requests and answers.
 *
 * Two readings this file takes on purpose, because the Relational Migrator 1.13.0 file needs them:
 * - `allOf` of parts that each say `additionalProperties: false` (migration-job-statistics) would reject every
 *   object under strict JSON Schema; here the parts' properties are merged and checked as one object.
 * - `oneOf` is checked as `anyOf` (job_update_location: a document location also matches the collection one).
 */
import { readFileSync } from 'node:fs';

export type Schema = {
	$ref?: string;
	type?: string;
	enum?: unknown[];
	required?: string[];
	properties?: Record<string, Schema>;
	additionalProperties?: boolean | Schema;
	items?: Schema;
	allOf?: Schema[];
	oneOf?: Schema[];
	anyOf?: Schema[];
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	[key: string]: unknown;
};

export interface OpenApiParameter {
	name: string;
	in: 'query' | 'path' | 'header' | 'cookie';
	required?: boolean;
	schema?: Schema;
}

export interface OpenApiOperation {
	operationId?: string;
	parameters?: OpenApiParameter[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
	responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
	servers?: Array<{ url: string }>;
	paths: Record<string, Record<string, OpenApiOperation>>;
	components?: { schemas?: Record<string, Schema> };
}

export function loadOpenApi(file: string): OpenApiDocument {
	return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
	let current = schema;
	for (let i = 0; current.$ref && i < 20; i++) {
		const match = /^#\/components\/schemas\/(.+)$/.exec(current.$ref);
		const target = match ? doc.components?.schemas?.[match[1]] : undefined;
		if (!target) throw new Error(`Unresolvable $ref ${current.$ref}`);
		current = target;
	}
	return current;
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
	const actual = typeOf(value);
	if (expected === 'number') return actual === 'number' || actual === 'integer';
	return actual === expected;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Merges allOf parts into one object schema (see the file comment). */
function mergeAllOf(doc: OpenApiDocument, schema: Schema): Schema {
	const parts = (schema.allOf ?? []).map((part) => resolve(doc, part));
	const merged: Schema = { ...schema, allOf: undefined, properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
	let closed = schema.additionalProperties === false;
	for (const part of parts) {
		const flat = part.allOf ? mergeAllOf(doc, part) : part;
		if (flat.type) merged.type = flat.type;
		Object.assign(merged.properties!, flat.properties ?? {});
		merged.required!.push(...(flat.required ?? []));
		if (flat.additionalProperties === false) closed = true;
	}
	if (closed) merged.additionalProperties = false;
	return merged;
}

/** The problems of `value` against `schema`, each as "<path>: <what>"; empty when it conforms. */
export function validateSchema(doc: OpenApiDocument, schema: Schema, value: unknown, path = '$'): string[] {
	let s = resolve(doc, schema);
	if (s.allOf) s = mergeAllOf(doc, s);
	const errors: string[] = [];
	const alternatives = s.oneOf ?? s.anyOf;
	if (alternatives) {
		const results = alternatives.map((alt) => validateSchema(doc, alt, value, path));
		if (!results.some((r) => r.length === 0)) errors.push(`${path}: matches none of the alternatives (${results.map((r) => r[0]).join(' | ')})`);
	}
	if (value === undefined) return errors;
	if (s.type && !typeMatches(s.type, value)) return [...errors, `${path}: expected ${s.type}, got ${typeOf(value)}`];
	if (s.enum && !s.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
	if (typeof value === 'string') {
		if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
		if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
		if (s.pattern && !new RegExp(s.pattern).test(value)) errors.push(`${path}: does not match ${s.pattern}`);
		if (s.format === 'date-time' && !DATE_TIME.test(value)) errors.push(`${path}: not a date-time`);
	}
	if (typeof value === 'number') {
		if (s.minimum !== undefined && value < s.minimum) errors.push(`${path}: below ${s.minimum}`);
		if (s.maximum !== undefined && value > s.maximum) errors.push(`${path}: above ${s.maximum}`);
	}
	if (Array.isArray(value) && s.items) {
		value.forEach((item, i) => errors.push(...validateSchema(doc, s.items!, item, `${path}[${i}]`)));
	}
	if (typeOf(value) === 'object' && (s.type === 'object' || s.properties || s.additionalProperties !== undefined || s.required)) {
		const obj = value as Record<string, unknown>;
		for (const name of s.required ?? []) {
			if (obj[name] === undefined) errors.push(`${path}.${name}: is required`);
		}
		for (const [key, v] of Object.entries(obj)) {
			const property = s.properties?.[key];
			if (property) {
				errors.push(...validateSchema(doc, property, v, `${path}.${key}`));
			} else if (s.additionalProperties === false) {
				errors.push(`${path}.${key}: is not allowed`);
			} else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
				errors.push(...validateSchema(doc, s.additionalProperties, v, `${path}.${key}`));
			}
		}
	}
	return errors;
}

/** The spec path template and operation for a concrete request path (with or without the server's base path). */
export function findOperation(
	doc: OpenApiDocument,
	method: string,
	requestPath: string,
): { template: string; operation: OpenApiOperation; params: Record<string, string> } | undefined {
	const basePath = doc.servers?.[0]?.url ? new URL(doc.servers[0].url).pathname.replace(/\/$/, '') : '';
	const path = basePath && requestPath.startsWith(basePath + '/') ? requestPath.slice(basePath.length) : requestPath;
	for (const [template, operations] of Object.entries(doc.paths)) {
		const names: string[] = [];
		const source = template.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{(\w+)\}/g, (_, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		const m = new RegExp(`^${source}/?$`).exec(path);
		const operation = operations[method.toLowerCase()];
		if (m && operation) {
			const params: Record<string, string> = {};
			names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
			return { template, operation, params };
		}
	}
	return undefined;
}

function coerceQueryValue(doc: OpenApiDocument, schema: Schema | undefined, raw: string): unknown {
	const type = schema ? resolve(doc, schema).type : undefined;
	if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
	if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
	return raw;
}

export interface RequestToCheck {
	method: string;
	path: string;
	query?: Record<string, string>;
	body?: unknown;
}

/**
 * Checks a request against the document: known path and method, path and query parameters (unknown query
 * parameters are problems too), and the JSON body against the request body schema.
 */
export function validateRequest(doc: OpenApiDocument, request: RequestToCheck): string[] {
	const found = findOperation(doc, request.method, request.path);
	if (!found) return [`${request.method} ${request.path}: not in the OpenAPI document`];
	const errors: string[] = [];
	const parameters = found.operation.parameters ?? [];
	for (const p of parameters.filter((q) => q.in === 'path')) {
		const value = found.params[p.name];
		if (p.schema) errors.push(...validateSchema(doc, p.schema, value, `path.${p.name}`));
	}
	const query = request.query ?? {};
	for (const p of parameters.filter((q) => q.in === 'query')) {
		const raw = query[p.name];
		if (raw === undefined) {
			if (p.required) errors.push(`query.${p.name}: is required`);
			continue;
		}
		if (p.schema) errors.push(...validateSchema(doc, p.schema, coerceQueryValue(doc, p.schema, raw), `query.${p.name}`));
	}
	for (const name of Object.keys(query)) {
		if (!parameters.some((p) => p.in === 'query' && p.name === name)) errors.push(`query.${name}: is not a parameter of ${found.template}`);
	}
	const bodySchema = found.operation.requestBody?.content?.['application/json']?.schema;
	if (bodySchema) {
		if (request.body === undefined) {
			if (found.operation.requestBody?.required) errors.push('body: is required');
		} else {
			errors.push(...validateSchema(doc, bodySchema, request.body, 'body'));
		}
	}
	return errors;
}

/** Checks an answer against the response schema declared for its status (a status the document omits is a problem). */
export function validateResponse(doc: OpenApiDocument, method: string, path: string, status: number, body: unknown): string[] {
	const found = findOperation(doc, method, path);
	if (!found) return [`${method} ${path}: not in the OpenAPI document`];
	const response = found.operation.responses?.[String(status)] ?? found.operation.responses?.default;
	if (!response) return [`${method} ${found.template}: status ${status} is not documented`];
	const schema = response.content?.['application/json']?.schema;
	return schema ? validateSchema(doc, schema, body, 'response') : [];
}

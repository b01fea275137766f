import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './httpError';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What a handler receives. */
export interface RouteRequest {
	method: string;
	/** The path without the query string, e.g. `/saas/api/v2/job`. */
	path: string;
	/** `:name` parts of the pattern, URL-decoded. */
	params: Record<string, string>;
	/** First value of each query parameter; `url.searchParams` has them all. */
	query: Record<string, string>;
	url: URL;
	/** Node's headers: names are lower case, so lookups are case-insensitive by construction. */
	headers: IncomingHttpHeaders;
	/** Parsed JSON when the content type is JSON and the body is not empty; otherwise undefined. */
	body: unknown;
	/** The raw body, always (empty Buffer when none). */
	rawBody: Buffer;
	/** `http://<host the client used>`: build the URLs you hand back (serverUrl, links) from this. */
	baseUrl: string;
	/** Set when an `expireSession` fault hit this request: token-auth families must answer their 401. */
	forcedUnauthorized: boolean;
	/** The family that registered the route (undefined for routes added without one). */
	family?: string;
	req: IncomingMessage;
	res: ServerResponse;
}

/** What a handler returns. body: object/array/number/boolean/null -> JSON, string -> text/plain, Buffer -> as is, undefined -> empty. */
export interface RouteResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** Builds the error body in a family's own shape (used for bad JSON and `status` faults on its routes). */
export type ErrorBodyFormatter = (status: number, message: string, request: { method: string; path: string }) => unknown;

export interface Route {
	method: string;
	/** The pattern as registered: it is also the key in the request counters. */
	pattern: string;
	family?: string;
	handler: RouteHandler;
	errorBody?: ErrorBodyFormatter;
	regex: RegExp;
	paramNames: string[];
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

/** The router a family registers on. */
export interface SandboxApp {
	/**
	 * `pattern` is a path where `:name` stands for one path segment (or the rest of one: `/v2/jobs:id` matches `/v2/jobs42`).
	 * When several routes match, the one with the fewest parameters wins, then the first registered.
	 */
	route(method: HttpMethod | string, pattern: string, handler: RouteHandler): void;
	/**
	 * The error body shape for core-made answers (400 bad JSON, injected `status` faults) on this family's routes,
	 * or, with `pathPrefix`, on every route under that prefix whatever its family (a family's own formatter wins).
	 */
	errorBody(formatter: ErrorBodyFormatter, options?: { pathPrefix?: string }): void;
	/** The family this app registers for. */
	readonly family?: string;
}

function compile(pattern: string): { regex: RegExp; paramNames: string[] } {
	const paramNames: string[] = [];
	let source = '';
	const re = /:([A-Za-z_][A-Za-z0-9_]*)/g;
	let last = 0;
	let m: RegExpExecArray | null;
	while ((m = re.exec(pattern))) {
		source += escape(pattern.slice(last, m.index)) + '([^/]+)';
		paramNames.push(m[1]);
		last = m.index + m[0].length;
	}
	source += escape(pattern.slice(last));
	return { regex: new RegExp('^' + source + '/?$'), paramNames };
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

export class Router {
	readonly routes: Route[] = [];
	private readonly errorBodies = new Map<string, ErrorBodyFormatter>();
	private readonly prefixErrorBodies: Array<{ prefix: string; formatter: ErrorBodyFormatter }> = [];

	/** An app whose routes are tagged with `family` (used by fault matching and error shapes). */
	app(family?: string): SandboxApp {
		return {
			family,
			route: (method, pattern, handler) => this.add(method, pattern, handler, family),
			errorBody: (formatter, options) => {
				if (options?.pathPrefix !== undefined) {
					this.prefixErrorBodies.push({ prefix: options.pathPrefix, formatter });
					this.prefixErrorBodies.sort((a, b) => b.prefix.length - a.prefix.length);
				} else if (family !== undefined) this.errorBodies.set(family, formatter);
			},
		};
	}

	add(method: string, pattern: string, handler: RouteHandler, family?: string): void {
		const { regex, paramNames } = compile(pattern);
		this.routes.push({ method: method.toUpperCase(), pattern, family, handler, regex, paramNames });
	}

	errorBodyFor(family: string | undefined, path: string): ErrorBodyFormatter | undefined {
		const own = family === undefined ? undefined : this.errorBodies.get(family);
		return own ?? this.prefixErrorBodies.find((p) => path.startsWith(p.prefix))?.formatter;
	}

	match(method: string, path: string): RouteMatch | undefined {
		let best: RouteMatch | undefined;
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const m = route.regex.exec(path);
			if (!m) continue;
			if (best && best.route.paramNames.length <= route.paramNames.length) continue;
			const params: Record<string, string> = {};
			route.paramNames.forEach((name, i) => (params[name] = decode(m[i + 1])));
			best = { route, params };
		}
		return best;
	}

	/** The methods registered for a path (for a helpful 404). */
	methodsFor(path: string): string[] {
		return [...new Set(this.routes.filter((r) => r.regex.test(path)).map((r) => r.method))];
	}
}

/** Turns a handler's answer into status, headers and bytes. */
export function serialize(response: RouteResponse): { status: number; headers: Record<string, string>; payload: Buffer } {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = v;
	const body = response.body;
	let payload: Buffer;
	if (body === undefined) {
		payload = Buffer.alloc(0);
	} else if (Buffer.isBuffer(body)) {
		payload = body;
		headers['content-type'] ??= 'application/octet-stream';
	} else if (typeof body === 'string') {
		payload = Buffer.from(body, 'utf8');
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else {
		payload = Buffer.from(JSON.stringify(body), 'utf8');
		headers['content-type'] ??= 'application/json';
	}
	return { status: response.status, headers, payload };
}

export function isJsonContentType(headers: IncomingHttpHeaders): boolean {
	const type = String(headers['content-type'] ?? '').toLowerCase();
	return /[/+]json\b/.test(type);
}

/** Handler errors into answers: HttpError keeps its status and body, anything else is a 500. */
export function errorToResponse(error: unknown): RouteResponse {
	if (error instanceof HttpError) return { status: error.status, body: error.body, headers: error.headers };
	return {
		status: 500,
		body: { error: 'sandbox_internal_error', message: error instanceof Error ? error.message : String(error) },
	};
}

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, FAMILY, SANDBOX_HOST, vendorUrls } from './core/constants';
import { createContext, type ContextInternals, type SandboxConfig, type SandboxContext, type SandboxOptions } from './core/context';
import type { Counters, CountersSnapshot } from './core/counters';
import { dropField, htmlErrorPage, reasonPhrase, type Fault, type FaultSpec, type FaultStore } from './core/faults';
import { HttpError } from './core/httpError';
import { redactBody, redactHeaders, type LoggedRequest } from './core/requestLog';
import { errorToResponse, isJsonContentType, Router, serialize, type RouteRequest, type RouteResponse } from './core/router';
import type { ScriptSpec, ScriptStore } from './core/scripts';
import type { SessionStore } from './core/sessions';
import { families as defaultFamilies } from './families';

export type { SandboxOptions, SandboxContext, SandboxFamily, SandboxConfig } from './core/context';
export type { SandboxApp, RouteRequest, RouteResponse, RouteHandler } from './core/router';
export { HttpError } from './core/httpError';
export { LifecycleJob, standardRun } from './core/lifecycle';
export * from './core/constants';

export interface Sandbox {
	/** e.g. `http://127.0.0.1:43121` */
	readonly url: string;
	readonly port: number;
	/** What to type into each credential. */
	readonly urls: ReturnType<typeof vendorUrls>;
	readonly ctx: SandboxContext;
	readonly faults: FaultStore;
	readonly scripts: ScriptStore;
	readonly counters: Counters;
	readonly sessions: SessionStore;
	/** Live settings; set() takes the same fields as POST /__sandbox/config. */
	readonly config: { get(): SandboxConfig; set(patch: Partial<SandboxConfig>): SandboxConfig };
	/** The newest `limit` vendor requests, oldest first, secrets redacted. */
	requests(limit?: number): LoggedRequest[];
	/** Same as POST /__sandbox/jobs/transition; throws HttpError(404) when unknown. */
	transition(family: string, id: string | number, to: string): unknown;
	/** What the families expose (GET /__sandbox/state). */
	state(family?: string): unknown;
	/** Back to seed data: jobs, sessions, faults, scripts, counters, request log, config. */
	reset(): void;
	/** Stops listening, drops every connection (keep-alive and hanging `timeout` answers) and clears all timers. */
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function firstValues(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
	return query;
}

function send(res: ServerResponse, response: RouteResponse): number {
	const { status, headers, payload } = serialize(response);
	if (res.headersSent || res.destroyed) return status;
	res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
	res.end(payload);
	return status;
}

function numberField(body: Record<string, unknown>, name: string, min: number): number | undefined {
	if (body[name] === undefined) return undefined;
	const value = Number(body[name]);
	if (!Number.isFinite(value) || value < min) throw new HttpError(400, { error: 'bad_request', message: `${name} must be a number >= ${min}` });
	return value;
}

function choiceField<T extends string>(body: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
	if (body[name] === undefined) return undefined;
	if (!choices.includes(body[name] as T)) throw new HttpError(400, { error: 'bad_request', message: `${name} must be one of ${choices.join(', ')}` });
	return body[name] as T;
}

/** Starts the sandbox on 127.0.0.1 (port 0 unless options.port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const internals: ContextInternals = createContext(options);
	const { ctx } = internals;
	const vendor = new Router();
	const control = new Router();
	const sockets = new Set<Socket>();
	const hanging = new Set<ServerResponse>();
	let closing = false;

	for (const family of options.families ?? defaultFamilies) family.register(vendor.app(family.name), ctx);

	const config = {
		get: (): SandboxConfig => ({ ...ctx.config }),
		set: (patch: Partial<SandboxConfig>): SandboxConfig => {
			const body = patch as Record<string, unknown>;
			const runTimeMs = numberField(body, 'runTimeMs', 0);
			const sessionIdleMs = numberField(body, 'sessionIdleMs', 0);
			const sessionExpireEvery = numberField(body, 'sessionExpireEvery', 0);
			const jwtSessionTtlMs = numberField(body, 'jwtSessionTtlMs', 0);
			if (runTimeMs !== undefined) ctx.config.runTimeMs = runTimeMs;
			if (sessionIdleMs !== undefined) ctx.config.sessionIdleMs = sessionIdleMs;
			if (sessionExpireEvery !== undefined) ctx.config.sessionExpireEvery = Math.floor(sessionExpireEvery);
			const cdataStatusLagMs = numberField(body, 'cdataStatusLagMs', 0);
			if (cdataStatusLagMs !== undefined) ctx.config.cdataStatusLagMs = cdataStatusLagMs;
			const rmErrors = body.relationalMigratorErrors;
			if (rmErrors !== undefined) {
				if (rmErrors !== 'custom' && rmErrors !== 'standard') throw new HttpError(400, { error: 'bad_request', message: 'relationalMigratorErrors must be "custom" or "standard"' });
				ctx.config.relationalMigratorErrors = rmErrors;
			}
			if (jwtSessionTtlMs !== undefined) ctx.config.jwtSessionTtlMs = Math.floor(jwtSessionTtlMs);
			const dbmiStartNoEffect = numberField(body, 'dbmiStartNoEffect', 0);
			if (dbmiStartNoEffect !== undefined) ctx.config.dbmiStartNoEffect = Math.floor(dbmiStartNoEffect);
			const shape = choiceField(body, 'activityLogShape', ['list', 'object', 'entries'] as const);
			if (shape) ctx.config.activityLogShape = shape;
			const states = choiceField(body, 'activityLogStates', ['numeric', 'text'] as const);
			if (states) ctx.config.activityLogStates = states;
			for (const field of ['callbackRetryIntervalMs', 'callbackMaxIntervalMs', 'callbackRetryForMs', 'callbackTimeoutMs', 'callbackDuplicates'] as const) {
				const value = numberField(body, field, 0);
				if (value !== undefined) ctx.config[field] = Math.floor(value);
			}
			return { ...ctx.config };
		},
	};

	const transition = (family: string, id: string | number, to: string): unknown => {
		const hook = internals.transitionHooks.get(family);
		const result = hook ? hook(String(id), to) : undefined;
		if (result !== undefined) return result;
		const job = ctx.jobs.get(family, id);
		if (job) {
			job.force(to);
			return job.toJSON();
		}
		throw new HttpError(404, { error: 'not_found', message: `No ${family} job ${id}` });
	};

	const state = (family?: string): unknown => {
		if (family !== undefined) {
			const view = internals.stateViews.get(family);
			if (!view) throw new HttpError(404, { error: 'not_found', message: `No state exposed by ${family}` });
			return view();
		}
		const all: Record<string, unknown> = {};
		for (const [name, view] of internals.stateViews) all[name] = view();
		return all;
	};

	registerControlRoutes(control, { internals, config, transition, state, urls: () => vendorUrls(sandboxUrl) });

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', `http://${req.headers.host ?? SANDBOX_HOST}`);
		const path = url.pathname;
		const rawBody = await readBody(req);
		const base: Omit<RouteRequest, 'params' | 'body' | 'family'> = {
			method,
			path,
			query: firstValues(url),
			url,
			headers: req.headers,
			rawBody,
			baseUrl: `http://${req.headers.host ?? new URL(sandboxUrl).host}`,
			forcedUnauthorized: false,
			req,
			res,
		};

		if (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/')) {
			const match = control.match(method, path);
			if (!match) {
				send(res, { status: 404, body: { error: 'not_found', message: `No control endpoint ${method} ${path}; see GET ${CONTROL_PREFIX}` } });
				return;
			}
			let body: unknown;
			if (rawBody.length > 0) {
				try {
					body = JSON.parse(rawBody.toString('utf8'));
				} catch {
					send(res, { status: 400, body: { error: 'bad_request', message: 'The body is not valid JSON' } });
					return;
				}
			}
			let response: RouteResponse;
			try {
				response = await match.route.handler({ ...base, params: match.params, body });
			} catch (error) {
				response = errorToResponse(error);
			}
			send(res, response);
			return;
		}

		// Vendor routes: counted, logged, faultable.
		const match = vendor.match(method, path);
		const family = match?.route.family;
		ctx.counters.request(match ? `${method} ${match.route.pattern}` : `${method} (no route)`);
		let parsed: unknown;
		let parseError = false;
		const json = isJsonContentType(req.headers);
		const text = rawBody.length > 0 ? rawBody.toString('utf8') : undefined;
		if (json && text !== undefined && text.trim() !== '') {
			try {
				parsed = JSON.parse(text);
			} catch {
				parseError = true;
			}
		}
		const entry = ctx.requestLog.add({
			method,
			path,
			query: base.query,
			headers: redactHeaders(req.headers),
			body: parsed !== undefined ? redactBody(parsed) : text === undefined ? undefined : text.slice(0, 4096),
			route: match?.route.pattern,
			family,
		});
		const finish = (response: RouteResponse) => {
			entry.status = send(res, response);
			ctx.log(`${method} ${path}${url.search} -> ${entry.status}${entry.fault ? ` (fault: ${entry.fault})` : ''}`);
		};

		if (!match) {
			const allowed = vendor.methodsFor(path);
			finish({
				status: 404,
				body: {
					error: 'not_found',
					message: allowed.length ? `${method} is not supported on ${path} (try ${allowed.join(', ')})` : `No sandbox route for ${method} ${path}`,
				},
			});
			return;
		}
		const errorBody = (status: number, message: string) => vendor.errorBodyFor(family, path)?.(status, message, { method, path }) ?? { error: reasonPhrase(status), message, status };
		if (parseError) {
			finish({ status: 400, body: errorBody(400, 'The request body is not valid JSON.') });
			return;
		}

		const fault: Fault | undefined = ctx.faults.pick(method, path, family);
		const request: RouteRequest = { ...base, params: match.params, body: parsed, family };
		if (fault) {
			ctx.counters.faultInjected();
			entry.fault = fault.kind;
			const retryAfter: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
			if (fault.kind === 'status') {
				finish({ status: fault.status!, body: errorBody(fault.status!, `${reasonPhrase(fault.status!)} (sandbox fault)`), headers: retryAfter });
				return;
			}
			if (fault.kind === 'html') {
				const status = fault.status ?? 502;
				finish({ status, body: htmlErrorPage(status), headers: { ...retryAfter, 'content-type': 'text/html' } });
				return;
			}
			if (fault.kind === 'expireSession') {
				ctx.sessions.expireFromHeaders(req.headers);
				request.forcedUnauthorized = true;
			}
		}

		let response: RouteResponse;
		try {
			response = await match.route.handler(request);
		} catch (error) {
			response = errorToResponse(error);
			if (!(error instanceof HttpError)) ctx.log(`handler error on ${method} ${path}: ${error instanceof Error ? error.stack : String(error)}`);
		}

		switch (fault?.kind) {
			case 'timeout':
				// The handler ran (a start may have happened); the answer never comes.
				hanging.add(res);
				res.on('close', () => hanging.delete(res));
				ctx.log(`${method} ${path} -> (no answer: timeout fault)`);
				return;
			case 'slow':
				await ctx.delay(fault.delayMs ?? 1000);
				if (closing) return;
				break;
			case 'truncatedJson': {
				const { status, headers, payload } = serialize(response);
				const cut = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
				finish({ status, headers: { ...headers, 'content-type': headers['content-type'] ?? 'application/json' }, body: cut });
				return;
			}
			case 'empty': {
				const { status, headers } = serialize(response);
				finish({ status: fault.status ?? (status < 400 ? status : 200), headers, body: Buffer.alloc(0) });
				return;
			}
			case 'dropField':
				if (response.body !== null && typeof response.body === 'object' && !Buffer.isBuffer(response.body))
					response = { ...response, body: dropField(response.body, fault.field!) };
				break;
		}
		finish(response);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			ctx.log(`sandbox error: ${error instanceof Error ? error.stack : String(error)}`);
			if (!res.headersSent) send(res, { status: 500, body: { error: 'sandbox_internal_error' } });
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, SANDBOX_HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const sandboxUrl = `http://${SANDBOX_HOST}:${port}`;
	internals.reset();

	return {
		url: sandboxUrl,
		port,
		urls: vendorUrls(sandboxUrl),
		ctx,
		faults: ctx.faults,
		scripts: ctx.scripts,
		counters: ctx.counters,
		sessions: ctx.sessions,
		config,
		requests: (limit) => ctx.requestLog.list(limit),
		transition,
		state,
		reset: internals.reset,
		close: () =>
			new Promise<void>((resolve) => {
				if (closing) return resolve();
				closing = true;
				internals.scheduler.clearAll();
				ctx.jobs.clear();
				server.close(() => resolve());
				for (const res of hanging) res.destroy();
				for (const socket of sockets) socket.destroy();
				server.closeAllConnections();
			}),
	};
}

interface ControlDeps {
	internals: ContextInternals;
	config: Sandbox['config'];
	transition: Sandbox['transition'];
	state: Sandbox['state'];
	urls: () => ReturnType<typeof vendorUrls>;
}

function asObject(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, { error: 'bad_request', message: 'Expected a JSON object' });
	return body as Record<string, unknown>;
}

function badRequest(error: unknown): never {
	if (error instanceof HttpError) throw error;
	throw new HttpError(400, { error: 'bad_request', message: error instanceof Error ? error.message : String(error) });
}

/** The control API: never faulted, counted or logged. */
function registerControlRoutes(router: Router, deps: ControlDeps): void {
	const { ctx } = deps.internals;
	const p = CONTROL_PREFIX;
	const ok = (body: unknown = { ok: true }): RouteResponse => ({ status: 200, body });

	router.add('GET', p, () =>
		ok({
			urls: deps.urls(),
			families: Object.values(FAMILY),
			endpoints: [
				`GET ${p}/config`, `POST ${p}/config {runTimeMs?, sessionIdleMs?, sessionExpireEvery?, relationalMigratorErrors?: custom|standard, cdataStatusLagMs?, jwtSessionTtlMs?, activityLogShape?, activityLogStates?, dbmiStartNoEffect?, callbackRetryIntervalMs?, callbackMaxIntervalMs?, callbackRetryForMs?, callbackTimeoutMs?, callbackDuplicates?}`,
				`GET ${p}/faults`, `POST ${p}/faults {match?, kind, share?, next?, status?, retryAfter?, delayMs?, field?}`, `DELETE ${p}/faults`, `DELETE ${p}/faults/:id`,
				`GET ${p}/script`, `POST ${p}/script {family, key, outcome, message?, log?, runTimeMs?, times?}`, `DELETE ${p}/script`,
				`GET ${p}/jobs?family=`, `POST ${p}/jobs/transition {family, id, to}`,
				`GET ${p}/counters`, `POST ${p}/counters/reset`, `GET ${p}/requests?limit=`, `DELETE ${p}/requests`,
				`GET ${p}/sessions`, `POST ${p}/sessions/expire`, `GET ${p}/state?family=`, `POST ${p}/reset`,
			],
		}),
	);

	router.add('GET', `${p}/config`, () => ok(deps.config.get()));
	router.add('POST', `${p}/config`, ({ body }) => ok(deps.config.set(asObject(body) as Partial<SandboxConfig>)));

	router.add('GET', `${p}/faults`, () => ok(ctx.faults.list()));
	router.add('POST', `${p}/faults`, ({ body }) => {
		try {
			return { status: 201, body: ctx.faults.add(asObject(body) as unknown as FaultSpec) };
		} catch (error) {
			badRequest(error);
		}
	});
	router.add('DELETE', `${p}/faults`, () => {
		ctx.faults.clear();
		return ok();
	});
	router.add('DELETE', `${p}/faults/:id`, ({ params }) => {
		if (!ctx.faults.remove(Number(params.id))) throw new HttpError(404, { error: 'not_found', message: `No fault ${params.id}` });
		return ok();
	});

	for (const path of [`${p}/script`, `${p}/scripts`]) {
		router.add('GET', path, () => ok(ctx.scripts.list()));
		router.add('POST', path, ({ body }) => {
			try {
				const specs = Array.isArray(body) ? body : [asObject(body)];
				for (const spec of specs) ctx.scripts.add(spec as ScriptSpec);
				return { status: 201, body: ctx.scripts.list() };
			} catch (error) {
				badRequest(error);
			}
		});
		router.add('DELETE', path, () => {
			ctx.scripts.clear();
			return ok();
		});
	}

	router.add('GET', `${p}/jobs`, ({ query }) => ok(ctx.jobs.list(query.family).map((j) => j.toJSON())));
	router.add('POST', `${p}/jobs/transition`, ({ body }) => {
		const { family, id, to } = asObject(body);
		if (typeof family !== 'string' || (typeof id !== 'string' && typeof id !== 'number') || typeof to !== 'string')
			throw new HttpError(400, { error: 'bad_request', message: 'Expected {family, id, to}' });
		return ok(deps.transition(family, id, to));
	});

	router.add('GET', `${p}/counters`, () => ok(ctx.counters.snapshot() satisfies CountersSnapshot));
	router.add('POST', `${p}/counters/reset`, () => {
		ctx.counters.reset();
		return ok(ctx.counters.snapshot());
	});

	router.add('GET', `${p}/requests`, ({ query }) => ok(ctx.requestLog.list(query.limit ? Number(query.limit) : undefined)));
	router.add('DELETE', `${p}/requests`, () => {
		ctx.requestLog.clear();
		return ok();
	});

	router.add('GET', `${p}/sessions`, () =>
		ok(ctx.sessions.list().map((s) => ({ ...s, id: s.id.slice(0, 4) + '…', createdAt: ctx.clock.iso(s.createdAt), lastUsedAt: ctx.clock.iso(s.lastUsedAt) }))),
	);
	router.add('POST', `${p}/sessions/expire`, () => {
		let expired = 0;
		for (const s of ctx.sessions.list()) if (ctx.sessions.expire(s.id)) expired++;
		return ok({ expired });
	});

	router.add('GET', `${p}/state`, ({ query }) => ok(deps.state(query.family)));
	router.add('POST', `${p}/reset`, () => {
		deps.internals.reset();
		return ok();
	});
}

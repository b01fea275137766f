import { randomInt } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { INFORMATICA } from './constants';
import type { Counters } from './counters';
import { HttpError } from './httpError';

/** Which Informatica API a route belongs to: decides the session header(s) read and the error body shape. */
export type InformaticaApi = 'v2' | 'v3' | 'dbmi';

/** Session headers read per API (Node lower-cases header names, so matching is case-insensitive). */
export const SESSION_HEADERS: Record<InformaticaApi, string[]> = {
	v2: ['icsessionid'],
	v3: ['infa-session-id'],
	// The Database Ingestion page asks for IDS-SESSION-ID, but its own example sends icSessionId: accept both.
	dbmi: ['ids-session-id', 'icsessionid'],
};

export interface InformaticaSession {
	id: string;
	userId: string;
	userName: string;
	orgId: string;
	createdAt: number;
	lastUsedAt: number;
	/** Authenticated requests made with it (login excluded). */
	requests: number;
	/** JWT sessions only: the token's `exp` in ms; refused with the 401 from then on. */
	expiresAt?: number;
}

/** Informatica's three error body shapes. */
export function informaticaErrorBody(api: InformaticaApi, status: number, code: string, message: string, requestId?: string): unknown {
	switch (api) {
		case 'v2':
			return { '@type': 'error', code, description: message, statusCode: status };
		case 'v3':
			return { error: { code, message, requestId: requestId ?? randomRequestId(), details: null } };
		case 'dbmi':
			return { status: 'failed', code: status, message };
	}
}

/** Throwable Informatica error in the API's shape. */
export function informaticaError(api: InformaticaApi, status: number, code: string, message: string): HttpError {
	return new HttpError(status, informaticaErrorBody(api, status, code, message));
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Real IDs are 22+ letters and digits. Not from the seeded RNG: an ID must never come back after a reset. */
function newSessionId(): string {
	let id = '';
	for (let i = 0; i < 40; i++) id += ALNUM[randomInt(ALNUM.length)];
	return id;
}

function base64url(text: string): string {
	return Buffer.from(text).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** A JWT session token like an org switched to JWT sessions gets: `iat`/`exp` in seconds, an unverifiable signature. */
function newJwt(now: number, expiresAt: number): string {
	const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const payload = base64url(
		JSON.stringify({ sub: INFORMATICA.userId, org: INFORMATICA.orgId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000), jti: newSessionId() }),
	);
	return `${header}.${payload}.${base64url(newSessionId())}`;
}

function randomRequestId(): string {
	return Math.random().toString(36).slice(2, 12) + Math.random().toString(36).slice(2, 12);
}

const UNAUTHORIZED: Record<InformaticaApi, { code: string; message: string }> = {
	v2: { code: 'AUTH_01', message: 'Invalid session ID or the session has expired. Log in again.' },
	v3: { code: 'AUTH_01', message: 'Invalid session ID or the session has expired. Log in again.' },
	dbmi: { code: '401', message: 'Invalid or missing sessionId.' },
};

export interface SessionConfig {
	sessionIdleMs: number;
	/** 0 or undefined: opaque session ids. T > 0: logins issue JWTs that expire T ms after the login (their `exp`). */
	jwtSessionTtlMs?: number;
	/** 0 or undefined: off. K: each session answers K authenticated requests, the next one gets 401. */
	sessionExpireEvery?: number;
}

/** The one session store all Informatica families share (one session ID works for v2, v3 and dbmi). */
export class SessionStore {
	private readonly sessions = new Map<string, InformaticaSession>();

	constructor(
		private readonly deps: { counters: Counters; now: () => number; config: () => SessionConfig },
	) {}

	/** A new session for a successful login (counts a login). */
	create(): InformaticaSession {
		const now = this.deps.now();
		const ttl = this.deps.config().jwtSessionTtlMs ?? 0;
		const expiresAt = ttl > 0 ? now + ttl : undefined;
		const session: InformaticaSession = {
			id: expiresAt !== undefined ? newJwt(now, expiresAt) : newSessionId(),
			...(expiresAt !== undefined ? { expiresAt } : {}),
			userId: INFORMATICA.userId,
			userName: INFORMATICA.userName,
			orgId: INFORMATICA.orgId,
			createdAt: now,
			lastUsedAt: now,
			requests: 0,
		};
		this.sessions.set(session.id, session);
		this.deps.counters.login();
		return session;
	}

	/** The session ID this request carries for `api`, if any. */
	idFrom(headers: IncomingHttpHeaders, api: InformaticaApi): string | undefined {
		for (const name of SESSION_HEADERS[api]) {
			const raw = headers[name];
			const value = Array.isArray(raw) ? raw[0] : raw;
			if (value && value.trim()) return value.trim();
		}
		return undefined;
	}

	/** The live session with this id, expiring it first if it is idle too long (no refresh, no count). */
	peek(id: string): InformaticaSession | undefined {
		const session = this.sessions.get(id);
		if (!session) return undefined;
		if (this.deps.now() - session.lastUsedAt > this.deps.config().sessionIdleMs || (session.expiresAt !== undefined && this.deps.now() >= session.expiresAt)) {
			this.expire(id);
			return undefined;
		}
		return session;
	}

	/**
	 * Call at the top of every authenticated Informatica handler. Returns the session (refreshed) or throws
	 * the API's 401: missing, unknown, idle-expired, or over the `sessionExpireEvery` budget.
	 */
	authenticate(headers: IncomingHttpHeaders, api: InformaticaApi): InformaticaSession {
		const id = this.idFrom(headers, api);
		const session = id === undefined ? undefined : this.peek(id);
		if (!session) throw this.unauthorized(api);
		const every = this.deps.config().sessionExpireEvery;
		if (every && every > 0 && session.requests >= every) {
			this.expire(session.id);
			throw this.unauthorized(api);
		}
		session.requests++;
		session.lastUsedAt = this.deps.now();
		return session;
	}

	/** Logout: authenticates like any call, then ends the session (counts a logout). */
	logout(headers: IncomingHttpHeaders, api: InformaticaApi): InformaticaSession {
		const session = this.authenticate(headers, api);
		this.sessions.delete(session.id);
		this.deps.counters.logout();
		return session;
	}

	/** Ends a session as if it timed out (counts an expiry). */
	expire(id: string): boolean {
		if (!this.sessions.delete(id)) return false;
		this.deps.counters.expiry();
		return true;
	}

	/** Used by the `expireSession` fault: expires whichever session the request carries, under any header. */
	expireFromHeaders(headers: IncomingHttpHeaders): boolean {
		let any = false;
		for (const name of ['icsessionid', 'infa-session-id', 'ids-session-id']) {
			const raw = headers[name];
			const value = Array.isArray(raw) ? raw[0] : raw;
			if (value && this.expire(value.trim())) any = true;
		}
		return any;
	}

	unauthorized(api: InformaticaApi): HttpError {
		const { code, message } = UNAUTHORIZED[api];
		return informaticaError(api, 401, code, message);
	}

	list(): InformaticaSession[] {
		return [...this.sessions.values()].map((s) => ({ ...s }));
	}

	clear(): void {
		this.sessions.clear();
	}
}

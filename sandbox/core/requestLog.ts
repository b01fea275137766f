import type { IncomingHttpHeaders } from 'node:http';

export interface LoggedRequest {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-case names; session, token and authorization values cut to their first 4 characters + '…'. */
	headers: Record<string, string>;
	/** Parsed JSON if it was JSON, else the text (up to 4 KB), else undefined. Password fields are redacted too. */
	body: unknown;
	/** The route pattern that handled it, if any. */
	route?: string;
	family?: string;
	/** The fault kind injected into this request, if any. */
	fault?: string;
	/** The status sent (undefined while pending or when the answer never came: `timeout`). */
	status?: number;
}

const SECRET_HEADERS = new Set([
	'icsessionid',
	'infa-session-id',
	'ids-session-id',
	'authorization',
	'proxy-authorization',
	'x-cdata-authtoken',
	'cookie',
	'set-cookie',
	'x-api-key',
]);
const SECRET_FIELDS = new Set(['password', 'oauthtoken', 'samltoken', 'token', 'sessionid', 'icsessionid']);

export function redact(value: string): string {
	return value.length <= 4 ? value : value.slice(0, 4) + '…';
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, raw] of Object.entries(headers)) {
		if (raw === undefined) continue;
		const value = Array.isArray(raw) ? raw.join(', ') : raw;
		out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redact(value) : value;
	}
	return out;
}

export function redactBody(body: unknown): unknown {
	if (Array.isArray(body)) return body.map(redactBody);
	if (body === null || typeof body !== 'object') return body;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
		out[k] = SECRET_FIELDS.has(k.toLowerCase()) && typeof v === 'string' ? redact(v) : redactBody(v);
	}
	return out;
}

/** The last `size` vendor requests, oldest first. */
export class RequestLog {
	private entries: LoggedRequest[] = [];
	private seq = 0;

	constructor(private readonly size: number) {}

	add(entry: Omit<LoggedRequest, 'seq' | 'time'>): LoggedRequest {
		const full: LoggedRequest = { seq: ++this.seq, time: new Date().toISOString(), ...entry };
		this.entries.push(full);
		if (this.entries.length > this.size) this.entries.splice(0, this.entries.length - this.size);
		return full;
	}

	/** The newest `limit` entries, oldest first. */
	list(limit?: number): LoggedRequest[] {
		const n = limit === undefined || !(limit > 0) ? this.entries.length : Math.min(limit, this.entries.length);
		return this.entries.slice(this.entries.length - n);
	}

	clear(): void {
		this.entries = [];
	}
}

/** What went wrong with one HTTP attempt, pulled out of whatever n8n's HTTP stack threw. */
import { basicAuthSecrets, secretsFromHeaders } from './redact';

export interface FailureDetails {
	status?: number;
	headers: Record<string, string>;
	bodyText?: string;
	networkCode?: string;
	/** Where a network failure went: "host:port" only (never a user, password, path or query string). */
	target?: string;
	requestSecrets: string[];
	message: string;
	/**
	 * The request that really failed when it was not the one the node sent: a credential's login run by n8n before
	 * it (the credential sets `failedRequest` on its error). The error then names the login, not the node's request.
	 */
	failedRequest?: { method: string; url: string; action?: string };
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
/**
 * TLS failures: the connection was made but its TLS handshake failed (a self-signed or expired certificate, a name
 * that does not match, an https URL at a plain-HTTP port). Named like a network failure, never retried: the same
 * handshake fails the same way.
 */
const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'HOSTNAME_MISMATCH',
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);
for (const code of TLS_CODES) NETWORK_CODES.add(code);

/** The TLS handshake failed: see TLS_CODES. */
export function tlsFailure(networkCode: string): boolean {
	return TLS_CODES.has(networkCode);
}
/** Errors where the request never reached the server, so even a start call may be sent again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** The request never reached the server. */
export function neverSent(networkCode: string): boolean {
	return NOT_SENT_CODES.has(networkCode);
}

/** The server did not answer in time (the request may have been processed). */
export function timedOut(networkCode: string): boolean {
	return TIMEOUT_CODES.has(networkCode);
}

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	const source =
		typeof (headers as { toJSON?: () => unknown }).toJSON === 'function'
			? ((headers as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
			: (headers as Record<string, unknown>);
	for (const [key, value] of Object.entries(source)) {
		if (value === undefined || value === null) continue;
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

export function bodyToText(data: unknown): string | undefined {
	if (data === undefined || data === null) return undefined;
	if (typeof data === 'string') return data;
	if (Buffer.isBuffer(data)) return data.toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	try {
		return JSON.stringify(data);
	} catch {
		return String(data);
	}
}

function findNetworkCode(error: unknown, depth = 0): string | undefined {
	if (!error || typeof error !== 'object' || depth > 5) return undefined;
	// n8n's own NodeApiError keeps a network failure's code in httpCode (e.g. "ECONNABORTED" for a timeout).
	for (const code of [(error as { code?: unknown }).code, (error as { httpCode?: unknown }).httpCode]) {
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
	}
	const message = (error as { message?: unknown }).message;
	if (typeof message === 'string') {
		if (/socket hang up/i.test(message)) return 'ECONNRESET';
		if (/timeout of \d+ms exceeded/i.test(message)) return 'ETIMEDOUT';
	}
	return findNetworkCode((error as { cause?: unknown }).cause, depth + 1);
}

/** host:port of a URL, without credentials, path or query string. */
function hostOf(url: string | undefined, baseURL?: string): string | undefined {
	if (!url && !baseURL) return undefined;
	try {
		const parsed = baseURL && url && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url.replace(/^\//, ''), baseURL.replace(/\/?$/, '/')) : new URL(url ?? baseURL!);
		const port = parsed.port || (parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '');
		return parsed.hostname ? `${parsed.hostname}${port ? `:${port}` : ''}` : undefined;
	} catch {
		return undefined;
	}
}

/** The address a network failure names (Node's system error: address + port, or hostname), else the request's URL host. */
function findTarget(candidates: unknown[]): string | undefined {
	for (const candidate of candidates) {
		const c = candidate as { address?: unknown; port?: unknown; hostname?: unknown };
		if (typeof c.address === 'string' && c.address !== '') return c.port !== undefined ? `${c.address}:${String(c.port)}` : c.address;
		if (typeof c.hostname === 'string' && c.hostname !== '') return c.hostname;
	}
	for (const candidate of candidates) {
		const config = (candidate as { config?: { url?: string; baseURL?: string } }).config;
		const host = hostOf(config?.url, config?.baseURL);
		if (host) return host;
	}
	return undefined;
}

/** Pulls status, headers and body out of whatever n8n's HTTP stack threw (a NodeApiError around an axios error, or the axios error itself). */
export function describeFailure(error: unknown): FailureDetails {
	const candidates: unknown[] = [];
	let current: unknown = error;
	for (let i = 0; i < 6 && current && typeof current === 'object'; i++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	let status: number | undefined;
	let headers: Record<string, string> = {};
	let bodyText: string | undefined;
	let requestSecrets: string[] = [];
	let failedRequest: FailureDetails['failedRequest'];
	for (const candidate of candidates) {
		const named = (candidate as { failedRequest?: FailureDetails['failedRequest'] }).failedRequest;
		if (!failedRequest && named && typeof named.method === 'string' && typeof named.url === 'string') failedRequest = named;
		const c = candidate as {
			response?: { status?: number; headers?: unknown; data?: unknown };
			config?: { headers?: unknown; auth?: { username?: string; password?: string } };
			httpCode?: string | null;
		};
		if (c.config?.headers) requestSecrets = requestSecrets.concat(secretsFromHeaders(lowerCaseHeaders(c.config.headers)));
		// Basic authentication: axios builds the Authorization header itself (it is not in config.headers), and an
		// answer echoing it shows "Basic base64(user:password)": that form and the header value are secrets too.
		if (c.config?.auth?.password) requestSecrets.push(c.config.auth.password, ...basicAuthSecrets(c.config.auth.username, c.config.auth.password));
		if (status === undefined && c.response && typeof c.response.status === 'number') {
			status = c.response.status;
			headers = lowerCaseHeaders(c.response.headers);
			bodyText = bodyToText(c.response.data);
		}
	}
	if (status === undefined) {
		const httpCode = (error as { httpCode?: string | null }).httpCode;
		if (httpCode && /^\d{3}$/.test(httpCode)) status = Number(httpCode);
	}
	const message = error instanceof Error ? error.message : String(error);
	const networkCode = status === undefined ? findNetworkCode(error) : undefined;
	return {
		status,
		headers,
		bodyText,
		networkCode,
		target: networkCode ? findTarget(candidates) : undefined,
		requestSecrets,
		message,
		...(failedRequest ? { failedRequest } : {}),
	};
}

import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** The per-call time bound every credential offers, read by `applyRequestTimeout`. */
export function requestTimeoutProperty(): INodeProperties {
	return {
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How long one API call may take before it counts as failed. Reads are then retried; a start is not (it may have started the job).',
	};
}

/** The TLS switch, read by `applyIgnoreSslIssues`; the description names what this vendor's installs look like. */
export function ignoreSslIssuesProperty(description: string): INodeProperties {
	return {
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'ignoreSslIssues',
		type: 'boolean',
		default: false,
		description,
	};
}

export function isAbsoluteUrl(url: string): boolean {
	// The package's own URLs are paths ("/v2/..."): answered without the pattern.
	return url.charCodeAt(0) !== 47 && /^https?:\/\//i.test(url);
}

/**
 * `url` resolved against an API root the way axios joins `baseURL` and `url` (one slash between them). The
 * credentials hand n8n the whole URL rather than a `baseURL`: n8n's request pipeline parses `url` against `baseURL`
 * with `new URL` several times per request (proxy, agent and SSRF checks), an absolute URL not at all.
 */
export function joinUrl(root: string, url: string): string {
	if (!url) return root;
	return `${root.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** A copy of the request with a headers object of its own, so `authenticate` never writes into the caller's. */
export function copyRequest(requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	// Object.assign, not spreads: Node 20's V8 copies by spread on a slow path (a few µs on every request).
	const copy = Object.assign({}, requestOptions);
	copy.headers = Object.assign({}, requestOptions.headers);
	return copy;
}

/** Sets the request's timeout from the credential's `requestTimeoutSeconds` and hands the request back. */
export function applyRequestTimeout(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): IHttpRequestOptions {
	const timeout = Number(credentials.requestTimeoutSeconds);
	if (timeout > 0) options.timeout = timeout * 1000;
	return options;
}

export function applyIgnoreSslIssues(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): void {
	if (credentials.ignoreSslIssues === true) options.skipSslCertificateValidation = true;
}

/** The credential test: one GET against a path below the API root that `authenticate` resolves. */
export function credentialTest(url: string, qs?: IDataObject): ICredentialTestRequest {
	return { request: { method: 'GET', url, ...(qs ? { qs } : {}) } };
}

/**
 * The `exp` and `iat` (ms since the epoch) of a session token that is a JWT (three base64url parts, a JSON payload
 * with a numeric `exp`); undefined for any other token (an opaque session id). Reads the payload only: nothing is
 * verified, nothing is logged.
 */
export function jwtTimes(token: string): { expiresAt: number; issuedAt?: number } | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts[1] || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;
		if (!payload || typeof payload !== 'object') return undefined;
		const { exp, iat } = payload as { exp?: unknown; iat?: unknown };
		if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
		return { expiresAt: exp * 1000, issuedAt: typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 : undefined };
	} catch {
		return undefined;
	}
}

/** How long before a JWT session's `exp` it is renewed (a quarter of its lifetime when that is shorter). */
export const JWT_RENEW_MARGIN_MS = 60_000;

/** Whether a session token is a JWT that expires within the margin (or has expired): renew it before using it. */
export function jwtNeedsRenewal(token: string, now = Date.now()): boolean {
	const times = jwtTimes(token);
	if (!times) return false;
	const lifetime = times.issuedAt !== undefined ? times.expiresAt - times.issuedAt : Infinity;
	const margin = Math.min(JWT_RENEW_MARGIN_MS, Math.max(0, lifetime / 4));
	return times.expiresAt - margin <= now;
}

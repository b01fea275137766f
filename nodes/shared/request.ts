import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { redactText, redactValue, secretsFromHeaders } from './redact';

/** Every n8n context a node can call the API from. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step; doubles per attempt, with full jitter. */
	baseDelayMs: number;
	/** Cap of one backoff step. */
	maxDelayMs: number;
	/** Cap on a server's Retry-After; longer asks fail the request instead of stalling the workflow. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	// 6, not 4: with 20% transient faults, 4 retries still failed 1 request in 3,000 (0.2^5), about one item per
	// 1,000 two-request status reads (test:reliability scenario 2); 0.2^7 is 1 in 78,000.
	maxRetries: 6,
	baseDelayMs: 300,
	maxDelayMs: 10_000,
	maxRetryAfterMs: 60_000,
};

export type ResponseKind = 'json' | 'text';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Absolute URL, or relative to `baseURL`. */
	url: string;
	baseURL?: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string | Buffer;
	headers?: Record<string, string>;
	/** 'json' (default) parses the answer and rejects a body that is not JSON; 'text' returns it as a string. */
	responseKind?: ResponseKind;
	/** An empty answer is a valid result (returned as `{}` for json); otherwise it is an error. */
	allowEmptyBody?: boolean;
	/** GET is idempotent by default; mark other calls that are safe to repeat (status reads sent as POST). */
	idempotent?: boolean;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Ignore TLS certificate problems (self-signed installs). */
	skipSslCertificateValidation?: boolean;
	/** Extra values to scrub from any error text (a password the request carried in its body, say). */
	secrets?: string[];
	/** Shown in the error when this request fails, e.g. "starting job 42". */
	action?: string;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
	/** Attempts made, 1 when the first one succeeded. */
	attempts: number;
}

interface FailureDetails {
	status?: number;
	headers: Record<string, string>;
	bodyText?: string;
	networkCode?: string;
	requestSecrets: string[];
	message: string;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
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
/** Errors where the request never reached the server, so even a start call may be sent again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function lowerCaseHeaders(headers: unknown): Record<string, string> {
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

function bodyToText(data: unknown): string | undefined {
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

/** Pulls status, headers and body out of whatever n8n's HTTP stack threw (a NodeApiError around an axios error, or the axios error itself). */
function describeFailure(error: unknown): FailureDetails {
	const candidates: unknown[] = [];
	let current: unknown = error;
	for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	let status: number | undefined;
	let headers: Record<string, string> = {};
	let bodyText: string | undefined;
	let requestSecrets: string[] = [];
	for (const candidate of candidates) {
		const c = candidate as {
			response?: { status?: number; headers?: unknown; data?: unknown };
			config?: { headers?: unknown; auth?: { password?: string } };
			httpCode?: string | null;
		};
		if (c.config?.headers) requestSecrets = requestSecrets.concat(secretsFromHeaders(lowerCaseHeaders(c.config.headers)));
		if (c.config?.auth?.password) requestSecrets.push(c.config.auth.password);
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
	return { status, headers, bodyText, networkCode: status === undefined ? findNetworkCode(error) : undefined, requestSecrets, message };
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function pickString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

export interface VendorError {
	message?: string;
	code?: string;
	requestId?: string;
}

/**
 * The vendor's own message out of the error body shapes this package meets:
 * Informatica v2 `{"@type":"error",code,description}`, v3 `{error:{code,message,requestId}}`,
 * Database Ingestion `{status,code,message}`, CData Sync `{error:{message}}`, Relational Migrator
 * `{message,description}`, and plain text or HTML pages.
 */
export function parseVendorError(bodyText: string | undefined): VendorError {
	if (!bodyText || bodyText.trim() === '') return {};
	const parsed = tryParseJson(bodyText);
	if (parsed && typeof parsed === 'object') {
		const b = parsed as IDataObject;
		const nested = (b.error && typeof b.error === 'object' ? b.error : undefined) as IDataObject | undefined;
		if (nested) {
			return {
				message: pickString(nested.message, nested.description, nested.detail),
				code: pickString(nested.code),
				requestId: pickString(nested.requestId),
			};
		}
		if (b['@type'] === 'error') {
			return { message: pickString(b.description, b.message), code: pickString(b.code) };
		}
		const message = pickString(b.message, b.description, b.errorMessage, b.error, b.detail, b.title);
		const description = pickString(b.description);
		return {
			message: message && description && message !== description ? `${message}: ${description}` : message,
			code: pickString(b.code, b.errorCode),
		};
	}
	if (/<html|<!doctype/i.test(bodyText)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(bodyText)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(bodyText)?.[1];
		return { message: title ? `HTML page: ${title.trim()}` : 'HTML page instead of an API answer' };
	}
	return { message: bodyText.trim().slice(0, 300) };
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
	const value = headers['retry-after'];
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^attempt)]. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(random() * ceiling);
}

export interface RetryDecision {
	retry: boolean;
	delayMs: number;
}

/**
 * Whether a failed attempt may be sent again. Idempotent calls retry on 429/502/503/504 and network errors;
 * a call that starts something retries only where the server said it did not process it
 * (429, 503 with Retry-After, or a connection that never opened).
 */
export function decideRetry(
	failure: Pick<FailureDetails, 'status' | 'headers' | 'networkCode'>,
	idempotent: boolean,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): RetryDecision {
	if (attempt >= policy.maxRetries) return { retry: false, delayMs: 0 };
	const asked = retryAfterMs(failure.headers);
	if (asked !== undefined && asked > policy.maxRetryAfterMs) return { retry: false, delayMs: 0 };
	const delay = asked !== undefined ? asked : backoffMs(attempt, policy, random);
	if (failure.status !== undefined) {
		if (!RETRYABLE_STATUS.has(failure.status)) return { retry: false, delayMs: 0 };
		if (idempotent) return { retry: true, delayMs: delay };
		const notProcessed = failure.status === 429 || (failure.status === 503 && asked !== undefined);
		return { retry: notProcessed, delayMs: delay };
	}
	if (failure.networkCode) {
		if (idempotent || NOT_SENT_CODES.has(failure.networkCode)) return { retry: true, delayMs: delay };
	}
	return { retry: false, delayMs: 0 };
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad request',
	401: 'Authentication failed',
	403: 'Forbidden',
	404: 'Not found',
	409: 'Conflict',
	422: 'Unprocessable request',
	429: 'Too many requests',
	500: 'Server error',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

function buildApiError(node: INode, req: ApiRequest, failure: FailureDetails, attempts: number, itemIndex?: number): NodeApiError {
	const secrets = [...failure.requestSecrets, ...(req.secrets ?? [])];
	const vendor = parseVendorError(failure.bodyText);
	const what = req.action ? ` while ${req.action}` : '';
	let message: string;
	let description: string;
	if (failure.status !== undefined) {
		const label = STATUS_TEXT[failure.status] ?? `HTTP ${failure.status}`;
		message = vendor.message ? `${label} (${failure.status}): ${vendor.message}` : `${label} (${failure.status})`;
		description = `${req.method} ${pathOf(req)} answered ${failure.status}${what}.`;
		if (vendor.code) description += ` Vendor code: ${vendor.code}.`;
		if (vendor.requestId) description += ` Request id: ${vendor.requestId}.`;
		if (failure.status === 401) description += ' Check the credential; the session is renewed automatically once per request.';
	} else if (failure.networkCode) {
		// The code stays out of the message: n8n would replace a message naming a code with its own generic text.
		const timedOut = ['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT'].includes(failure.networkCode);
		message = timedOut ? 'The service did not answer in time' : 'The service could not be reached';
		description = `${req.method} ${pathOf(req)} failed${what} (network error ${failure.networkCode}). ${
			timedOut ? 'A start that timed out may still have started the job: check it before running again.' : 'Check the URL in the credential and that n8n can reach it.'
		}`;
	} else {
		message = failure.message || 'Request failed';
		description = `${req.method} ${pathOf(req)} failed${what}.`;
	}
	if (attempts > 1) description += ` Gave up after ${attempts} attempts.`;
	const body = failure.bodyText ? tryParseJson(failure.bodyText) ?? failure.bodyText.slice(0, 2000) : undefined;
	const errorResponse: JsonObject = redactValue(
		{
			message,
			httpCode: failure.status !== undefined ? String(failure.status) : null,
			vendorCode: vendor.code ?? null,
			body: (body ?? null) as JsonObject,
		},
		secrets,
	);
	return new NodeApiError(node, errorResponse, {
		message: redactText(message, secrets),
		description: redactText(description, secrets),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
}

function pathOf(req: ApiRequest): string {
	const full = req.baseURL && !/^https?:\/\//i.test(req.url) ? `${req.baseURL.replace(/\/$/, '')}/${req.url.replace(/^\//, '')}` : req.url;
	try {
		return new URL(full).pathname;
	} catch {
		return full.split('?')[0];
	}
}

function malformedError(node: INode, req: ApiRequest, statusCode: number, bodyText: string, itemIndex?: number): NodeApiError {
	const vendor = parseVendorError(bodyText);
	const empty = bodyText.trim() === '';
	const message = empty ? 'The API answered with an empty body' : 'The API answered with a body that is not valid JSON';
	return new NodeApiError(
		node,
		{ message, httpCode: String(statusCode), body: redactValue(bodyText.slice(0, 500), req.secrets ?? []) },
		{
			message,
			description: redactText(
				`${req.method} ${pathOf(req)} answered ${statusCode}${empty ? '' : `: ${vendor.message ?? ''}`}`.trim(),
				req.secrets ?? [],
			),
			httpCode: String(statusCode),
			itemIndex,
		},
	);
}

export interface RequestCallOptions {
	itemIndex?: number;
	/** Test seam for the retry wait. */
	sleepFn?: (ms: number) => Promise<void>;
}

function cancelSignal(ctx: ApiContext): AbortSignal | undefined {
	const fn = (ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal;
	return typeof fn === 'function' ? fn.call(ctx) : undefined;
}

/**
 * The one authenticated request every vendor transport makes: n8n's httpRequestWithAuthentication (the credential
 * logs in and renews sessions), the vendor's error turned into a NodeApiError with its HTTP status, and retries
 * of the failures that are safe to retry.
 */
export async function apiRequestFull<T = unknown>(
	ctx: ApiContext,
	credentialType: string,
	req: ApiRequest,
	options: RequestCallOptions = {},
): Promise<ApiResponse<T>> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY, ...(req.retry ?? {}) };
	const idempotent = req.idempotent ?? ['GET', 'HEAD', 'OPTIONS'].includes(req.method);
	const responseKind = req.responseKind ?? 'json';
	const wait = options.sleepFn ?? sleep;
	const node = ctx.getNode();

	for (let attempt = 0; ; attempt++) {
		const requestOptions: IHttpRequestOptions = {
			method: req.method,
			url: req.url,
			baseURL: req.baseURL,
			qs: req.qs,
			body: req.body as IHttpRequestOptions['body'],
			headers: { Accept: 'application/json', ...(req.headers ?? {}) },
			// Parse here, not in axios: a truncated JSON answer must become a clear error, not a string.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			timeout: req.timeoutMs ?? 60_000,
			skipSslCertificateValidation: req.skipSslCertificateValidation,
		};
		if (req.body !== undefined && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
			requestOptions.headers = { 'Content-Type': 'application/json', ...requestOptions.headers };
			requestOptions.body = JSON.stringify(req.body);
		}
		let raw: { body: unknown; headers: unknown; statusCode: number };
		try {
			raw = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, requestOptions)) as typeof raw;
		} catch (error) {
			const failure = describeFailure(error);
			const signal = cancelSignal(ctx);
			const decision = signal?.aborted ? { retry: false, delayMs: 0 } : decideRetry(failure, idempotent, attempt, policy);
			if (!decision.retry) {
				// A credential problem raised before any request (no credential, bad login) keeps n8n's own error.
				if (failure.status === undefined && !failure.networkCode && error instanceof Error && !(error as { cause?: unknown }).cause) {
					throw redactError(error, [...failure.requestSecrets, ...(req.secrets ?? [])]);
				}
				throw buildApiError(node, req, failure, attempt + 1, options.itemIndex);
			}
			await wait(decision.delayMs);
			continue;
		}
		const headers = lowerCaseHeaders(raw.headers);
		const text = bodyToText(raw.body) ?? '';
		let body: unknown;
		if (responseKind === 'text') {
			body = text;
		} else if (text.trim() === '') {
			if (!req.allowEmptyBody) throw malformedError(node, req, raw.statusCode, text, options.itemIndex);
			body = {};
		} else {
			body = tryParseJson(text);
			if (body === undefined) throw malformedError(node, req, raw.statusCode, text, options.itemIndex);
		}
		return { statusCode: raw.statusCode, headers, body: body as T, attempts: attempt + 1 };
	}
}

function redactError(error: Error, secrets: string[]): Error {
	error.message = redactText(error.message, secrets);
	const withDescription = error as Error & { description?: string | null };
	if (typeof withDescription.description === 'string') withDescription.description = redactText(withDescription.description, secrets);
	return error;
}

/** `apiRequestFull` returning the parsed body only. */
export async function apiRequest<T = unknown>(
	ctx: ApiContext,
	credentialType: string,
	req: ApiRequest,
	options: RequestCallOptions = {},
): Promise<T> {
	const response = await apiRequestFull<T>(ctx, credentialType, req, options);
	return response.body;
}

/** A failed request as the user sees it: a NodeApiError with the service's own message, its HTTP status and no secret. */
import type { IDataObject, IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FailureDetails } from './failure';
import { timedOut, tlsFailure } from './failure';
import { redactText, redactValue } from './redact';

export interface VendorError {
	message?: string;
	code?: string;
	requestId?: string;
}

/** How a vendor's transport reads its error answers; every field falls back to the shared reading. */
export interface ErrorReading {
	/** The service's message, code and request id out of an error body. */
	parseBody?: (bodyText: string | undefined) => VendorError;
	/** A sentence for the error's description, by HTTP status (and the service's message): what that answer means here. */
	hint?: (status: number, vendor: VendorError) => string | undefined;
	/** The service's own name for a status outside the standard ones (e.g. a vendor's 470), used as the message's label. */
	statusText?: (status: number) => string | undefined;
}

/** What the error needs to know about the request that failed. */
export interface FailedRequest {
	method: IHttpRequestMethods;
	url: string;
	baseURL?: string;
	/** A call that is safe to repeat (a read); a timed-out call that is not may have started something. */
	idempotent?: boolean;
	secrets?: string[];
	action?: string;
	errors?: ErrorReading;
}

export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export function pickString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

/**
 * The service's own message out of the common error body shapes: a nested `{error:{code,message,requestId}}`,
 * a flat `{message,description,code}` (message and description joined when both say something), and plain text or
 * HTML pages. A vendor with another shape hands its own reader to the request (`ErrorReading.parseBody`).
 */
export function parseErrorBody(bodyText: string | undefined): VendorError {
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

/** The shared hints, used where the vendor gives none for that status. */
function defaultHint(status: number): string | undefined {
	return status === 401 ? 'Check the credential; the session is renewed automatically once per request.' : undefined;
}

function pathOf(req: FailedRequest): string {
	const full = req.baseURL && !/^https?:\/\//i.test(req.url) ? `${req.baseURL.replace(/\/$/, '')}/${req.url.replace(/^\//, '')}` : req.url;
	try {
		return new URL(full).pathname;
	} catch {
		return full.split('?')[0];
	}
}

function readBody(req: FailedRequest, bodyText: string | undefined): VendorError {
	return (req.errors?.parseBody ?? parseErrorBody)(bodyText);
}

function statusSummary(req: FailedRequest, status: number, vendor: VendorError): { message: string; description: string } {
	const named = STATUS_TEXT[status] ?? req.errors?.statusText?.(status);
	// "HTTP 440" already says the status: no "HTTP 440 (440)".
	const label = named ? `${named} (${status})` : `HTTP ${status}`;
	const message = vendor.message ? `${label}: ${vendor.message}` : label;
	let description = `${req.method} ${pathOf(req)} answered ${status}${req.action ? ` while ${req.action}` : ''}.`;
	if (vendor.code) description += ` Vendor code: ${vendor.code}.`;
	if (vendor.requestId) description += ` Request id: ${vendor.requestId}.`;
	const hint = req.errors?.hint?.(status, vendor) ?? defaultHint(status);
	if (hint) description += ` ${hint}`;
	return { message, description };
}

function isRead(req: FailedRequest): boolean {
	return req.idempotent ?? ['GET', 'HEAD', 'OPTIONS'].includes(req.method);
}

function networkSummary(req: FailedRequest, networkCode: string, target: string | undefined): { message: string; description: string } {
	// The code stays out of the message: n8n would replace a message naming a code with its own generic text.
	const late = timedOut(networkCode);
	const at = target ? ` at ${target}` : '';
	if (tlsFailure(networkCode)) {
		const plainHttp = networkCode === 'EPROTO' || networkCode === 'ERR_SSL_WRONG_VERSION_NUMBER';
		return {
			message: `The TLS connection to the service${at} failed`,
			description:
				`${req.method} ${pathOf(req)} failed${req.action ? ` while ${req.action}` : ''} (TLS error ${networkCode}). ` +
				(plainHttp
					? 'The URL says https, but the service there does not speak TLS: if it serves plain HTTP, change the URL in the credential to http://.'
					: "The service's certificate is not trusted (self-signed, expired or for another name). If you trust this server, turn on the credential's Ignore SSL Issues switch (where it has one), or give n8n the certificate authority (NODE_EXTRA_CA_CERTS)."),
		};
	}
	let advice: string;
	if (late) {
		// Only a call that changes something can have done so unseen; a read that timed out is just to be tried again.
		advice = isRead(req)
			? 'The service may be busy or the network slow: run it again, or raise the timeout.'
			: 'A start that timed out may still have started the job: check it before running again.';
	} else {
		advice = `Check the URL in the credential${target ? ` (n8n tried ${target})` : ''} and that n8n can reach it.`;
	}
	return {
		message: late ? `The service${at} did not answer in time` : `The service${at} could not be reached`,
		description: `${req.method} ${pathOf(req)} failed${req.action ? ` while ${req.action}` : ''} (network error ${networkCode}). ${advice}`,
	};
}

/** The NodeApiError for a request that failed (after its retries). */
export function buildApiError(node: INode, sent: FailedRequest, failure: FailureDetails, attempts: number, itemIndex?: number): NodeApiError {
	// A login that failed before the node's request was sent is the request to name (see FailureDetails.failedRequest).
	const named = failure.failedRequest;
	const req: FailedRequest = named
		? { ...sent, method: named.method as IHttpRequestMethods, url: named.url, baseURL: undefined, action: named.action, errors: { parseBody: sent.errors?.parseBody } }
		: sent;
	const secrets = [...failure.requestSecrets, ...(req.secrets ?? [])];
	const vendor = readBody(req, failure.bodyText);
	let { message, description } =
		failure.status !== undefined
			? statusSummary(req, failure.status, vendor)
			: failure.networkCode
				? networkSummary(req, failure.networkCode, failure.target)
				: { message: failure.message || 'Request failed', description: `${req.method} ${pathOf(req)} failed${req.action ? ` while ${req.action}` : ''}.` };
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
	message = redactText(message, secrets);
	return new NodeApiError(node, errorResponse, {
		message,
		description: redactText(description, secrets),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
}

/** The NodeApiError for a 2xx answer whose body is empty or not JSON where JSON was expected. */
export function malformedError(
	node: INode,
	req: FailedRequest,
	statusCode: number,
	bodyText: string,
	itemIndex?: number,
	requestSecrets: readonly string[] = [],
): NodeApiError {
	// The same secrets as a failed request's: what the request carried (its credential's) and the caller's own.
	const secrets = [...requestSecrets, ...(req.secrets ?? [])];
	const vendor = readBody(req, bodyText);
	const empty = bodyText.trim() === '';
	const message = empty ? 'The API answered with an empty body' : 'The API answered with a body that is not valid JSON';
	return new NodeApiError(
		node,
		{ message, httpCode: String(statusCode), body: redactText(bodyText, secrets).slice(0, 500) },
		{
			message,
			description: redactText(
				`${req.method} ${pathOf(req)} answered ${statusCode}${empty ? '' : `: ${vendor.message ?? ''}`}`.trim(),
				secrets,
			),
			httpCode: String(statusCode),
			itemIndex,
		},
	);
}

/** n8n's own error (no credential, a failed login), with any secret scrubbed from its text. */
export function redactError(error: Error, secrets: string[]): Error {
	error.message = redactText(error.message, secrets);
	const withDescription = error as Error & { description?: string | null };
	if (typeof withDescription.description === 'string') withDescription.description = redactText(withDescription.description, secrets);
	return error;
}

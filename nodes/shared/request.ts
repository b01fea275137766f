import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { cancelledWhileHeld } from './afterCancel';
import type { ErrorReading } from './apiError';
import { buildApiError, malformedError, redactError, tryParseJson } from './apiError';
import { bodyToText, describeFailure, lowerCaseHeaders } from './failure';
import { secretsFromCredentials } from './redact';
import type { RetryPolicy } from './retry';
import { decideRetry, DEFAULT_RETRY, markAnswerLost } from './retry';

/** Every n8n context a node can call the API from. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

export type ResponseKind = 'json' | 'text' | 'binary';

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Absolute URL, or relative to `baseURL`. */
	url: string;
	baseURL?: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string | Buffer;
	headers?: Record<string, string>;
	/** 'json' (default) parses the answer and rejects a body that is not JSON; 'text' returns it as a string; 'binary' as a Buffer (a file download). */
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
	/** The vendor's error-body reader and hints, handed in by its transport. */
	errors?: ErrorReading;
	/**
	 * Asked before each attempt: credential options for this attempt, e.g. the stored credential with its session
	 * emptied so n8n logs in before the session's own expiry (see the Informatica transport). Undefined: n8n's default.
	 */
	credentialOptions?: () => Promise<IAdditionalCredentialOptions | undefined>;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
	/** Attempts made, 1 when the first one succeeded. */
	attempts: number;
}

/** An answer whose headers are lowered when a caller reads them (a download's file name, a Location), not for every answer. */
class Answer<T> implements ApiResponse<T> {
	private lowered: Record<string, string> | undefined;

	constructor(
		readonly statusCode: number,
		readonly body: T,
		readonly attempts: number,
		private readonly rawHeaders: unknown,
	) {}

	get headers(): Record<string, string> {
		this.lowered ??= lowerCaseHeaders(this.rawHeaders);
		return this.lowered;
	}
}

export interface RequestCallOptions {
	itemIndex?: number;
	/** Test seam for the retry wait. */
	sleepFn?: (ms: number) => Promise<void>;
}

/** The secrets the credential's data holds (see secretsFromCredentials); none when it cannot be read. */
async function credentialSecrets(ctx: ApiContext, credentialType: string, itemIndex?: number): Promise<string[]> {
	const read = (ctx as { getCredentials?: (type: string, itemIndex?: number) => Promise<Record<string, unknown>> }).getCredentials;
	if (typeof read !== 'function') return [];
	try {
		return secretsFromCredentials(await read.call(ctx, credentialType, itemIndex));
	} catch {
		return [];
	}
}

/**
 * The error for a 2xx answer that is empty or not JSON, scrubbed of the credential's secrets: the request n8n sent
 * (with the credential's headers) is not at hand on a success, the credential is.
 */
async function unreadable(ctx: ApiContext, credentialType: string, req: ApiRequest, statusCode: number, text: string, itemIndex?: number): Promise<Error> {
	const secrets = await credentialSecrets(ctx, credentialType, itemIndex);
	return markAnswerLost(malformedError(ctx.getNode(), req, statusCode, text, itemIndex, secrets), 'unreadable');
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
	// Read only: the shared default unless the call changes it. (Object.assign, not spreads: Node 20's V8 copies
	// by spread on a slow path, a few µs on every request.)
	const policy: RetryPolicy = req.retry ? Object.assign({}, DEFAULT_RETRY, req.retry) : DEFAULT_RETRY;
	const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
	const responseKind = req.responseKind ?? 'json';
	const wait = options.sleepFn ?? sleep;
	// Only an error needs the node (getNode() copies it): not read on the way of every request.
	const node = () => ctx.getNode();

	for (let attempt = 0; ; attempt++) {
		const requestOptions: IHttpRequestOptions = {
			method: req.method,
			url: req.url,
			headers: req.headers ? Object.assign({ Accept: 'application/json' }, req.headers) : { Accept: 'application/json' },
			// Parse here, not in axios: a truncated JSON answer must become a clear error, not a string.
			encoding: responseKind === 'binary' ? 'arraybuffer' : 'text',
			json: false,
			returnFullResponse: true,
			timeout: req.timeoutMs ?? 60_000,
		};
		// Only the options set: n8n's request pipeline and the credential's copy walk every key on every request.
		if (req.baseURL !== undefined) requestOptions.baseURL = req.baseURL;
		if (req.qs !== undefined) requestOptions.qs = req.qs;
		if (req.skipSslCertificateValidation !== undefined) requestOptions.skipSslCertificateValidation = req.skipSslCertificateValidation;
		if (req.body !== undefined && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
			requestOptions.headers = { 'Content-Type': 'application/json', ...requestOptions.headers };
			requestOptions.body = JSON.stringify(req.body);
		} else if (req.body !== undefined) {
			requestOptions.body = req.body as IHttpRequestOptions['body'];
		}
		let raw: { body: unknown; headers: unknown; statusCode: number };
		try {
			const credentialOptions = req.credentialOptions ? await req.credentialOptions() : undefined;
			raw = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, requestOptions, credentialOptions)) as typeof raw;
		} catch (error) {
			const failure = describeFailure(error);
			const signal = cancelSignal(ctx);
			// Cancelled: nothing is sent again, also not a call the engine lets finish despite the cancel (a start).
			const cancelled = signal?.aborted || cancelledWhileHeld(ctx);
			const decision = cancelled ? { retry: false, delayMs: 0 } : decideRetry(failure, idempotent, attempt, policy);
			if (!decision.retry) {
				// A credential problem raised before any request (no credential, bad login) keeps n8n's own error.
				if (failure.status === undefined && !failure.networkCode && error instanceof Error && !(error as { cause?: unknown }).cause) {
					throw redactError(error, [...failure.requestSecrets, ...(req.secrets ?? [])]);
				}
				throw markAnswerLost(buildApiError(node(), req, failure, attempt + 1, options.itemIndex), failure);
			}
			await wait(decision.delayMs);
			continue;
		}
		const answer = (statusCode: number, body: T): ApiResponse<T> => new Answer(statusCode, body, attempt + 1, raw.headers);
		if (responseKind === 'binary') {
			const bytes = Buffer.isBuffer(raw.body) ? raw.body : raw.body instanceof ArrayBuffer ? Buffer.from(raw.body) : Buffer.from(bodyToText(raw.body) ?? '');
			if (bytes.length === 0 && !req.allowEmptyBody) throw await unreadable(ctx, credentialType, req, raw.statusCode, '', options.itemIndex);
			return answer(raw.statusCode, bytes as T);
		}
		const text = bodyToText(raw.body) ?? '';
		let body: unknown;
		if (responseKind === 'text') {
			body = text;
		} else if (text.trim() === '') {
			if (!req.allowEmptyBody) throw await unreadable(ctx, credentialType, req, raw.statusCode, text, options.itemIndex);
			body = {};
		} else {
			body = tryParseJson(text);
			if (body === undefined) throw await unreadable(ctx, credentialType, req, raw.statusCode, text, options.itemIndex);
		}
		return answer(raw.statusCode, body as T);
	}
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

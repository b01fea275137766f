import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { jwtNeedsRenewal, jwtTimes } from '../../credentials/shared';

import type { ErrorReading, VendorError } from '../shared/apiError';
import { parseErrorBody, pickString, tryParseJson } from '../shared/apiError';
import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';

export const INFORMATICA_CREDENTIAL = 'informaticaIdmcApi';

/**
 * The Informatica API families, each under the pod URL the login returned (the credential resolves it and adds the
 * session header the family wants: icSessionId, INFA-SESSION-ID, IDS-SESSION-ID).
 */
export const INFORMATICA_PATHS = {
	v2: '/api/v2',
	v3: '/public/core/v3',
	databaseIngestion: '/dbmi/public/api/v2',
	/** Taskflows published as services: on the pod host itself, not under the login's `/saas` (the credential strips it). */
	taskflow: '/active-bpel',
} as const;

export type InformaticaFamily = keyof typeof INFORMATICA_PATHS;

export type InformaticaRequest = Omit<ApiRequest, 'url' | 'baseURL' | 'errors'> & {
	family: InformaticaFamily;
	/** Path below the family's prefix, e.g. '/job' or '/task/create'. */
	path: string;
};

/**
 * Informatica's error bodies: v2 answers `{"@type":"error",code,description}`; v3 `{error:{code,message,requestId}}`
 * and Database Ingestion `{status,code,message}` are the shared shapes.
 */
export function informaticaErrorBody(bodyText: string | undefined): VendorError {
	const parsed = bodyText ? tryParseJson(bodyText) : undefined;
	if (parsed && typeof parsed === 'object') {
		const b = parsed as IDataObject;
		const nested = b.error && typeof b.error === 'object';
		if (!nested && b['@type'] === 'error') return { message: pickString(b.description, b.message), code: pickString(b.code) };
	}
	return parseErrorBody(bodyText);
}

const INFORMATICA_ERRORS: ErrorReading = { parseBody: informaticaErrorBody };

const opaqueSessionContexts = new WeakSet<object>();

/**
 * A JWT session (organizations can switch to them) expires on its own at its `exp`: before that (with a margin) the
 * stored credential is handed to n8n with its session emptied, so n8n runs the credential's login first (shared by
 * concurrent requests) and stores the new session. Opaque session ids are renewed after a 401 as before.
 */
export async function renewJwtSessionOptions(ctx: ApiContext, now = Date.now()): Promise<IAdditionalCredentialOptions | undefined> {
	// A context whose session was an opaque id needs no further credential reads (n8n renews those after a 401).
	if (opaqueSessionContexts.has(ctx)) return undefined;
	let credentials: ICredentialDataDecryptedObject | undefined;
	try {
		credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(INFORMATICA_CREDENTIAL);
	} catch {
		return undefined; // n8n's own request reports a missing credential
	}
	const sessionId = typeof credentials?.sessionId === 'string' ? credentials.sessionId : '';
	if (sessionId && jwtTimes(sessionId) === undefined) opaqueSessionContexts.add(ctx);
	if (!sessionId || !jwtNeedsRenewal(sessionId, now)) return undefined;
	const stored = ctx.getNode().credentials?.[INFORMATICA_CREDENTIAL];
	return {
		credentialsDecrypted: {
			id: stored?.id ?? INFORMATICA_CREDENTIAL,
			name: stored?.name ?? INFORMATICA_CREDENTIAL,
			type: INFORMATICA_CREDENTIAL,
			data: { ...credentials, sessionId: '' },
		},
	};
}

/** The one authenticated request of the Informatica nodes. */
export async function informaticaRequest<T = IDataObject>(
	ctx: ApiContext,
	request: InformaticaRequest,
	options: RequestCallOptions = {},
): Promise<T> {
	// Copied onto a fresh object: rest destructuring and spreads are slow paths in Node 20's V8 (a few µs on every
	// request); the shared request ignores the `family` and `path` left in.
	const req: ApiRequest = Object.assign({}, request, {
		url: `${INFORMATICA_PATHS[request.family]}${request.path}`,
		errors: INFORMATICA_ERRORS,
		credentialOptions: async () => await renewJwtSessionOptions(ctx),
	});
	return await apiRequest<T>(ctx, INFORMATICA_CREDENTIAL, req, options);
}

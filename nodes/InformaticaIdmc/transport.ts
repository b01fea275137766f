import type { IDataObject } from 'n8n-workflow';

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

/** The one authenticated request of the Informatica nodes. */
export async function informaticaRequest<T = IDataObject>(
	ctx: ApiContext,
	request: InformaticaRequest,
	options: RequestCallOptions = {},
): Promise<T> {
	const { family, path, ...rest } = request;
	return await apiRequest<T>(ctx, INFORMATICA_CREDENTIAL, { ...rest, url: `${INFORMATICA_PATHS[family]}${path}`, errors: INFORMATICA_ERRORS }, options);
}

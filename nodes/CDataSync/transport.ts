import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';

export const CDATA_SYNC_CREDENTIAL = 'cDataSyncApi';

export type CDataSyncRequest = Omit<ApiRequest, 'url' | 'baseURL' | 'skipSslCertificateValidation'> & {
	/** Path below `/api.rsc/v2`, e.g. `/jobs/{id}/status`. */
	path: string;
};

/** Path segment for an id typed by a user (ids may carry characters that need escaping). */
export function segment(id: string): string {
	return encodeURIComponent(id.trim());
}

/**
 * The one authenticated request of the CData Sync nodes: `<credential base URL>/v2<path>`, the credential's
 * "ignore SSL issues" honoured, and a hint for the two setup problems behind most 401/403 answers.
 */
export async function cdataSyncRequest<T = IDataObject>(ctx: ApiContext, request: CDataSyncRequest, options: RequestCallOptions = {}): Promise<T> {
	const { path, ...rest } = request;
	// The credential adds the base URL, the token (header or Basic) and "ignore SSL issues" to every request.
	return await apiRequest<T>(ctx, CDATA_SYNC_CREDENTIAL, { ...rest, url: `/v2${path}` }, options).catch((error: unknown) => {
		throw withSetupHint(error);
	});
}

/** 401/403 from Sync almost always mean a wrong token or an untrusted caller address: say both (the error stays a NodeApiError). */
function withSetupHint(error: unknown): unknown {
	if (error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403')) {
		const base = (error.description ?? '').replace(' Check the credential; the session is renewed automatically once per request.', '');
		error.description =
			`${base} CData Sync refused the call: check the auth token in the credential (Settings > Users > API Access) ` +
			'and, when n8n runs on another machine, that its IP address is in Settings > Admin API > Trusted IP Addresses (only localhost is trusted by default).';
	}
	return error;
}

/** Lists come back as a JSON array; a wrapper object (`value`, `items`, `data`, ...) is unwrapped too. */
export function asList(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') {
		for (const key of ['value', 'items', 'data', 'results', 'jobs', 'tasks', 'workspaces', 'history']) {
			const inner = (body as IDataObject)[key];
			if (Array.isArray(inner)) return inner as IDataObject[];
		}
	}
	return [];
}

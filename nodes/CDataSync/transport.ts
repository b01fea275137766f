import type { IDataObject } from 'n8n-workflow';

import type { ErrorReading } from '../shared/apiError';
import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';

/** @deprecated kept for CDataSyncTrigger.node.ts until it imports `pathSegment` from shared/parameters. */

export const CDATA_SYNC_CREDENTIAL = 'cDataSyncApi';

export type CDataSyncRequest = Omit<ApiRequest, 'url' | 'baseURL' | 'skipSslCertificateValidation' | 'errors'> & {
	/** Path below `/api.rsc/v2`, e.g. `/jobs/{id}/status`. */
	path: string;
};

/** 401/403 from Sync almost always mean a wrong token or an untrusted caller address: say both. */
const CDATA_SYNC_ERRORS: ErrorReading = {
	hint: (status) =>
		status === 401 || status === 403
			? 'CData Sync refused the call: check the auth token in the credential (Settings > Users > API Access) ' +
				'and, when n8n runs on another machine, that its IP address is in Settings > Admin API > Trusted IP Addresses (only localhost is trusted by default).'
			: undefined,
};

/**
 * The one authenticated request of the CData Sync nodes: `<credential base URL>/v2<path>`; the credential adds the
 * base URL, the token (header or Basic) and "ignore SSL issues" to every request.
 */
export async function cdataSyncRequest<T = IDataObject>(ctx: ApiContext, request: CDataSyncRequest, options: RequestCallOptions = {}): Promise<T> {
	// Copied onto a fresh object: rest destructuring and spreads are slow paths in Node 20's V8 (a few µs on every
	// request); the shared request ignores the `path` left in.
	const req: ApiRequest = Object.assign({}, request, { url: `/v2${request.path}`, errors: CDATA_SYNC_ERRORS });
	return await apiRequest<T>(ctx, CDATA_SYNC_CREDENTIAL, req, options);
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

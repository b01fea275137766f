import type { IDataObject } from 'n8n-workflow';

import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';

export const RELATIONAL_MIGRATOR_CREDENTIAL = 'mongoDbRelationalMigratorApi';

export type MigratorRequest = Omit<ApiRequest, 'baseURL'> & {
	/** Path below /api/v1, e.g. '/jobs' (the credential adds the app URL and /api/v1). */
	url: string;
};

/** The secret a reverse proxy checks: scrubbed from any error text, whatever the header is called. */
async function credentialSecrets(ctx: ApiContext): Promise<string[]> {
	try {
		const credentials = await ctx.getCredentials(RELATIONAL_MIGRATOR_CREDENTIAL);
		const value = String(credentials?.headerSecret ?? '');
		return value ? [value] : [];
	} catch {
		return [];
	}
}

/** The one request of the Relational Migrator nodes: the credential resolves the URL and adds the proxy header. */
export async function migratorRequest<T = IDataObject>(ctx: ApiContext, request: MigratorRequest, options: RequestCallOptions = {}): Promise<T> {
	const secrets = [...(request.secrets ?? []), ...(await credentialSecrets(ctx))];
	return await apiRequest<T>(ctx, RELATIONAL_MIGRATOR_CREDENTIAL, { ...request, secrets }, options);
}

/** A path segment from user input (job ids are `^[A-Za-z0-9-]+$` in the spec; anything else is encoded, never spliced). */
export function segment(value: string): string {
	return encodeURIComponent(value.trim());
}

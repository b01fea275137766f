import type { IDataObject } from 'n8n-workflow';

import type { ErrorReading } from '../shared/apiError';
import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';

export const RELATIONAL_MIGRATOR_CREDENTIAL = 'mongoDbRelationalMigratorApi';

export type MigratorRequest = Omit<ApiRequest, 'baseURL' | 'errors'> & {
	/** Path below /api/v1, e.g. '/jobs' (the credential adds the app URL and /api/v1). */
	url: string;
};

/** 440 (POST /jobs only): the MongoDB connection string names no database. */
const MIGRATOR_ERRORS: ErrorReading = {
	hint: (status) =>
		status === 440 ? "Put the destination database name in the connection string's path, e.g. mongodb://host:27017/<database>." : undefined,
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
	return await apiRequest<T>(ctx, RELATIONAL_MIGRATOR_CREDENTIAL, { ...request, secrets, errors: MIGRATOR_ERRORS }, options);
}

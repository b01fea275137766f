import type { IDataObject } from 'n8n-workflow';

import type { ErrorReading } from '../shared/apiError';
import type { ApiContext, ApiRequest, RequestCallOptions } from '../shared/request';
import { apiRequest } from '../shared/request';
import { runContext } from '../shared/runContext';

export const RELATIONAL_MIGRATOR_CREDENTIAL = 'mongoDbRelationalMigratorApi';

export type MigratorRequest = Omit<ApiRequest, 'baseURL' | 'errors'> & {
	/** Path below /api/v1, e.g. '/jobs' (the credential adds the app URL and /api/v1). */
	url: string;
};

/**
 * Relational Migrator's own status codes (OpenAPI 1.13.0; replaced by standard codes in the June 2026 release), named
 * in the message instead of a bare "HTTP 470". Which side a 440 is about is the create operation's to say: it knows the
 * body (see create.operation.ts).
 */
const MIGRATOR_STATUS_TEXT: Record<number, string> = {
	433: 'Cannot connect to the SQL database',
	440: 'No database name',
	470: 'Migration job already running',
	492: 'No relevant mappings',
	497: 'Not allowed while query conversions run',
	498: 'Analysis task could not be cancelled',
};

const MIGRATOR_ERRORS: ErrorReading = {
	statusText: (status) => MIGRATOR_STATUS_TEXT[status],
};

/** Per node run (its context): the credential's secrets, read once (n8n decrypts the credential on every read). */
const secretsByRun = new WeakMap<object, Promise<string[]>>();

/** The secret a reverse proxy checks: scrubbed from any error text, whatever the header is called. */
function credentialSecrets(ctx: ApiContext): Promise<string[]> {
	let secrets = secretsByRun.get(runContext(ctx));
	if (!secrets) {
		secrets = (async () => {
			try {
				const credentials = await ctx.getCredentials(RELATIONAL_MIGRATOR_CREDENTIAL);
				const value = String(credentials?.headerSecret ?? '');
				return value ? [value] : [];
			} catch {
				return [];
			}
		})();
		secretsByRun.set(runContext(ctx), secrets);
	}
	return secrets;
}

/** The one request of the Relational Migrator nodes: the credential resolves the URL and adds the proxy header. */
export async function migratorRequest<T = IDataObject>(ctx: ApiContext, request: MigratorRequest, options: RequestCallOptions = {}): Promise<T> {
	const secrets = [...(request.secrets ?? []), ...(await credentialSecrets(ctx))];
	// Object.assign, not a spread: Node 20's V8 copies by spread on a slow path (a few µs on every request).
	return await apiRequest<T>(ctx, RELATIONAL_MIGRATOR_CREDENTIAL, Object.assign({}, request, { secrets, errors: MIGRATOR_ERRORS }), options);
}

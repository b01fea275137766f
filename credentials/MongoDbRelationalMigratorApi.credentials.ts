import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { applyIgnoreSslIssues, applyRequestTimeout, copyRequest, credentialTest, ignoreSslIssuesProperty, isAbsoluteUrl, joinUrl, requestTimeoutProperty } from './shared';

/** Where the REST API lives below the app's URL. */
export const RELATIONAL_MIGRATOR_API_PATH = '/api/v1';

/** The API base URL for the credential's fields: the app URL without trailing slashes, plus /api/v1. */
export function relationalMigratorApiUrl(credentials: ICredentialDataDecryptedObject): string {
	const base = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	return base.endsWith(RELATIONAL_MIGRATOR_API_PATH) ? base : `${base}${RELATIONAL_MIGRATOR_API_PATH}`;
}

export class MongoDbRelationalMigratorApi implements ICredentialType {
	name = 'mongoDbRelationalMigratorApi';

	displayName = 'MongoDB Relational Migrator API';

	icon: Icon = {
		light: 'file:../nodes/MongoDbRelationalMigrator/mongoDbRelationalMigrator.svg',
		dark: 'file:../nodes/MongoDbRelationalMigrator/mongoDbRelationalMigrator.dark.svg',
	};

	documentationUrl = 'https://www.mongodb.com/docs/relational-migrator/';

	properties: INodeProperties[] = [
		{
			displayName:
				'The Relational Migrator API has no authentication of its own. By default it answers local callers only; to reach it from n8n on another machine, run it with the <code>unattended</code> profile behind a reverse proxy that checks a header (set it below) and limits who can connect.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:8278',
			placeholder: 'http://127.0.0.1:8278',
			required: true,
			description: 'URL of the Relational Migrator app (port 8278, 8080 or 443 by install); the API is under /api/v1',
		},
		{
			displayName: 'Proxy Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'X-Migrator-Key',
			description: 'Optional header that a reverse proxy in front of the server checks. Leave empty to send none.',
		},
		{
			displayName: 'Proxy Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Value of the proxy header (kept secret)',
			displayOptions: { hide: { headerName: [''] } },
		},
		ignoreSslIssuesProperty('Whether to connect even if the TLS certificate cannot be verified (self-signed proxies)'),
		requestTimeoutProperty(),
	];

	/** Relative URLs go to the app's /api/v1; the optional proxy header and the TLS switch are applied to every request. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const options = copyRequest(requestOptions);
		if (!isAbsoluteUrl(requestOptions.url) && !requestOptions.baseURL) options.url = joinUrl(relationalMigratorApiUrl(credentials), requestOptions.url);
		const headerName = String(credentials.headerName ?? '').trim();
		if (headerName !== '') (options.headers as Record<string, string>)[headerName] = String(credentials.headerSecret ?? '');
		applyIgnoreSslIssues(credentials, options);
		return applyRequestTimeout(credentials, options);
	}

	test: ICredentialTestRequest = credentialTest('/project');
}

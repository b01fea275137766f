import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { applyIgnoreSslIssues, applyRequestTimeout, copyRequest, credentialTest, ignoreSslIssuesProperty, isAbsoluteUrl, joinUrl, requestTimeoutProperty } from './shared';

/** The API roots worked out so far, by the URL as entered. */
const apiRoots = new Map<string, string>();

/**
 * The API root the credential's URL points at, without a trailing slash: `http://host:8181/api.rsc`.
 * Users paste the server URL, the API URL or the V2 URL; all three end up at `.../api.rsc`.
 */
export function cdataSyncApiRoot(credentials: ICredentialDataDecryptedObject): string {
	const given = String(credentials.baseUrl ?? '');
	let url = apiRoots.get(given);
	if (url === undefined) {
		url = given.trim().replace(/\/+$/, '').replace(/\/v2$/i, '');
		if (url !== '' && !/\/api\.rsc$/i.test(url)) url = `${url}/api.rsc`;
		// Asked on every request: kept per URL as entered (a few per n8n, bounded anyway).
		if (apiRoots.size >= 100) apiRoots.clear();
		apiRoots.set(given, url);
	}
	return url;
}

export class CDataSyncApi implements ICredentialType {
	name = 'cDataSyncApi';

	displayName = 'CData Sync API';

	icon: Icon = { light: 'file:../nodes/CDataSync/cDataSync.svg', dark: 'file:../nodes/CDataSync/cDataSync.dark.svg' };

	documentationUrl = 'https://cdn.cdata.com/help/ASN/sync/Job-Management-API-V2.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://localhost:8181/api.rsc',
			description: 'The Sync server\'s API URL (some installs serve it under /sync/api.rsc). "/api.rsc" is added when missing.',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A token created in Sync under Settings > Users > API Access, sent as the x-cdata-authtoken header',
		},
		{
			displayName: 'Use Basic Authentication',
			name: 'useBasicAuth',
			type: 'boolean',
			default: false,
			description: 'Whether to send the token as the password of HTTP Basic authentication instead of the x-cdata-authtoken header',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			placeholder: 'admin',
			description: 'The Sync user the token belongs to (the Basic user name; the token is the password)',
			displayOptions: { show: { useBasicAuth: [true] } },
		},
		ignoreSslIssuesProperty('Whether to connect even if the server\'s TLS certificate cannot be validated (self-signed installs)'),
		requestTimeoutProperty(),
	];

	/** Header or Basic, as chosen; relative URLs (the credential test) resolve against the API root. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const options = copyRequest(requestOptions);
		const token = String(credentials.authToken ?? '');
		if (credentials.useBasicAuth === true) {
			options.auth = { username: String(credentials.user ?? ''), password: token };
		} else {
			(options.headers as Record<string, string>)['x-cdata-authtoken'] = token;
		}
		if (!options.baseURL && !isAbsoluteUrl(options.url)) options.url = joinUrl(cdataSyncApiRoot(credentials), options.url);
		applyIgnoreSslIssues(credentials, options);
		return applyRequestTimeout(credentials, options);
	}

	test: ICredentialTestRequest = credentialTest('/v2/workspaces');
}

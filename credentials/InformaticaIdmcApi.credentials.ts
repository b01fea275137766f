import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { redactText } from '../nodes/shared/redact';
import { applyRequestTimeout, copyRequest, credentialTest, isAbsoluteUrl, joinUrl, jwtNeedsRenewal, requestTimeoutProperty } from './shared';
import type { SessionAnswer } from './sharedLogin';
import { shareLogin } from './sharedLogin';

/** Login sharing lives in ./sharedLogin; tests and the bench reach it through the credential. */
export { FIRST_LOGIN_REUSE_MS, forgetSharedLogins, shareLogin } from './sharedLogin';

/** Login hosts per POD, from Informatica's "Login" reference (see docs/vendor-apis.md, Informatica login; there is no dm-eu). */
const LOGIN_HOSTS: Array<{ host: string; pods: string }> = [
	{ host: 'dm-us.informaticacloud.com', pods: 'USW1, USE2, USW3, USE4, USW5, USE6' },
	{ host: 'dm1-us.informaticacloud.com', pods: 'USW1-1, USW3-1' },
	{ host: 'dm2-us.informaticacloud.com', pods: 'USW1-2' },
	{ host: 'dm-na.informaticacloud.com', pods: 'CAC1, Canada' },
	{ host: 'dm-ap.informaticacloud.com', pods: 'APSE1' },
	{ host: 'dm1-apse.informaticacloud.com', pods: 'APSE2' },
	{ host: 'dm1-ap.informaticacloud.com', pods: 'APNE1' },
	{ host: 'dm-apne.informaticacloud.com', pods: 'APNE2' },
	{ host: 'dm1-apau.informaticacloud.com', pods: 'APAUC1' },
	{ host: 'dm-em.informaticacloud.com', pods: 'EMW1, Europe' },
	{ host: 'dm1-em.informaticacloud.com', pods: 'EMC1' },
	{ host: 'dm-uk.informaticacloud.com', pods: 'UK1' },
];

export const CUSTOM_LOGIN = 'custom';

/** The login URL the credential's fields point at, without a trailing slash. */
export function loginBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? '');
	const base = region === CUSTOM_LOGIN ? String(credentials.customLoginUrl ?? '').trim() : `https://${region.trim()}`;
	return base.replace(/\/+$/, '');
}

/**
 * Which session header a resource wants: v3 resources read INFA-SESSION-ID, Database Ingestion reads
 * IDS-SESSION-ID (its own example sends icSessionId, so both go), v2 resources read icSessionId.
 */
export function sessionHeadersFor(url: string, sessionId: string): Record<string, string> {
	if (url.includes('/public/core/v3/')) return { 'INFA-SESSION-ID': sessionId };
	// Taskflow services: the run page asks for IDS-SESSION-ID, the status page for INFA-SESSION-ID; both go.
	if (url.includes('/active-bpel/')) return { 'INFA-SESSION-ID': sessionId, 'IDS-SESSION-ID': sessionId };
	if (url.includes('/dbmi/')) return { 'IDS-SESSION-ID': sessionId, icSessionId: sessionId };
	return { icSessionId: sessionId };
}

/**
 * The base a relative resource URL hangs off: the login's serverUrl (`https://na4.dm-us.informaticacloud.com/saas`),
 * except taskflow services (`/active-bpel/...`), which live on the pod host without the `/saas` path.
 */
export function resourceBaseUrl(serverUrl: string, url: string): string {
	return url.startsWith('/active-bpel/') ? serverUrl.replace(/\/saas\/?$/i, '') : serverUrl;
}

/** The request a failed login names in its error (describeFailure reads `failedRequest`), never the node's request. */
export interface LoginRequestName {
	method: 'POST';
	url: string;
	action: string;
}

/** The forms a password can take inside an answer that echoes the login request: as sent, JSON-escaped, URL-encoded. */
function passwordForms(password: unknown): string[] {
	if (typeof password !== 'string' || password === '') return [];
	return [...new Set([password, JSON.stringify(password).slice(1, -1), encodeURIComponent(password)])];
}

function loginFailure(error: unknown, loginUrl: string, password: unknown): Error {
	const secrets = passwordForms(password);
	const e = error as { response?: { status?: number; data?: unknown; headers?: unknown }; message?: string; code?: string };
	const status = e.response?.status;
	const data = e.response?.data;
	let vendorMessage = '';
	const body = typeof data === 'string' ? safeParse(data) : data;
	if (body && typeof body === 'object') {
		const b = body as IDataObject;
		const nested = b.error as IDataObject | undefined;
		vendorMessage = String(nested?.message ?? b.description ?? b.message ?? '');
	}
	const what = status ? `HTTP ${status}` : e.code ?? 'no answer';
	// The request's own error carries the password in its body: never pass it on.
	// An answer that echoes the request (its body included) carries the password too: scrubbed from all that is kept.
	vendorMessage = redactText(vendorMessage, secrets);
	const failure = new Error(`Informatica login failed (${what})${vendorMessage ? `: ${vendorMessage}` : ''}`);
	(failure as Error & { cause?: unknown }).cause = {
		// Retry-After is kept (the retry policy honours it for the login as for any request); no other header is.
		response: { status, headers: retryAfterOnly(e.response?.headers), data: redactText(typeof data === 'string' ? data : JSON.stringify(data ?? ''), secrets) },
		code: e.code,
	};
	let host = loginUrl;
	try {
		host = new URL(loginUrl).host;
	} catch {
		// keep the URL as given
	}
	const failedRequest: LoginRequestName = { method: 'POST', url: loginUrl, action: `logging in to Informatica at ${host} (check the credential's user name, password and region)` };
	(failure as Error & { failedRequest?: LoginRequestName }).failedRequest = failedRequest;
	return failure;
}

/**
 * Sessions a finished first login handed out, per execution: n8n's helpers object is one per node run. A request of
 * the same run that read the credential before the new session was stored (n8n stores it after the login, so a slow
 * credential read can still see it empty) takes this session instead of logging in again.
 */
const firstLogins = new WeakMap<object, Map<string, SessionAnswer>>();

function retryAfterOnly(headers: unknown): Record<string, string> {
	if (!headers || typeof headers !== 'object') return {};
	const source = typeof (headers as { toJSON?: () => unknown }).toJSON === 'function' ? ((headers as { toJSON: () => unknown }).toJSON() as object) : headers;
	for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
		if (key.toLowerCase() === 'retry-after' && value !== undefined && value !== null) return { 'retry-after': String(value) };
	}
	return {};
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export class InformaticaIdmcApi implements ICredentialType {
	name = 'informaticaIdmcApi';

	displayName = 'Informatica IDMC API';

	icon: Icon = { light: 'file:../nodes/InformaticaIdmc/informaticaIdmc.svg', dark: 'file:../nodes/InformaticaIdmc/informaticaIdmc.dark.svg' };

	documentationUrl = 'https://docs.informatica.com/integration-cloud/data-integration/current-version/rest-api-reference/platform-rest-api-version-2-resources/login.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Region (Login Host)',
			name: 'region',
			type: 'options',
			default: 'dm-us.informaticacloud.com',
			description: 'The login host of your organization\'s POD. The pod URL for every other call comes from the login answer.',
			options: [
				...LOGIN_HOSTS.map(({ host, pods }) => ({ name: `${host} (${pods})`, value: host })),
				{ name: 'Custom Login URL', value: CUSTOM_LOGIN },
			],
		},
		{
			displayName: 'Custom Login URL',
			name: 'customLoginUrl',
			type: 'string',
			default: '',
			placeholder: 'https://dm-us.informaticacloud.com',
			description: 'Base URL that serves /ma/api/v2/user/login, for example the local sandbox http://127.0.0.1:8787',
			displayOptions: { show: { region: [CUSTOM_LOGIN] } },
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Security Domain',
			name: 'securityDomain',
			type: 'string',
			default: '',
			placeholder: 'e.g. Native',
			description:
				'The security domain the user belongs to (the login\'s optional securitydomain field), for organizations that use LDAP. Leave empty for native users: then the field is not sent.',
		},
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
		{
			displayName: 'Server URL',
			name: 'serverUrl',
			type: 'hidden',
			default: '',
		},
		requestTimeoutProperty(),
	];

	/**
	 * Logs in once; n8n keeps the session and calls this again when it is empty or after a 401. Concurrent calls for
	 * the same credential share one login; a JWT session is renewed before its `exp` (the transport empties it then).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const expiredSession = String(credentials.sessionId ?? '');
		const securityDomain = String(credentials.securityDomain ?? '').trim();
		const who = [loginBaseUrl(credentials), credentials.username, credentials.password, securityDomain].join('\u0000');
		const execution = this.helpers && typeof this.helpers === 'object' ? (this.helpers as object) : undefined;
		if (!expiredSession && execution) {
			const reused = firstLogins.get(execution)?.get(who);
			if (reused && !jwtNeedsRenewal(reused.sessionId)) return { ...reused };
		}
		const loginUrl = `${loginBaseUrl(credentials)}/ma/api/v2/user/login`;
		const login = async (): Promise<SessionAnswer> => {
			let answer: IDataObject;
			const body: IDataObject = { '@type': 'login', username: credentials.username, password: credentials.password };
			if (securityDomain) body.securitydomain = securityDomain;
			try {
				answer = (await this.helpers.httpRequest({
					method: 'POST',
					url: loginUrl,
					body,
					headers: { Accept: 'application/json' },
					json: true,
					timeout: (Number(credentials.requestTimeoutSeconds) || 60) * 1000,
				})) as IDataObject;
			} catch (error) {
				throw loginFailure(error, loginUrl, credentials.password);
			}
			if (!answer || typeof answer.icSessionId !== 'string' || typeof answer.serverUrl !== 'string') {
				throw new Error('Informatica login answered without icSessionId and serverUrl');
			}
			return { sessionId: answer.icSessionId, serverUrl: String(answer.serverUrl).replace(/\/+$/, '') };
		};
		// A JWT about to expire is renewed under its own key: it is "expired" for sharing purposes.
		const session = await shareLogin(`${who}\u0000${expiredSession}`, login, Date.now(), expiredSession);
		if (execution) {
			const sessions = firstLogins.get(execution) ?? new Map<string, SessionAnswer>();
			sessions.set(who, session);
			firstLogins.set(execution, sessions);
		}
		return { ...session };
	}

	/** Every resource hangs off the pod URL the login returned; relative URLs are resolved against it here. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const sessionId = String(credentials.sessionId ?? '');
		const serverUrl = String(credentials.serverUrl ?? '');
		const isAbsolute = isAbsoluteUrl(requestOptions.url);
		const options = copyRequest(requestOptions);
		if (!isAbsolute) options.url = joinUrl(resourceBaseUrl(serverUrl, requestOptions.url), requestOptions.url);
		Object.assign(options.headers as IDataObject, sessionHeadersFor(options.url, sessionId));
		return applyRequestTimeout(credentials, options);
	}

	test: ICredentialTestRequest = credentialTest('/api/v2/activity/activityMonitor', { details: false });
}

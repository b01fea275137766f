/**
 * Informatica IDMC login and sessions (docs/vendor-apis.md, "Login and sessions"): v2 and v3 login, logout, validSessionId,
 * and the helpers every other Informatica family calls at the top of its handlers.
 */
import { FAMILY, INFORMATICA } from '../core/constants';
import type { SandboxContext } from '../core/context';
import type { RouteRequest, SandboxApp } from '../core/router';
import { informaticaError, informaticaErrorBody, type InformaticaApi, type InformaticaSession } from '../core/sessions';

export const name = FAMILY.informaticaLogin;

/** Which Informatica API a sandbox path belongs to (decides header and error shape). */
export function informaticaApiFor(path: string): InformaticaApi {
	if (path.startsWith(INFORMATICA.dbmiPrefix)) return 'dbmi';
	if (path.startsWith(INFORMATICA.v3Prefix)) return 'v3';
	return 'v2';
}

/**
 * Call first in every authenticated Informatica handler: returns the session or throws the API's 401
 * (v2: icSessionId; v3: INFA-SESSION-ID; dbmi: IDS-SESSION-ID or icSessionId). `api` defaults from the path.
 */
export function requireSession(ctx: SandboxContext, req: RouteRequest, api: InformaticaApi = informaticaApiFor(req.path)): InformaticaSession {
	return ctx.sessions.authenticate(req.headers, api);
}

/**
 * Core-made errors (bad JSON, injected statuses) in the path's Informatica shape. Registered here for every path
 * under /saas and /ma, so the other Informatica families get it without doing anything.
 */
export function informaticaErrorFormatter(status: number, message: string, request: { path: string }): unknown {
	const api = informaticaApiFor(request.path);
	return informaticaErrorBody(api, status, api === 'dbmi' ? String(status) : `SYS_${status}`, message);
}

function credentialsFrom(body: unknown): { username?: unknown; password?: unknown } {
	return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function checkCredentials(api: InformaticaApi, body: unknown): void {
	const { username, password } = credentialsFrom(body);
	if (typeof username !== 'string' || typeof password !== 'string' || !username || !password)
		throw informaticaError(api, 400, 'AUTH_02', 'Provide a user name and password.');
	if (username !== INFORMATICA.username || password !== INFORMATICA.password)
		throw informaticaError(api, 401, 'AUTH_01', 'Invalid user name or password.');
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter, { pathPrefix: INFORMATICA.serverPath + '/' });
	app.errorBody(informaticaErrorFormatter, { pathPrefix: '/ma/' });
	const serverUrl = (req: RouteRequest) => req.baseUrl + INFORMATICA.serverPath;

	app.route('POST', INFORMATICA.loginPathV2, (req) => {
		checkCredentials('v2', req.body);
		const session = ctx.sessions.create();
		const now = ctx.clock.iso();
		return {
			status: 200,
			body: {
				'@type': 'user',
				id: INFORMATICA.userId,
				orgId: INFORMATICA.orgId,
				orgUuid: INFORMATICA.orgUuid,
				name: INFORMATICA.userName,
				description: 'Sandbox user',
				createTime: '2024-01-15T09:30:00.000Z',
				updateTime: now,
				createdBy: 'admin',
				updatedBy: 'admin',
				sfUsername: null,
				password: '********',
				firstName: 'Sandbox',
				lastName: 'User',
				title: 'Data engineer',
				phone: '',
				securityQuestion: '',
				securityAnswer: '',
				roles: [
					{
						'@type': 'role',
						id: '0100000B00000000000A',
						name: 'Admin',
						description: 'Role for performing administrative tasks for an organization. Has full access to all licensed services.',
					},
				],
				email: 'sandbox@example.com',
				timezone: 'America/New_York',
				serverUrl: serverUrl(req),
				icSessionId: session.id,
				forceChangePassword: false,
				uuid: INFORMATICA.userUuid,
				usergroups: [],
			},
		};
	});

	app.route('POST', INFORMATICA.loginPathV3, (req) => {
		checkCredentials('v3', req.body);
		const session = ctx.sessions.create();
		return {
			status: 200,
			body: {
				products: [{ name: 'Integration Cloud', baseApiUrl: serverUrl(req) }],
				userInfo: {
					sessionId: session.id,
					id: INFORMATICA.userUuid,
					name: INFORMATICA.userName,
					parentOrgId: INFORMATICA.orgUuid,
					orgId: INFORMATICA.orgUuid,
					orgName: INFORMATICA.orgName,
					groups: {},
					status: 'Active',
				},
			},
		};
	});

	app.route('POST', `${INFORMATICA.v2Prefix}/user/logout`, (req) => {
		ctx.sessions.logout(req.headers, 'v2');
		return { status: 200 };
	});

	app.route('POST', `${INFORMATICA.v3Prefix}/logout`, (req) => {
		ctx.sessions.logout(req.headers, 'v3');
		return { status: 200 };
	});

	// Documented with no session header: the token to check is in the body.
	app.route('POST', `${INFORMATICA.v2Prefix}/user/validSessionId`, (req) => {
		const { icToken } = credentialsFrom(req.body) as { icToken?: unknown };
		if (typeof icToken !== 'string' || !icToken) throw informaticaError('v2', 400, 'AUTH_02', 'Provide icToken.');
		const session = ctx.sessions.peek(icToken);
		const leftMs = session ? session.lastUsedAt + ctx.config.sessionIdleMs - ctx.clock.now() : 0;
		return {
			status: 200,
			body: { '@type': 'validatedToken', timeUntilExpire: Math.max(0, Math.floor(leftMs / 60000)), isValidToken: Boolean(session) },
		};
	});

	ctx.exposeState(name, () => ({ sessions: ctx.sessions.list().length }));
}

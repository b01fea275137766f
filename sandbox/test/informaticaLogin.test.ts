import { INFORMATICA } from '../core/constants';
import { startSandbox, type Sandbox } from '../server';
import type { SandboxFamily } from '../core/context';
import * as informaticaLogin from '../families/informaticaLogin';
import { call } from './helpers';

/** One authenticated probe per Informatica API, the way the other Informatica families use the helper. */
const probes: SandboxFamily = {
	name: 'probes',
	register(app, ctx) {
		app.route('GET', `${INFORMATICA.v2Prefix}/probe`, (req) => ({ status: 200, body: { user: informaticaLogin.requireSession(ctx, req).userName } }));
		app.route('GET', `${INFORMATICA.v3Prefix}/probe`, (req) => ({ status: 200, body: { user: informaticaLogin.requireSession(ctx, req).userName } }));
		app.route('GET', `${INFORMATICA.dbmiPrefix}/probe`, (req) => ({ status: 200, body: { user: informaticaLogin.requireSession(ctx, req).userName } }));
	},
};

const V2 = `${INFORMATICA.v2Prefix}/probe`;
const V3 = `${INFORMATICA.v3Prefix}/probe`;
const DBMI = `${INFORMATICA.dbmiPrefix}/probe`;
const GOOD = { username: INFORMATICA.username, password: INFORMATICA.password };

describe('Informatica login family', () => {
	let sandbox: Sandbox;
	let base: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 50, families: [informaticaLogin, probes] });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	const loginV2 = async () => (await call(base, 'POST', INFORMATICA.loginPathV2, { json: { '@type': 'login', ...GOOD } })).json.icSessionId as string;
	const loginV3 = async () => (await call(base, 'POST', INFORMATICA.loginPathV3, { json: GOOD })).json.userInfo.sessionId as string;

	describe('v2 login', () => {
		it('returns a user with icSessionId and a serverUrl on the sandbox', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV2, { json: { '@type': 'login', ...GOOD } });
			expect(res.status).toBe(200);
			expect(res.json).toMatchObject({
				'@type': 'user',
				name: INFORMATICA.userName,
				id: INFORMATICA.userId,
				orgId: INFORMATICA.orgId,
				orgUuid: INFORMATICA.orgUuid,
				serverUrl: `${base}/saas`,
			});
			expect(res.json.icSessionId).toMatch(/^[A-Za-z0-9]{30,}$/);
			expect(sandbox.counters.snapshot().logins).toBe(1);
		});

		it('builds serverUrl from the host the client used', async () => {
			const res = await call(base.replace('127.0.0.1', 'localhost'), 'POST', INFORMATICA.loginPathV2, { json: GOOD }).catch(() => undefined);
			// localhost may resolve to ::1 first, where nothing listens: only check when it connected
			if (res) expect(res.json.serverUrl).toBe(`${base.replace('127.0.0.1', 'localhost')}/saas`);
		});

		it('rejects a bad password with the v2 error body', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV2, { json: { '@type': 'login', username: 'sandbox', password: 'wrong' } });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ '@type': 'error', code: 'AUTH_01', description: 'Invalid user name or password.', statusCode: 401 });
			expect(sandbox.counters.snapshot().logins).toBe(0);
		});

		it('answers 400 when the fields are missing', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV2, { json: { '@type': 'login' } });
			expect(res.status).toBe(400);
			expect(res.json).toMatchObject({ '@type': 'error', statusCode: 400 });
		});
	});

	describe('v3 login', () => {
		it('returns products[].baseApiUrl and userInfo.sessionId', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV3, { json: GOOD });
			expect(res.status).toBe(200);
			expect(res.json.products).toEqual([{ name: 'Integration Cloud', baseApiUrl: `${base}/saas` }]);
			expect(res.json.userInfo).toMatchObject({ name: INFORMATICA.userName, orgId: INFORMATICA.orgUuid, status: 'Active' });
			expect(res.json.userInfo.sessionId).toMatch(/^[A-Za-z0-9]{30,}$/);
		});

		it('rejects a bad password with the v3 error body', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV3, { json: { username: 'sandbox', password: 'nope' } });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ error: { code: 'AUTH_01', message: 'Invalid user name or password.', requestId: expect.any(String), details: null } });
		});

		it('answers a malformed body in the v3 shape', async () => {
			const res = await call(base, 'POST', INFORMATICA.loginPathV3, { body: '{"username":', headers: { 'content-type': 'application/json' } });
			expect(res.status).toBe(400);
			expect(res.json.error).toMatchObject({ code: 'SYS_400' });
		});
	});

	describe('session headers', () => {
		it('one session serves v2 (icSessionId), v3 (INFA-SESSION-ID) and dbmi (IDS-SESSION-ID or icSessionId)', async () => {
			for (const session of [await loginV2(), await loginV3()]) {
				expect((await call(base, 'GET', V2, { headers: { icSessionId: session } })).status).toBe(200);
				expect((await call(base, 'GET', V3, { headers: { 'INFA-SESSION-ID': session } })).status).toBe(200);
				expect((await call(base, 'GET', DBMI, { headers: { 'IDS-SESSION-ID': session } })).status).toBe(200);
				expect((await call(base, 'GET', DBMI, { headers: { icSessionId: session } })).status).toBe(200);
			}
		});

		it('reads header names in any case', async () => {
			const session = await loginV2();
			expect((await call(base, 'GET', V2, { headers: { ICSESSIONID: session } })).status).toBe(200);
			expect((await call(base, 'GET', V3, { headers: { 'infa-session-id': session } })).status).toBe(200);
			expect((await call(base, 'GET', DBMI, { headers: { 'ids-session-id': session } })).status).toBe(200);
		});

		it('does not accept another API\'s header', async () => {
			const session = await loginV2();
			expect((await call(base, 'GET', V2, { headers: { 'INFA-SESSION-ID': session } })).status).toBe(401);
			expect((await call(base, 'GET', V3, { headers: { icSessionId: session } })).status).toBe(401);
			expect((await call(base, 'GET', DBMI, { headers: { 'INFA-SESSION-ID': session } })).status).toBe(401);
		});

		it('answers a missing or unknown session with each API\'s 401 shape', async () => {
			const v2 = await call(base, 'GET', V2);
			expect(v2.status).toBe(401);
			expect(v2.json).toMatchObject({ '@type': 'error', code: 'AUTH_01', statusCode: 401 });
			const v3 = await call(base, 'GET', V3, { headers: { 'INFA-SESSION-ID': 'notARealSession' } });
			expect(v3.status).toBe(401);
			expect(v3.json.error).toMatchObject({ code: 'AUTH_01', details: null });
			const dbmi = await call(base, 'GET', DBMI, { headers: { 'IDS-SESSION-ID': 'notARealSession' } });
			expect(dbmi.status).toBe(401);
			expect(dbmi.json).toEqual({ status: 'failed', code: 401, message: 'Invalid or missing sessionId.' });
		});
	});

	describe('expiry', () => {
		it('expires a session after sessionIdleMs without requests; each request refreshes it', async () => {
			sandbox.config.set({ sessionIdleMs: 150 });
			const session = await loginV2();
			const headers = { icSessionId: session };
			for (let i = 0; i < 4; i++) {
				await new Promise((r) => setTimeout(r, 80));
				expect((await call(base, 'GET', V2, { headers })).status).toBe(200);
			}
			await new Promise((r) => setTimeout(r, 200));
			expect((await call(base, 'GET', V2, { headers })).status).toBe(401);
			expect(sandbox.counters.snapshot().expiries).toBe(1);
			// a fresh login works again
			expect((await call(base, 'GET', V2, { headers: { icSessionId: await loginV2() } })).status).toBe(200);
		});

		it('sessionIdleMs from the options applies at start', async () => {
			const short = await startSandbox({ families: [informaticaLogin, probes], sessionIdleMs: 50 });
			try {
				const res = await call(short.url, 'POST', INFORMATICA.loginPathV2, { json: GOOD });
				await new Promise((r) => setTimeout(r, 100));
				expect((await call(short.url, 'GET', V2, { headers: { icSessionId: res.json.icSessionId } })).status).toBe(401);
			} finally {
				await short.close();
			}
		});

		it('with sessionExpireEvery K, each session answers K requests, then 401', async () => {
			await call(base, 'POST', '/__sandbox/config', { json: { sessionExpireEvery: 3 } });
			const statuses: number[] = [];
			let session = await loginV2();
			for (let i = 0; i < 8; i++) {
				const res = await call(base, 'GET', V2, { headers: { icSessionId: session } });
				statuses.push(res.status);
				if (res.status === 401) session = await loginV2();
			}
			expect(statuses).toEqual([200, 200, 200, 401, 200, 200, 200, 401]);
			expect(sandbox.counters.snapshot()).toMatchObject({ logins: 3, expiries: 2 });
		});

		it('validSessionId reports whether a token is alive', async () => {
			const session = await loginV2();
			const alive = await call(base, 'POST', `${INFORMATICA.v2Prefix}/user/validSessionId`, {
				json: { '@type': 'validatedToken', userName: 'sandbox', icToken: session },
			});
			// Whole minutes left of 30: 30 when the check comes in the login's own millisecond, else 29.
			expect(alive.json).toEqual({ '@type': 'validatedToken', timeUntilExpire: expect.any(Number), isValidToken: true });
			expect([29, 30]).toContain((alive.json as { timeUntilExpire: number }).timeUntilExpire);
			const dead = await call(base, 'POST', `${INFORMATICA.v2Prefix}/user/validSessionId`, { json: { userName: 'sandbox', icToken: 'nope' } });
			expect(dead.json).toMatchObject({ isValidToken: false, timeUntilExpire: 0 });
		});

		it('POST /__sandbox/sessions/expire ends every session', async () => {
			const session = await loginV2();
			expect((await call(base, 'POST', '/__sandbox/sessions/expire')).json).toEqual({ expired: 1 });
			expect((await call(base, 'GET', V2, { headers: { icSessionId: session } })).status).toBe(401);
		});
	});

	describe('logout', () => {
		it('v2 logout (icSessionId) ends the session for every API', async () => {
			const session = await loginV2();
			const res = await call(base, 'POST', `${INFORMATICA.v2Prefix}/user/logout`, { headers: { icSessionId: session } });
			expect(res.status).toBe(200);
			expect((await call(base, 'GET', V2, { headers: { icSessionId: session } })).status).toBe(401);
			expect((await call(base, 'GET', V3, { headers: { 'INFA-SESSION-ID': session } })).status).toBe(401);
			expect(sandbox.counters.snapshot()).toMatchObject({ logouts: 1, expiries: 0 });
		});

		it('v3 logout (INFA-SESSION-ID) ends the session', async () => {
			const session = await loginV3();
			expect((await call(base, 'POST', `${INFORMATICA.v3Prefix}/logout`, { headers: { 'INFA-SESSION-ID': session } })).status).toBe(200);
			expect((await call(base, 'GET', DBMI, { headers: { 'IDS-SESSION-ID': session } })).status).toBe(401);
		});

		it('logout without a valid session answers 401', async () => {
			expect((await call(base, 'POST', `${INFORMATICA.v2Prefix}/user/logout`, { headers: { icSessionId: 'gone' } })).status).toBe(401);
			expect((await call(base, 'POST', `${INFORMATICA.v3Prefix}/logout`)).status).toBe(401);
		});
	});

	it('redacts session ids and passwords in the request log', async () => {
		const session = await loginV2();
		await call(base, 'GET', V2, { headers: { icSessionId: session } });
		const [login, probe] = sandbox.requests();
		expect(login.body).toEqual({ '@type': 'login', username: 'sandbox', password: 'sand…' });
		expect(probe.headers.icsessionid).toBe(session.slice(0, 4) + '…');
	});

	it('a status fault on an Informatica route answers in that API\'s error shape', async () => {
		sandbox.faults.add({ kind: 'status', status: 503, match: { path: '/probe' } });
		const session = await loginV2();
		expect((await call(base, 'GET', V2, { headers: { icSessionId: session } })).json).toMatchObject({ '@type': 'error', code: 'SYS_503', statusCode: 503 });
		expect((await call(base, 'GET', V3)).json.error).toMatchObject({ code: 'SYS_503' });
		expect((await call(base, 'GET', DBMI)).json).toMatchObject({ status: 'failed', code: 503 });
	});
});

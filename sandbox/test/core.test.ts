import { INFORMATICA } from '../core/constants';
import * as informaticaLogin from '../families/informaticaLogin';
import { startSandbox, type Sandbox } from '../server';
import { DUMMY, dummyFamily } from './dummyFamily';
import { call, informaticaSession } from './helpers';

const families = [informaticaLogin, dummyFamily];

describe('sandbox core', () => {
	let sandbox: Sandbox;
	let base: string;
	const ctl = (method: string, path: string, json?: unknown) => call(base, method, `/__sandbox${path}`, { json });

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 50, families });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	const login = () => informaticaSession(base);

	describe('router', () => {
		it('listens on 127.0.0.1 with an ephemeral port', () => {
			expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(sandbox.port).toBeGreaterThan(0);
		});

		it('decodes params, passes query, and prefers the static route', async () => {
			const res = await call(base, 'GET', '/dummy/items/a%20b?x=1&x=2&y=3');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/json');
			expect(res.json).toMatchObject({ id: 'a b', query: { x: '1', y: '3' } });
			expect((await call(base, 'GET', '/dummy/items/special')).json).toEqual({ special: true });
			expect((await call(base, 'GET', '/dummy/items/special/')).json).toEqual({ special: true });
		});

		it('parses JSON bodies and keeps the raw body for other types', async () => {
			const json = await call(base, 'POST', '/dummy/echo', { json: { a: 1 } });
			expect(json.json).toMatchObject({ body: { a: 1 }, raw: '{"a":1}' });
			const text = await call(base, 'POST', '/dummy/echo', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
			expect(text.json).toMatchObject({ body: null, raw: 'a=1' });
		});

		it('answers 400 in the family error shape when a JSON body does not parse', async () => {
			const res = await call(base, 'POST', '/dummy/echo', { body: '{oops', headers: { 'content-type': 'application/json' } });
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ dummyError: { status: 400, message: 'The request body is not valid JSON.' } });
		});

		it('sends strings as text and Buffers as they are', async () => {
			const text = await call(base, 'GET', '/dummy/text');
			expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(text.text).toBe('plain text');
			const res = await fetch(base + '/dummy/buffer');
			expect(res.headers.get('content-type')).toBe('application/zip');
			expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
		});

		it('turns HttpError into its status, body and headers, and other throws into 500', async () => {
			const teapot = await call(base, 'GET', '/dummy/teapot');
			expect(teapot.status).toBe(418);
			expect(teapot.json).toEqual({ teapot: true });
			expect(teapot.headers.get('x-why')).toBe('because');
			const boom = await call(base, 'GET', '/dummy/boom');
			expect(boom.status).toBe(500);
			expect(boom.json).toMatchObject({ message: 'boom' });
		});

		it('answers unknown routes with a JSON 404', async () => {
			const res = await call(base, 'GET', '/no/such/thing');
			expect(res.status).toBe(404);
			expect(res.json).toMatchObject({ error: 'not_found' });
			const wrongMethod = await call(base, 'DELETE', '/dummy/text');
			expect(wrongMethod.status).toBe(404);
			expect(wrongMethod.json.message).toContain('GET');
			expect((await ctl('GET', '/nothing')).status).toBe(404);
		});
	});

	describe('faults', () => {
		it('status: answers the status with Retry-After and the family error shape, without running the handler', async () => {
			await ctl('POST', '/faults', { match: { path: '/start' }, kind: 'status', status: 503, retryAfter: 7 });
			const res = await call(base, 'POST', '/dummy/jobs/j1/start');
			expect(res.status).toBe(503);
			expect(res.headers.get('retry-after')).toBe('7');
			expect(res.json).toEqual({ dummyError: { status: 503, message: 'Service Unavailable (sandbox fault)' } });
			expect(sandbox.counters.snapshot().starts).toEqual({});
		});

		it('html: answers an HTML error page, 502 by default', async () => {
			sandbox.faults.add({ kind: 'html' });
			const res = await call(base, 'GET', '/dummy/items');
			expect(res.status).toBe(502);
			expect(res.headers.get('content-type')).toMatch(/text\/html/);
			expect(res.text).toContain('<html>');
			sandbox.faults.clear();
			sandbox.faults.add({ kind: 'html', status: 504 });
			expect((await call(base, 'GET', '/dummy/items')).status).toBe(504);
		});

		it('slow: delays the answer by delayMs', async () => {
			sandbox.faults.add({ kind: 'slow', delayMs: 250 });
			const started = Date.now();
			const res = await call(base, 'GET', '/dummy/items');
			expect(Date.now() - started).toBeGreaterThanOrEqual(240);
			expect(res.json).toEqual({ items: ['seeded-1', 'seeded-2'] });
		});

		it('timeout: never answers, but the handler ran', async () => {
			sandbox.faults.add({ kind: 'timeout', next: 1 });
			await expect(call(base, 'POST', '/dummy/jobs/j2/start', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
			expect(sandbox.counters.snapshot().starts).toEqual({ [`${DUMMY}:j2`]: 1 });
			expect(sandbox.requests(1)[0].fault).toBe('timeout');
			expect(sandbox.requests(1)[0].status).toBeUndefined();
		});

		it('truncatedJson: sends half of the JSON', async () => {
			const full = await call(base, 'GET', '/dummy/items/x');
			sandbox.faults.add({ kind: 'truncatedJson' });
			const res = await call(base, 'GET', '/dummy/items/x');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/json');
			expect(res.json).toBeUndefined();
			expect(full.text.startsWith(res.text)).toBe(true);
			expect(res.text.length).toBe(Math.floor(full.text.length / 2));
		});

		it('empty: sends an empty body with 200 or the given status', async () => {
			sandbox.faults.add({ kind: 'empty', next: 1 });
			const res = await call(base, 'GET', '/dummy/items');
			expect(res.status).toBe(200);
			expect(res.text).toBe('');
			sandbox.faults.add({ kind: 'empty', status: 204, next: 1 });
			expect((await call(base, 'GET', '/dummy/items')).status).toBe(204);
		});

		it('dropField: removes a field, through nested objects and arrays', async () => {
			sandbox.faults.add({ kind: 'dropField', field: 'nested.a', next: 1 });
			expect((await call(base, 'GET', '/dummy/items/x')).json.nested).toEqual({ b: 2 });
			sandbox.faults.add({ kind: 'dropField', field: 'list.drop', next: 1 });
			expect((await call(base, 'GET', '/dummy/items/x')).json.list).toEqual([{ k: 1 }, { k: 3 }]);
			sandbox.faults.add({ kind: 'dropField', field: 'id', next: 1 });
			expect((await call(base, 'GET', '/dummy/items/x')).json).not.toHaveProperty('id');
		});

		it('expireSession: expires the session the request carries, so the family answers its own 401', async () => {
			const session = await login();
			const headers = { icSessionId: session };
			expect((await call(base, 'GET', '/dummy/v2resource', { headers })).status).toBe(200);
			sandbox.faults.add({ kind: 'expireSession', match: { path: '/v2resource' }, next: 1 });
			const res = await call(base, 'GET', '/dummy/v2resource', { headers });
			expect(res.status).toBe(401);
			expect(res.json).toMatchObject({ '@type': 'error', statusCode: 401 });
			expect((await call(base, 'GET', '/dummy/v2resource', { headers })).status).toBe(401);
			expect(sandbox.counters.snapshot()).toMatchObject({ expiries: 1, faultsInjected: 1 });
			// token-auth families see forcedUnauthorized
			sandbox.faults.add({ kind: 'expireSession', match: { path: '/token' }, next: 1 });
			expect((await call(base, 'GET', '/dummy/token')).status).toBe(401);
			expect((await call(base, 'GET', '/dummy/token')).status).toBe(200);
		});

		it('next: fires exactly N times, then removes itself', async () => {
			const added = await ctl('POST', '/faults', { kind: 'status', status: 500, next: 2 });
			expect(added.status).toBe(201);
			const statuses = [];
			for (let i = 0; i < 4; i++) statuses.push((await call(base, 'GET', '/dummy/items')).status);
			expect(statuses).toEqual([500, 500, 200, 200]);
			expect((await ctl('GET', '/faults')).json).toEqual([]);
			expect(sandbox.counters.snapshot().faultsInjected).toBe(2);
		});

		it('share: fires on about that share of requests, the same way for the same seed', async () => {
			const pattern = async (sb: Sandbox) => {
				sb.faults.add({ kind: 'status', status: 429, share: 0.3 });
				const out: number[] = [];
				for (let i = 0; i < 100; i++) out.push((await call(sb.url, 'GET', '/dummy/items')).status);
				return out;
			};
			const first = await pattern(sandbox);
			const hits = first.filter((s) => s === 429).length;
			expect(hits).toBeGreaterThan(15);
			expect(hits).toBeLessThan(45);
			const other = await startSandbox({ families, seed: sandbox.ctx.options.seed });
			try {
				expect(await pattern(other)).toEqual(first);
			} finally {
				await other.close();
			}
		});

		it('matches on method, path regex and family; never touches the control API', async () => {
			sandbox.faults.add({ kind: 'status', status: 502, match: { method: 'post', path: '/^\\/dummy\\/jobs\\/[a-z]+\\d\\/start$/', family: DUMMY } });
			expect((await call(base, 'GET', '/dummy/items')).status).toBe(200);
			expect((await call(base, 'POST', '/dummy/jobs/ab1/start')).status).toBe(502);
			expect((await call(base, 'POST', '/dummy/jobs/ab/start')).status).toBe(202);
			sandbox.faults.clear();
			sandbox.faults.add({ kind: 'status', status: 502, match: { family: 'someoneElse' } });
			expect((await call(base, 'GET', '/dummy/items')).status).toBe(200);
			sandbox.faults.add({ kind: 'status', status: 502 });
			expect((await ctl('GET', '/counters')).status).toBe(200);
			expect((await ctl('DELETE', '/faults')).status).toBe(200);
			expect((await call(base, 'GET', '/dummy/items')).status).toBe(200);
		});

		it('rejects malformed fault specs with 400', async () => {
			expect((await ctl('POST', '/faults', { kind: 'nonsense' })).status).toBe(400);
			expect((await ctl('POST', '/faults', { kind: 'status' })).status).toBe(400);
			expect((await ctl('POST', '/faults', { kind: 'dropField' })).status).toBe(400);
			expect((await ctl('POST', '/faults', { kind: 'slow', share: 2 })).status).toBe(400);
		});
	});

	describe('counters, reset and the request log', () => {
		it('counts requests by route pattern, starts, logins; resets', async () => {
			await call(base, 'GET', '/dummy/items/1');
			await call(base, 'GET', '/dummy/items/2');
			await call(base, 'GET', '/missing');
			await call(base, 'POST', '/dummy/jobs/k/start');
			await login();
			const counters = (await ctl('GET', '/counters')).json;
			expect(counters).toEqual({
				requests: {
					'GET /dummy/items/:id': 2,
					'GET (no route)': 1,
					'POST /dummy/jobs/:key/start': 1,
					'POST /ma/api/v2/user/login': 1,
				},
				total: 5,
				logins: 1,
				logouts: 0,
				expiries: 0,
				starts: { 'dummy:k': 1 },
				stops: {},
				runStops: {},
				faultsInjected: 0,
			});
			expect((await ctl('POST', '/counters/reset')).json.total).toBe(0);
			expect(sandbox.counters.snapshot().requests).toEqual({});
		});

		it('POST /__sandbox/reset puts seed data, config, faults and scripts back', async () => {
			await call(base, 'POST', '/dummy/items', { json: { name: 'mine' } });
			await ctl('POST', '/config', { runTimeMs: 999, sessionExpireEvery: 3, relationalMigratorErrors: 'standard', cdataStatusLagMs: 200 });
			expect((await ctl('POST', '/config', { relationalMigratorErrors: 'newest' })).status).toBe(400);
			await ctl('POST', '/faults', { kind: 'slow', match: { path: '/never' } });
			await ctl('POST', '/script', { family: DUMMY, key: 'x', outcome: 'failure' });
			expect((await call(base, 'GET', '/dummy/items')).json.items).toContain('mine');
			expect((await ctl('POST', '/reset')).status).toBe(200);
			expect((await call(base, 'GET', '/dummy/items')).json.items).toEqual(['seeded-1', 'seeded-2']);
			expect((await ctl('GET', '/config')).json).toEqual({ runTimeMs: 50, sessionIdleMs: 30 * 60 * 1000, sessionExpireEvery: 0, relationalMigratorErrors: 'custom', cdataStatusLagMs: 0, jwtSessionTtlMs: 0, activityLogShape: 'list', activityLogStates: 'numeric', dbmiStartNoEffect: 0, callbackRetryIntervalMs: 0, callbackMaxIntervalMs: 0, callbackRetryForMs: 0, callbackTimeoutMs: 0, callbackDuplicates: 0 });
			expect((await ctl('GET', '/faults')).json).toEqual([]);
			expect((await ctl('GET', '/script')).json).toEqual([]);
		});

		it('seedData: false starts the families empty', async () => {
			const empty = await startSandbox({ families, seedData: false });
			try {
				expect((await call(empty.url, 'GET', '/dummy/items')).json.items).toEqual([]);
			} finally {
				await empty.close();
			}
		});

		it('logs vendor requests with secrets cut to 4 characters, and honours limit', async () => {
			await call(base, 'POST', INFORMATICA.loginPathV2, { json: { '@type': 'login', username: 'sandbox', password: 'sandbox-secret' } });
			await call(base, 'GET', '/dummy/items?q=1', {
				headers: { icSessionId: 'ABCDEFGHIJ', 'INFA-SESSION-ID': 'KLMNOPQRST', 'IDS-SESSION-ID': 'UVWXYZ1234', Authorization: 'Basic c2FuZGJveA==', 'x-cdata-authtoken': 'sandbox-token' },
			});
			await ctl('GET', '/counters');
			const all = (await ctl('GET', '/requests')).json;
			expect(all).toHaveLength(2);
			expect(all[0]).toMatchObject({ method: 'POST', path: INFORMATICA.loginPathV2, body: { username: 'sandbox', password: 'sand…' }, status: 401 });
			expect(all[1]).toMatchObject({
				method: 'GET',
				path: '/dummy/items',
				query: { q: '1' },
				route: '/dummy/items',
				family: DUMMY,
				status: 200,
				headers: { icsessionid: 'ABCD…', 'infa-session-id': 'KLMN…', 'ids-session-id': 'UVWX…', authorization: 'Basi…', 'x-cdata-authtoken': 'sand…' },
			});
			expect((await ctl('GET', '/requests?limit=1')).json).toEqual([all[1]]);
			await ctl('DELETE', '/requests');
			expect(sandbox.requests()).toEqual([]);
		});

		it('keeps only the last 2000 requests', async () => {
			// In batches: 2010 connections at once get reset on a loaded machine.
			for (let batch = 0; batch < 2010; batch += 100) {
				await Promise.all(Array.from({ length: Math.min(100, 2010 - batch) }, (_, i) => call(base, 'GET', `/dummy/items/${batch + i}`)));
			}
			const log = sandbox.requests();
			expect(log).toHaveLength(2000);
			expect(log[log.length - 1].seq - log[0].seq).toBe(1999);
		});
	});

	describe('scripts and lifecycle jobs', () => {
		const waitFor = async (id: string, state: string) => {
			for (let i = 0; i < 100; i++) {
				const run = (await call(base, 'GET', `/dummy/runs/${id}`)).json;
				if (run.state === state) return run;
				await new Promise((r) => setTimeout(r, 10));
			}
			throw new Error(`${id} never reached ${state}`);
		};

		it('walks QUEUED -> RUNNING -> COMPLETED in runTimeMs', async () => {
			const start = await call(base, 'POST', '/dummy/jobs/plain/start');
			expect(start.json.state).toBe('QUEUED');
			const done = await waitFor(start.json.id, 'COMPLETED');
			expect(done.history.map((h: { state: string }) => h.state)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
			expect(done.endedAt - done.startedAt).toBeGreaterThanOrEqual(45);
		});

		it('runs the scripted outcome the given number of times', async () => {
			await ctl('POST', '/script', { family: DUMMY, key: 'scripted', outcome: 'failure', message: 'ORA-00942', times: 2 });
			const a = await call(base, 'POST', '/dummy/jobs/scripted/start');
			const b = await call(base, 'POST', '/dummy/jobs/scripted/start');
			const c = await call(base, 'POST', '/dummy/jobs/scripted/start');
			expect(a.json.message).toBe('ORA-00942');
			await waitFor(a.json.id, 'FAILED');
			await waitFor(b.json.id, 'FAILED');
			await waitFor(c.json.id, 'COMPLETED');
			expect(sandbox.counters.snapshot().starts).toEqual({ 'dummy:scripted': 3 });
		});

		it('a stuck run stays RUNNING until forced through the control API', async () => {
			sandbox.scripts.add({ family: DUMMY, key: 'stuck', outcome: 'stuck', runTimeMs: 20 });
			const start = await call(base, 'POST', '/dummy/jobs/stuck/start');
			await waitFor(start.json.id, 'RUNNING');
			await new Promise((r) => setTimeout(r, 80));
			expect((await call(base, 'GET', `/dummy/runs/${start.json.id}`)).json.state).toBe('RUNNING');
			const forced = await ctl('POST', '/jobs/transition', { family: DUMMY, id: start.json.id, to: 'STOPPED' });
			expect(forced.json).toMatchObject({ state: 'STOPPED' });
			expect((await ctl('POST', '/jobs/transition', { family: DUMMY, id: 'nope', to: 'STOPPED' })).status).toBe(404);
			expect((await ctl('GET', `/jobs?family=${DUMMY}`)).json).toHaveLength(1);
		});

		it('a forced terminal state cancels the scheduled ones', async () => {
			sandbox.config.set({ runTimeMs: 600 });
			const start = await call(base, 'POST', '/dummy/jobs/forced/start');
			sandbox.transition(DUMMY, start.json.id, 'FAILED');
			// Past the whole run time: a RUNNING or COMPLETED that was still scheduled would have happened by now.
			await new Promise((r) => setTimeout(r, 800));
			const run = (await call(base, 'GET', `/dummy/runs/${start.json.id}`)).json;
			expect(run.state).toBe('FAILED');
			expect(run.history.map((h: { state: string }) => h.state)).toEqual(['QUEUED', 'FAILED']);
		});

		it('rejects bad scripts and bad config', async () => {
			expect((await ctl('POST', '/script', { family: DUMMY, key: 'x', outcome: 'maybe' })).status).toBe(400);
			expect((await ctl('POST', '/script', { family: DUMMY, outcome: 'success' })).status).toBe(400);
			expect((await ctl('POST', '/config', { runTimeMs: -1 })).status).toBe(400);
		});
	});
});

describe('close()', () => {
	it('drops keep-alive and hanging connections and resolves promptly', async () => {
		const sandbox = await startSandbox({ families, runTimeMs: 10_000 });
		await call(sandbox.url, 'GET', '/dummy/items');
		await call(sandbox.url, 'POST', '/dummy/jobs/long/start');
		sandbox.faults.add({ kind: 'timeout' });
		const hanging = call(sandbox.url, 'GET', '/dummy/items').catch((error: Error) => error);
		await new Promise((r) => setTimeout(r, 50));
		const started = Date.now();
		await sandbox.close();
		expect(Date.now() - started).toBeLessThan(1000);
		// fetch errors come from another realm than jest's Error
		expect(await hanging).toHaveProperty('message', 'fetch failed');
		await expect(fetch(sandbox.url + '/dummy/items')).rejects.toThrow();
		await sandbox.close();
	});
});

/** A family for the core tests: one route per thing the core must do. */
import type { SandboxContext, SandboxFamily } from '../core/context';
import { HttpError } from '../core/httpError';
import { standardRun } from '../core/lifecycle';
import type { SandboxApp } from '../core/router';
import { requireSession } from '../families/informaticaLogin';

export const DUMMY = 'dummy';

export const dummyFamily: SandboxFamily = {
	name: DUMMY,
	register(app: SandboxApp, ctx: SandboxContext) {
		let items: string[] = [];
		ctx.onReset((seedData) => {
			items = seedData ? ['seeded-1', 'seeded-2'] : [];
		});
		app.errorBody((status, message) => ({ dummyError: { status, message } }));

		app.route('GET', '/dummy/items', () => ({ status: 200, body: { items } }));
		app.route('POST', '/dummy/items', (req) => {
			items.push(String((req.body as { name?: string }).name));
			return { status: 201, body: { items } };
		});
		app.route('GET', '/dummy/items/special', () => ({ status: 200, body: { special: true } }));
		app.route('GET', '/dummy/items/:id', (req) => ({
			status: 200,
			body: { id: req.params.id, query: req.query, nested: { a: 1, b: 2 }, list: [{ k: 1, drop: 2 }, { k: 3, drop: 4 }] },
		}));
		app.route('POST', '/dummy/echo', (req) => ({
			status: 200,
			body: { body: req.body ?? null, raw: req.rawBody.toString('utf8'), contentType: req.headers['content-type'] ?? null },
		}));
		app.route('GET', '/dummy/text', () => ({ status: 200, body: 'plain text' }));
		app.route('GET', '/dummy/buffer', () => ({ status: 200, body: Buffer.from([1, 2, 3]), headers: { 'Content-Type': 'application/zip' } }));
		app.route('GET', '/dummy/teapot', () => {
			throw new HttpError(418, { teapot: true }, { 'x-why': 'because' });
		});
		app.route('GET', '/dummy/boom', () => {
			throw new Error('boom');
		});
		app.route('GET', '/dummy/v2resource', (req) => {
			const session = requireSession(ctx, req, 'v2');
			return { status: 200, body: { user: session.userName } };
		});
		app.route('GET', '/dummy/token', (req) =>
			req.forcedUnauthorized ? { status: 401, body: { error: 'token expired' } } : { status: 200, body: { ok: true } },
		);
		app.route('POST', '/dummy/jobs/:key/start', (req) => {
			const key = req.params.key;
			const script = ctx.scripts.take(DUMMY, key);
			const runTime = script?.runTimeMs ?? ctx.config.runTimeMs;
			const final = script?.outcome === 'stuck' ? undefined : script?.outcome === 'failure' ? 'FAILED' : script?.outcome === 'warning' ? 'WARNING' : 'COMPLETED';
			ctx.counters.start(DUMMY, key);
			const id = `${key}-${ctx.rng.string(6)}`;
			const job = ctx.lifecycle({
				family: DUMMY,
				id,
				terminal: ['COMPLETED', 'FAILED', 'WARNING', 'STOPPED'],
				...standardRun(runTime, { queued: 'QUEUED', running: 'RUNNING', final }),
			});
			return { status: 202, body: { id, state: job.state, message: script?.message ?? null } };
		});
		app.route('GET', '/dummy/runs/:id', (req) => {
			const job = ctx.jobs.get(DUMMY, req.params.id);
			if (!job) throw new HttpError(404, { error: 'no such run' });
			return { status: 200, body: job.toJSON() };
		});
	},
};

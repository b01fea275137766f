/**
 * The Data Integration callback (Informatica's "job" page, Job Status): the documented body, the retry schedule
 * (three immediate attempts, then growing intervals, for a bounded time), failed attempts of every kind (a non-200
 * answer, a refused connection, no answer in time), duplicates on request, all set through POST /__sandbox/config.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CONTROL_PREFIX, FAMILY, INFORMATICA } from '../core/constants';
import * as informaticaDataIntegration from '../families/informaticaDataIntegration';
import * as informaticaLogin from '../families/informaticaLogin';
import { call, informaticaSuite, until } from './helpers';

type Callback = { attempts: number; delivered: boolean; gaveUp: boolean; duplicatesSent: number; history: Array<{ at: string; status: number | string; duplicate?: true }> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A local receiver answering each POST with what `answer` says (a status, or 'hang' for no answer). */
async function receiver(answer: (index: number) => number | 'hang'): Promise<{ url: string; bodies: unknown[]; times: number[]; close(): Promise<void> }> {
	const bodies: unknown[] = [];
	const times: number[] = [];
	const hanging: ServerResponse[] = [];
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		let text = '';
		req.on('data', (c) => (text += c));
		req.on('end', () => {
			const index = bodies.length;
			bodies.push({ contentType: req.headers['content-type'], method: req.method, body: JSON.parse(text) });
			times.push(Date.now());
			const what = answer(index);
			if (what === 'hang') return void hanging.push(res);
			res.statusCode = what;
			res.end(what === 200 ? '' : '{"message":"refused"}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook-waiting/42?signature=abc`,
		bodies,
		times,
		close: () => {
			for (const res of hanging) res.destroy();
			return new Promise<void>((r) => server.close(() => r()));
		},
	};
}

describe('sandbox: Informatica Data Integration callbacks', () => {
	const suite = informaticaSuite({ runTimeMs: 40, families: [informaticaLogin, informaticaDataIntegration] });
	const start = async (callbackURL: string, taskName = 'MappingTask1') =>
		(await call(suite.base, 'POST', `${INFORMATICA.v2Prefix}/job`, { json: { taskName, taskType: 'MTT', callbackURL }, headers: { icSessionId: suite.session } })).json;
	const callbackOf = (runId: number, taskName = 'MappingTask1'): Callback | undefined =>
		(suite.sandbox.state(FAMILY.informaticaDataIntegration) as { runs: Array<{ runId: number; taskName: string; callback?: Callback }> }).runs.find(
			(r) => r.runId === runId && r.taskName === taskName,
		)?.callback;
	const configure = async (patch: Record<string, number>) => {
		const res = await call(suite.base, 'POST', `${CONTROL_PREFIX}/config`, { json: patch });
		expect(res.status).toBe(200);
		return res.json;
	};

	it('POSTs the documented JSON body once when the receiver answers 200 (COMPLETED for a success, FAILED for a failure)', async () => {
		const r = await receiver(() => 200);
		try {
			const ok = await start(r.url);
			suite.sandbox.scripts.add({ family: FAMILY.informaticaDataIntegration, key: 'sync_accounts', outcome: 'failure' });
			const failed = (await call(suite.base, 'POST', `${INFORMATICA.v2Prefix}/job`, { json: { taskName: 'sync_accounts', taskType: 'DSS', callbackURL: r.url }, headers: { icSessionId: suite.session } })).json;
			await until(async () => r.bodies.length >= 2);
			await sleep(200);
			expect(r.bodies).toHaveLength(2);
			const byObject = Object.fromEntries(r.bodies.map((b) => [(b as { body: { objectName: string } }).body.objectName, b]));
			expect(byObject.MappingTask1).toEqual({
				contentType: 'application/json',
				method: 'POST',
				body: { '@type': 'callbackUrlResponse', endTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), objectId: '0100000Z00000A', objectName: 'MappingTask1', runId: ok.runId, status: 'COMPLETED' },
			});
			expect(byObject.sync_accounts).toMatchObject({ body: { objectId: '0100000I000001', runId: failed.runId, status: 'FAILED' } });
			expect(callbackOf(ok.runId)).toMatchObject({ attempts: 1, delivered: true, gaveUp: false, duplicatesSent: 0, history: [{ status: 200 }] });
		} finally {
			await r.close();
		}
	});

	it('retries a refusing receiver: three immediate attempts, then doubling intervals up to the maximum, and gives up after the retry time', async () => {
		const config = await configure({ callbackRetryIntervalMs: 40, callbackMaxIntervalMs: 100, callbackRetryForMs: 600 });
		expect(config).toMatchObject({ callbackRetryIntervalMs: 40, callbackMaxIntervalMs: 100, callbackRetryForMs: 600, callbackDuplicates: 0 });
		const r = await receiver(() => 503);
		try {
			const run = await start(r.url);
			await until(async () => callbackOf(run.runId)?.gaveUp === true, 3000);
			const attemptsAtGiveUp = r.bodies.length;
			await sleep(300);
			expect(r.bodies).toHaveLength(attemptsAtGiveUp); // nothing after giving up
			const gaps = r.times.slice(1).map((t, i) => t - r.times[i]);
			// 0, 0 (the immediate attempts), then 40, 80, 100, 100, ... within 600 ms of the first
			expect(gaps[0]).toBeLessThan(30);
			expect(gaps[1]).toBeLessThan(30);
			expect(gaps[2]).toBeGreaterThanOrEqual(35);
			expect(gaps[3]).toBeGreaterThanOrEqual(75);
			for (const gap of gaps.slice(4)) expect(gap).toBeGreaterThanOrEqual(95);
			expect(r.times[r.times.length - 1] - r.times[0]).toBeLessThanOrEqual(600 + 100);
			expect(attemptsAtGiveUp).toBeGreaterThanOrEqual(8); // 3 + at 40, 120, 220, 320, 420, 520
			expect(attemptsAtGiveUp).toBeLessThanOrEqual(10);
			expect(callbackOf(run.runId)).toMatchObject({ delivered: false, gaveUp: true, attempts: attemptsAtGiveUp });
			expect(callbackOf(run.runId)!.history.every((h) => h.status === 503)).toBe(true);
		} finally {
			await r.close();
		}
	});

	it('counts a receiver that is down, and one that does not answer in time, as failed attempts; a later 200 ends the retries', async () => {
		await configure({ callbackRetryIntervalMs: 30, callbackTimeoutMs: 80, callbackRetryForMs: 5000 });
		// Down: nothing listens on the port of a closed receiver.
		const down = await receiver(() => 200);
		await down.close();
		const r = await receiver((index) => (index < 2 ? 'hang' : index < 4 ? 500 : 200));
		try {
			const toDown = await start(down.url);
			const toSlow = await start(r.url, 'm_load_orders');
			expect(toSlow.runId).toBeDefined();
			await until(async () => callbackOf(toSlow.runId, 'm_load_orders')?.delivered === true, 4000);
			const slow = callbackOf(toSlow.runId, 'm_load_orders')!;
			expect(slow.history.map((h) => h.status)).toEqual(['TimeoutError', 'TimeoutError', 500, 500, 200]);
			await until(async () => (callbackOf(toDown.runId)?.attempts ?? 0) >= 4);
			expect(callbackOf(toDown.runId)!.history[0].status).toBe('ECONNREFUSED');
			expect(callbackOf(toDown.runId)!.delivered).toBe(false);
		} finally {
			await r.close();
		}
	});

	it('sends duplicates on request after an accepted callback, records their answers, and does not retry them', async () => {
		await configure({ callbackDuplicates: 2, callbackRetryIntervalMs: 30 });
		const r = await receiver((index) => (index === 0 ? 200 : 409));
		try {
			const run = await start(r.url);
			await until(async () => callbackOf(run.runId)?.duplicatesSent === 2);
			await sleep(200);
			expect(r.bodies).toHaveLength(3);
			expect(r.bodies[1]).toEqual(r.bodies[0]);
			expect(r.bodies[2]).toEqual(r.bodies[0]);
			expect(callbackOf(run.runId)).toMatchObject({
				attempts: 1,
				delivered: true,
				duplicatesSent: 2,
				history: [{ status: 200 }, { status: 409, duplicate: true }, { status: 409, duplicate: true }],
			});
			// A reset puts the callback settings back to their defaults.
			suite.sandbox.reset();
			expect((await call(suite.base, 'GET', `${CONTROL_PREFIX}/config`)).json).toMatchObject({ callbackDuplicates: 0, callbackRetryIntervalMs: 0, callbackRetryForMs: 0 });
		} finally {
			await r.close();
		}
	});

	it('refuses bad callback settings with 400', async () => {
		expect((await call(suite.base, 'POST', `${CONTROL_PREFIX}/config`, { json: { callbackRetryForMs: -1 } })).status).toBe(400);
		expect((await call(suite.base, 'POST', `${CONTROL_PREFIX}/config`, { json: { callbackDuplicates: 'two' } })).status).toBe(400);
	});
});

/**
 * JWT sessions (organizations can switch to them): the login's session id is a JWT that expires at its own `exp`.
 * The node renews it before then, not after a 401, and shares one login among concurrent first requests.
 */
import type { IDataObject } from 'n8n-workflow';

import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import { useInformaticaEnv } from './setup';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Informatica JWT sessions and logins per credential', () => {
	const env = useInformaticaEnv([informaticaDataIntegration], { runTimeMs: 50 });
	const status = (items?: IDataObject[]) =>
		env.harness.runNode({
			type: 'informaticaIdmc',
			parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '0100000Z000009', runId: '2' },
			...(items ? { items } : {}),
		});

	it('renews a JWT session before its exp: a new login, no request refused with 401, no token in the output', async () => {
		const { sandbox, harness } = env;
		sandbox.config.set({ jwtSessionTtlMs: 4000 });
		const first = await status();
		expect(first.error).toBeUndefined();
		const token = String(harness.credentialsHelper.store.get('informaticaIdmcApi')?.sessionId);
		expect(token.split('.')).toHaveLength(3);
		expect(sandbox.counters.snapshot().logins).toBe(1);
		await sleep(3500);
		const second = await status();
		expect(second.error).toBeUndefined();
		expect(sandbox.counters.snapshot().logins).toBe(2);
		expect(sandbox.requests().filter((r) => r.status === 401)).toHaveLength(0);
		expect(JSON.stringify([first.items, second.items])).not.toContain(token.split('.')[1]);
	});

	it('the sandbox refuses an expired JWT with Informatica\'s 401 body', async () => {
		const { sandbox, harness } = env;
		sandbox.config.set({ jwtSessionTtlMs: 300 });
		await status();
		const token = String(harness.credentialsHelper.store.get('informaticaIdmcApi')?.sessionId);
		await sleep(400);
		const answer = await fetch(`${sandbox.url}/saas/api/v2/activity/activityMonitor`, { headers: { icSessionId: token, Accept: 'application/json' } });
		expect(answer.status).toBe(401);
		expect(await answer.json()).toMatchObject({ '@type': 'error', code: 'AUTH_01', statusCode: 401 });
	});

	it('10 concurrent status reads in a first execution, credential reads slow: one login', async () => {
		const { sandbox, harness } = env;
		// n8n reads the stored credential before each request and stores a new session after the login: a read that
		// started before the store and ends after the login must not log in again.
		const helper = harness.credentialsHelper as unknown as { getDecrypted: (...args: unknown[]) => Promise<Record<string, unknown>> };
		const read = helper.getDecrypted.bind(helper);
		let calls = 0;
		helper.getDecrypted = async (...args: unknown[]) => {
			const data = await read(...args);
			calls++;
			if (calls <= 20) await sleep((calls % 10) * 30);
			return data;
		};
		sandbox.faults.add({ match: { path: 'api/v2/user/login' }, kind: 'slow', delayMs: 100 });
		const result = await status(Array.from({ length: 10 }, () => ({ n: 1 })));
		helper.getDecrypted = read;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		expect(sandbox.counters.snapshot().logins).toBe(1);
	});
});

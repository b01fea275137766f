/**
 * A session that expires while several items are in flight costs one login, not one per item: the credential shares
 * the renewal among every request that saw the same session expire.
 */
import { FIRST_LOGIN_REUSE_MS, shareLogin } from '../../../credentials/InformaticaIdmcApi.credentials';
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import { useInformaticaEnv } from './setup';

describe('Informatica session renewal with concurrent items', () => {
	const env = useInformaticaEnv([informaticaDataIntegration], { runTimeMs: 50 });

	it('40 concurrent status reads across repeated expiries: logins = expiries + 1, no failed item', async () => {
		const { sandbox, harness } = env;
		const items = Array.from({ length: 40 }, () => ({ taskId: '0100000Z000009', runId: '2' }));
		// The first run logs in; then every session serves 15 requests (more than the 10 items in flight) before it expires.
		await harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '0100000Z000009', runId: '2' } });
		sandbox.config.set({ sessionExpireEvery: 15 });
		const result = await harness.runNode({
			type: 'informaticaIdmc',
			parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '={{$json.taskId}}', runId: '={{$json.runId}}' },
			items,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(40);
		const { logins, expiries } = sandbox.counters.snapshot();
		expect(expiries).toBeGreaterThan(2);
		expect(logins).toBe(expiries + 1);
	});

	it('shares a first login in flight and for a short while after it, not later; a failed login is never reused', async () => {
		let calls = 0;
		const login = async () => {
			calls++;
			return { sessionId: `s${calls}`, serverUrl: 'u' };
		};
		const [a, b] = await Promise.all([shareLogin('k1', login), shareLogin('k1', login)]);
		expect(a).toBe(b);
		expect(calls).toBe(1);
		// An execution that read the credential before n8n stored the new session: same session, no second login.
		expect(await shareLogin('k1', login)).toBe(a);
		expect(calls).toBe(1);
		await shareLogin('k1', login, Date.now() + FIRST_LOGIN_REUSE_MS + 1000);
		expect(calls).toBe(2);
		await shareLogin('expired-x', login, Date.now(), 'x');
		await shareLogin('expired-x', login, Date.now(), 'x');
		expect(calls).toBe(3);
		// A session the vendor refused (n8n renews it after a 401) is not handed out again to a first request.
		const first = await shareLogin('k2', login);
		const renewed = await shareLogin(`k2-expired-${first.sessionId}`, login, Date.now(), first.sessionId);
		expect(renewed).not.toBe(first);
		expect(await shareLogin('k2', login)).not.toBe(first);
		calls -= 3;
		const failing = async () => {
			calls++;
			throw new Error('401');
		};
		await expect(shareLogin('bad', failing, Date.now(), 'y')).rejects.toThrow('401');
		await expect(shareLogin('bad', failing, Date.now(), 'y')).rejects.toThrow('401');
		expect(calls).toBe(5);
	});
});

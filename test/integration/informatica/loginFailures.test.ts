/**
 * A login that fails or is refused: one failed login for many items (a password policy counts them), the login's
 * Retry-After honoured, a start whose session renewal failed sent again (it never went out), a pasted URL trimmed.
 */
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import { forgetSharedLogins } from '../../../credentials/InformaticaIdmcApi.credentials';
import { CUSTOM_LOGIN } from '../../../credentials/InformaticaIdmcApi.credentials';
import { informaticaCredential } from '../../harness/credentials';
import { rl } from '../../harness/resourceLocator';
import { useInformaticaEnv } from './setup';

const ORDERS = '0100000Z000009';

describe('Informatica login failures', () => {
	const env = useInformaticaEnv([informaticaDataIntegration], { runTimeMs: 50 });
	beforeEach(() => forgetSharedLogins());
	const logins = () => env.sandbox.requests().filter((r) => r.path.endsWith('/user/login'));
	const items = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));
	const getStatus = { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: ORDERS, runId: '1' };
	const starts = () => Object.values(env.sandbox.counters.snapshot().starts as Record<string, number>).reduce((a, b) => a + b, 0);
	const start = { resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) };

	it('a wrong password is tried once for all items of a run (50 reads, 20 starts with On Error: Continue)', async () => {
		env.harness.setCredential('informaticaIdmcApi', { ...informaticaCredential(env.sandbox), password: 'wrong-pass-123' });
		const reads = await env.harness.runNode({ type: 'informaticaIdmc', parameters: getStatus, items: items(50), continueOnFail: true });
		expect(reads.items.filter((i) => String(i.json.error ?? '').includes('Invalid user name or password'))).toHaveLength(50);
		const started = await env.harness.runNode({ type: 'informaticaIdmc', parameters: start, items: items(20), continueOnFail: true });
		expect(started.items.filter((i) => i.json.error)).toHaveLength(20);
		expect(logins()).toHaveLength(1);
		expect(starts()).toBe(0);
		// The corrected credential logs in at once (the refusal is shared per user name and password).
		env.harness.setCredential('informaticaIdmcApi', informaticaCredential(env.sandbox));
		const fixed = await env.harness.runNode({ type: 'informaticaIdmc', parameters: getStatus });
		expect(fixed.error).toBeUndefined();
		expect(logins()).toHaveLength(2);
	});

	it("the login's Retry-After is honoured", async () => {
		env.sandbox.faults.add({ match: { path: 'user/login' }, kind: 'status', status: 429, retryAfter: 2, next: 1 });
		const result = await env.harness.runNode({ type: 'informaticaIdmc', parameters: getStatus });
		expect(result.error).toBeUndefined();
		const [refused, accepted] = logins();
		expect(refused.status).toBe(429);
		expect(Date.parse(String(accepted.time)) - Date.parse(String(refused.time))).toBeGreaterThanOrEqual(1900);
	});

	it('a start whose session expired and whose renewal login answered 503 is sent again: it never went out; one run', async () => {
		await env.harness.runNode({ type: 'informaticaIdmc', parameters: getStatus }); // a session exists
		env.sandbox.faults.add({ match: { method: 'POST', path: '/\\/saas\\/api\\/v2\\/job$/' }, kind: 'expireSession', next: 1 });
		env.sandbox.faults.add({ match: { path: 'user/login' }, kind: 'status', status: 503, next: 1 });
		const result = await env.harness.runNode({ type: 'informaticaIdmc', parameters: start });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ outcome: 'running', startedByThisItem: true });
		expect(starts()).toBe(1);
	});

	it('a Custom Login URL pasted with spaces around it is trimmed', async () => {
		env.harness.setCredential('informaticaIdmcApi', { ...informaticaCredential(env.sandbox), region: CUSTOM_LOGIN, customLoginUrl: ` ${env.sandbox.url}/ ` });
		const result = await env.harness.runNode({ type: 'informaticaIdmc', parameters: getStatus });
		expect(result.error).toBeUndefined();
		expect(logins()[0].path).toBe('/ma/api/v2/user/login');
	});
});

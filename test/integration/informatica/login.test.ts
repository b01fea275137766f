/** The login itself: the optional security domain, and a failed login named as the login, not the node's request. */
import * as informaticaDbmi from '../../../sandbox/families/informaticaDbmi';
import { informaticaCredential } from '../../harness/credentials';
import { useInformaticaEnv } from './setup';

describe('Informatica login', () => {
	const env = useInformaticaEnv([informaticaDbmi]);
	const dbmiStatus = () =>
		env.harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '15' } });
	const loginBodies = () =>
		env.sandbox
			.requests()
			.filter((r) => r.path.endsWith('/user/login'))
			.map((r) => (r.body ?? {}) as Record<string, unknown>);

	it('a wrong password: the vendor message, the error names the login request and host, not GET job/status', async () => {
		const { sandbox, harness } = env;
		harness.setCredential('informaticaIdmcApi', { ...informaticaCredential(sandbox), password: 'wrong-password-123' });
		const result = await dbmiStatus();
		expect(result.error?.message).toContain('Invalid user name or password.');
		expect(result.error?.description).toContain('POST /ma/api/v2/user/login answered 401');
		expect(result.error?.description).toContain(new URL(sandbox.url).host);
		expect(result.error?.description).not.toContain('job/status');
		expect(JSON.stringify(result.error)).not.toContain('wrong-password-123');
		expect(sandbox.requests().some((r) => r.path.includes('job/status'))).toBe(false);
	});

	it('sends securitydomain only when the credential sets it', async () => {
		const { sandbox, harness } = env;
		await dbmiStatus();
		harness.setCredential('informaticaIdmcApi', { ...informaticaCredential(sandbox), securityDomain: ' CorpLDAP ' });
		await dbmiStatus();
		const bodies = loginBodies();
		expect(bodies).toHaveLength(2);
		expect(bodies[0]).not.toHaveProperty('securitydomain');
		expect(bodies[1].securitydomain).toBe('CorpLDAP');
	});
});

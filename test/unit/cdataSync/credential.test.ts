import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';

describe('CData Sync credential', () => {
	const credential = new CDataSyncApi();
	const base = { baseUrl: 'http://sync:8181', authToken: 'tok-123', useBasicAuth: false, user: '', ignoreSslIssues: false };

	it('sends the token as x-cdata-authtoken and resolves relative URLs (the credential test) against the API root', async () => {
		const options = await credential.authenticate(base, { url: '/v2/workspaces', method: 'GET' });
		expect(options.headers).toEqual({ 'x-cdata-authtoken': 'tok-123' });
		expect(options.url).toBe('http://sync:8181/api.rsc/v2/workspaces');
		expect(options.baseURL).toBeUndefined();
		expect(options.auth).toBeUndefined();
		expect(options.skipSslCertificateValidation).toBeUndefined();
	});

	it('Basic mode: the user and the token as password, no header', async () => {
		const options = await credential.authenticate({ ...base, useBasicAuth: true, user: 'admin' }, { url: 'http://x/api.rsc/v2/jobs/1/status', method: 'GET' });
		expect(options.auth).toEqual({ username: 'admin', password: 'tok-123' });
		expect(options.headers).toEqual({});
		expect(options.baseURL).toBeUndefined();
	});

	it('"Ignore SSL Issues" turns certificate validation off, and is off by default', async () => {
		expect(credential.properties.find((p) => p.name === 'ignoreSslIssues')?.default).toBe(false);
		const options = await credential.authenticate({ ...base, ignoreSslIssues: true }, { url: '/v2/workspaces', method: 'GET' });
		expect(options.skipSslCertificateValidation).toBe(true);
	});
});

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { joinUrl } from '../../../credentials/shared';

describe('joinUrl: a relative URL resolved against the API root as axios joins baseURL and url', () => {
	it.each([
		['http://sync:8181/api.rsc', '/v2/jobs', 'http://sync:8181/api.rsc/v2/jobs'],
		['http://sync:8181/api.rsc/', '/v2/jobs', 'http://sync:8181/api.rsc/v2/jobs'],
		['http://sync:8181/api.rsc', 'v2/jobs?x=1', 'http://sync:8181/api.rsc/v2/jobs?x=1'],
		['https://na4.dm-us.informaticacloud.com/saas', '//api/v2/job', 'https://na4.dm-us.informaticacloud.com/saas/api/v2/job'],
		['http://h/api', '', 'http://h/api'],
	])('%s + %s', (root, url, expected) => {
		expect(joinUrl(root, url)).toBe(expected);
	});
});

describe('the credentials hand n8n a whole URL, never a baseURL', () => {
	it('CData Sync', async () => {
		const options = await new CDataSyncApi().authenticate({ baseUrl: 'http://sync:8181/', authToken: 't' }, { url: '/v2/jobs/1/status', method: 'GET' });
		expect(options).toMatchObject({ url: 'http://sync:8181/api.rsc/v2/jobs/1/status' });
		expect(options.baseURL).toBeUndefined();
	});

	it('Relational Migrator', async () => {
		const options = await new MongoDbRelationalMigratorApi().authenticate({ baseUrl: 'http://rm:8278' }, { url: '/jobs/7', method: 'GET' });
		expect(options.url).toMatch(/^http:\/\/rm:8278\/.+\/jobs\/7$/);
		expect(options.baseURL).toBeUndefined();
	});

	it('Informatica: the login\'s server URL, the pod host for taskflows, and the session header for the whole URL', async () => {
		const credential = new InformaticaIdmcApi();
		const stored = { sessionId: 'sess-1', serverUrl: 'https://na4.dm-us.informaticacloud.com/saas' };
		const v3 = await credential.authenticate(stored, { url: '/public/core/v3/import/1', method: 'GET' });
		expect(v3.url).toBe('https://na4.dm-us.informaticacloud.com/saas/public/core/v3/import/1');
		expect(v3.headers).toMatchObject({ 'INFA-SESSION-ID': 'sess-1' });
		expect(v3.baseURL).toBeUndefined();
		const taskflow = await credential.authenticate(stored, { url: '/active-bpel/rt/tf1', method: 'POST' });
		expect(taskflow.url).toBe('https://na4.dm-us.informaticacloud.com/active-bpel/rt/tf1');
		const absolute = await credential.authenticate(stored, { url: 'https://other.example.com/dbmi/api/v2/job/status', method: 'GET' });
		expect(absolute.url).toBe('https://other.example.com/dbmi/api/v2/job/status');
		expect(absolute.headers).toMatchObject({ 'IDS-SESSION-ID': 'sess-1' });
	});
});

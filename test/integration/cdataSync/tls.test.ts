/**
 * TLS failures are named as such: the host and port, what to change (Ignore SSL Issues, or http:// for a plain-HTTP
 * port), and no retry (the same handshake fails the same way). The key pair in test/fixtures/tls is a self-signed
 * certificate for this test only.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { CDATA_SYNC } from '../../../sandbox/core/constants';
import { byId, useCDataEnv } from './setup';

describe('CData Sync over TLS', () => {
	const env = useCDataEnv();
	let connections = 0;
	const fixture = join(__dirname, '..', '..', 'fixtures', 'tls');
	const server = https.createServer({ key: readFileSync(join(fixture, 'key.pem')), cert: readFileSync(join(fixture, 'cert.pem')) }, (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"status":"Successful"}');
	});
	server.on('connection', () => connections++);
	beforeAll((done) => void server.listen(0, '127.0.0.1', done));
	afterAll((done) => void server.close(() => done()));
	const url = () => `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const getStatus = { resource: 'job', operation: 'getStatus', job: byId('10579e1b-e4b2-48d1-af9e-69595b47dbfe') };

	it('a self-signed certificate: the error names the host and the Ignore SSL Issues switch, one connection only; the switch on reads it', async () => {
		env.harness.setCredential('cDataSyncApi', { baseUrl: url(), authToken: CDATA_SYNC.token });
		connections = 0;
		const result = await env.harness.runNode({ type: 'cDataSync', parameters: getStatus });
		expect(result.error?.message).toBe(`The TLS connection to the service at 127.0.0.1:${(server.address() as AddressInfo).port} failed`);
		expect(result.error?.description).toMatch(/TLS error DEPTH_ZERO_SELF_SIGNED_CERT.*Ignore SSL Issues/);
		expect(connections).toBe(1);
		env.harness.setCredential('cDataSyncApi', { baseUrl: url(), authToken: CDATA_SYNC.token, ignoreSslIssues: true });
		const trusted = await env.harness.runNode({ type: 'cDataSync', parameters: getStatus });
		expect(trusted.error).toBeUndefined();
		expect(trusted.items[0].json.outcome).toBe('succeeded');
	});

	it('an https URL at a plain-HTTP port: the error says to use http://', async () => {
		env.harness.setCredential('cDataSyncApi', { baseUrl: env.sandbox.url.replace(/^http:/, 'https:'), authToken: CDATA_SYNC.token });
		const result = await env.harness.runNode({ type: 'cDataSync', parameters: getStatus });
		expect(result.error?.message).toMatch(/^The TLS connection to the service at 127\.0\.0\.1:\d+ failed$/);
		expect(result.error?.description).toMatch(/does not speak TLS.*http:\/\//);
		expect(env.sandbox.requests()).toHaveLength(0);
	});
});

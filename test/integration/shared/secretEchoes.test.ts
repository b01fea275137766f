/**
 * Answers that echo the request back (its headers, its body) must not carry a secret into anything the user sees:
 * the error's message, description, errorResponse and cause, the run data, and the items of On Error: Continue.
 * A local server plays the vendor and echoes whatever it was sent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi, forgetSharedLogins } from '../../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { N8nHarness } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';

const SESSION = 'EchoSess1onIdZ9x8c7v6b5n4m3';
const PASSWORD = 'Echo-Infa-Pa55-q1w2e3';
const TOKEN = 'Echo-CData-T0ken-a9s8d7';
const PROXY = 'Echo-Proxy-S3cret-z1x2c3';
const BASIC = Buffer.from(`admin:${TOKEN}`).toString('base64');
const SECRETS: Record<string, string> = { SESSION, PASSWORD, TOKEN, PROXY, BASIC };

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
let handler: Handler = (_q, _b, res) => res.end('{}');
let server: http.Server;
let base = '';
beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => handler(req, body, res));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The whole request (headers and body) sent back in the error answer, as JSON or as plain text. */
function echo(status: number, shape: 'nested' | 'text'): Handler {
	return (req, body, res) => {
		res.statusCode = status;
		if (shape === 'text') {
			res.setHeader('content-type', 'text/plain');
			res.end(`Denied ${req.method} ${req.url} headers ${Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('; ')} body ${body}`);
			return;
		}
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ error: { code: 'E1', message: `Denied: ${JSON.stringify({ url: req.url, headers: req.headers, body })}` } }));
	};
}

const informaticaLogin = (then: Handler): Handler => (req, body, res) => {
	if (req.url?.startsWith('/ma/api/v2/user/login')) {
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ icSessionId: SESSION, serverUrl: `${base}/saas` }));
		return;
	}
	then(req, body, res);
};

/** Every string reachable through own properties (enumerable or not): what any serialiser or log could see. */
function allText(value: unknown, seen = new Set<unknown>(), depth = 0): string {
	if (depth > 12) return '';
	if (typeof value === 'string') return `${value}\n`;
	if (typeof value !== 'object' || value === null) return `${String(value)}\n`;
	if (seen.has(value)) return '';
	seen.add(value);
	let out = '';
	for (const key of Object.getOwnPropertyNames(value)) {
		const v = (value as Record<string, unknown>)[key];
		if (typeof v !== 'function') out += `${key}=${allText(v, seen, depth + 1)}`;
	}
	return out;
}

const credentials = (basic = false) => ({
	informaticaIdmcApi: { region: 'custom', customLoginUrl: base, username: 'echo', password: PASSWORD, requestTimeoutSeconds: 5 },
	cDataSyncApi: { baseUrl: base, authToken: TOKEN, useBasicAuth: basic, user: 'admin', requestTimeoutSeconds: 5 },
	mongoDbRelationalMigratorApi: { baseUrl: base, headerName: 'X-Migrator-Key', headerSecret: PROXY, requestTimeoutSeconds: 5 },
});

const DBMI_STATUS = { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: rl('15') };
const CDATA_STATUS = { resource: 'job', operation: 'getStatus', job: rl('10579e1b-e4b2-48d1-af9e-69595b47dbfe') };
const RM_GET = { resource: 'job', operation: 'get', jobId: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e61' };

/** Runs the node with each On Error setting and returns every secret found anywhere, plus the error (or first item) seen. */
async function leaksOf(type: string, parameters: Record<string, unknown>, basic = false): Promise<{ leaks: string[]; seen: string[] }> {
	const leaks: string[] = [];
	const seen: string[] = [];
	for (const onError of ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const) {
		forgetSharedLogins();
		const h = new N8nHarness({
			nodeTypes: [InformaticaIdmc, CDataSync, MongoDbRelationalMigrator],
			credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
			credentials: credentials(basic) as never,
		});
		const r = await h.runNode({ type, parameters: parameters as never, onError, continueOnFail: onError !== 'stopWorkflow' });
		const error = r.error as unknown as Record<string, unknown> | undefined;
		seen.push(error ? `${String(error.message)} | ${String(error.description)}` : JSON.stringify(r.outputs));
		const text = [
			allText(error),
			JSON.stringify(error ?? null),
			JSON.stringify(r.run.data.resultData, (k, v) => (k === 'node' ? undefined : v)),
			JSON.stringify(r.outputs),
		].join('\n');
		for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) leaks.push(`${name} [${onError}]`);
	}
	return { leaks, seen };
}

describe('answers echoing the request carry no secret to the user', () => {
	it.each([
		['401, JSON', echo(401, 'nested')],
		['500, text', echo(500, 'text')],
	])('Informatica login failing with %s that echoes the password', async (_what, login) => {
		handler = login;
		const { leaks, seen } = await leaksOf('informaticaIdmc', DBMI_STATUS);
		expect(leaks).toEqual([]);
		// The vendor's message is still there, with the password blanked.
		expect(seen[0]).toMatch(/Denied/);
		expect(seen[0]).toMatch(/\[redacted\]/);
	});

	it.each([
		['Informatica (session ID header)', 'informaticaIdmc', DBMI_STATUS, informaticaLogin((q, _b, r) => r.end(`oops ${String(q.headers['ids-session-id'])}`)), false],
		['CData Sync (x-cdata-authtoken header)', 'cDataSync', CDATA_STATUS, ((q, _b, r) => r.end(`<p>token ${String(q.headers['x-cdata-authtoken'])}</p>`)) as Handler, false],
		['CData Sync (Basic authorization header)', 'cDataSync', CDATA_STATUS, ((q, _b, r) => r.end(`<p>auth ${String(q.headers.authorization)}</p>`)) as Handler, true],
		['Relational Migrator (proxy header)', 'mongoDbRelationalMigrator', RM_GET, ((q, _b, r) => r.end(`proxy said ${String(q.headers['x-migrator-key'])}`)) as Handler, false],
	])('%s: a 2xx answer that is not JSON and echoes the secret', async (_what, type, parameters, answer, basic) => {
		handler = answer;
		const { leaks, seen } = await leaksOf(type, parameters, basic);
		expect(leaks).toEqual([]);
		expect(seen[0]).toMatch(/not valid JSON/);
		expect(seen[0]).toMatch(/\[redacted\]/);
	});

	it.each([
		['400, JSON', echo(400, 'nested')],
		['401, text', echo(401, 'text')],
	])('CData Sync with Basic authentication: an error answer (%s) echoing the Authorization header', async (_what, answer) => {
		handler = answer;
		const { leaks, seen } = await leaksOf('cDataSync', CDATA_STATUS, true);
		expect(leaks).toEqual([]);
		expect(seen[0]).toMatch(/Denied/);
		expect(seen[0]).toMatch(/\[redacted\]/);
	});
});

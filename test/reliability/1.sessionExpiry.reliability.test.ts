/**
 * Scenario 1: Informatica sessions expire every K authenticated requests during 1,000-item runs of each Informatica
 * family (Data Integration, Database Ingestion, Import). Every item must succeed and each expiry must cost exactly
 * one new login: logins = expiries + 1.
 */
import type { INodeParameters } from 'n8n-workflow';

import { forgetSharedLogins } from '../../credentials/InformaticaIdmcApi.credentials';
import { buildExportPackage } from '../../sandbox/families/informaticaImport';
import { figure, items, timed, useScenarioEnv } from './support';

const ITEMS = 1000;
const EXPIRE_EVERY = 50;

describe('1 session expiry: sessions expire every 50 requests during 1,000-item runs', () => {
	const env = useScenarioEnv();

	async function runFamily(subject: string, parameters: INodeParameters, type = 'informaticaIdmc') {
		env.sandbox.counters.reset();
		env.sandbox.config.set({ sessionExpireEvery: EXPIRE_EVERY });
		const { result, seconds } = await timed(() => env.harness.runNode({ type, parameters, items: items(ITEMS), continueOnFail: true }));
		env.sandbox.config.set({ sessionExpireEvery: 0 });
		const counters = env.sandbox.counters.snapshot();
		// A failed item under continue-on-fail carries its error message as a string (a failed job's own error is an object).
		const failed = result.items.filter((i) => typeof i.json.error === 'string');
		figure({
			scenario: 1,
			title: 'session expiry',
			subject,
			values: { items: result.items.length, failed: failed.length, requests: counters.total, logins: counters.logins, expiries: counters.expiries, expireEvery: EXPIRE_EVERY },
			seconds,
		});
		expect(result.error).toBeUndefined();
		expect(failed.map((i) => i.json.error).slice(0, 3)).toEqual([]);
		expect(result.items).toHaveLength(ITEMS);
		expect(counters.expiries).toBeGreaterThanOrEqual(Math.floor(ITEMS / EXPIRE_EVERY) - 1);
		expect(counters.logins).toBe(counters.expiries + 1);
		return result;
	}

	it('Data Integration: 1,000 status reads', async () => {
		const result = await runFamily('informatica DI getStatus', { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '0100000Z000009', runId: '1' });
		expect(result.items.every((i) => i.json.outcome === 'succeeded' && i.json.runId === '1')).toBe(true);
	});

	it('Database Ingestion: 1,000 status reads', async () => {
		const result = await runFamily('informatica DBMI getStatus', { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '15' });
		expect(result.items.every((i) => String(i.json.jobId) === '15')).toBe(true);
	});

	it('Import: 1,000 status reads of an uploaded package', async () => {
		const upload = await env.harness.runNode({
			type: 'informaticaIdmcWithBinaryInput',
			parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' },
			items: [{ zip: buildExportPackage([{ path: 'Default/Sales/m_load_orders', type: 'MTT' }]).toString('base64') }],
		});
		expect(upload.error).toBeUndefined();
		const jobId = String(upload.items[0].json.jobId);
		// The 1,000-item run starts without a session, as in a fresh n8n process (inside one process a fresh execution
		// would share the upload's login for 10 s: credentials/InformaticaIdmcApi.credentials.ts).
		env.harness = env.newHarness();
		forgetSharedLogins();
		const result = await runFamily('informatica import getStatus', { resource: 'import', operation: 'getStatus', importJobId: jobId });
		expect(result.items.every((i) => String(i.json.id ?? i.json.jobId) === jobId)).toBe(true);
	});
});

/**
 * The Informatica IDMC node's Import operations, driven through n8n-core against the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { FAMILY } from '../../../sandbox/core/constants';
import * as informaticaImport from '../../../sandbox/families/informaticaImport';
import { buildExportPackage, packageObjectId } from '../../../sandbox/families/informaticaImport';
import type { Sandbox } from '../../../sandbox/server';
import { InformaticaIdmcWithBinaryInput } from '../../harness/binaryInput';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };
const OBJECTS = [
	{ path: 'Default/Sales/m_load_orders', type: 'MTT' },
	{ path: 'Default/Sales/wf_nightly_load', type: 'WORKFLOW' },
];
const MTT_ID = packageObjectId('Default/Sales/m_load_orders', 'MTT');
const WF_ID = packageObjectId('Default/Sales/wf_nightly_load', 'WORKFLOW');

describe('Informatica IDMC node: Import (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaImport], { nodeTypes: [InformaticaIdmc, InformaticaIdmcWithBinaryInput], bind: (env) => ({ sandbox, harness } = env) });

	const op = (operation: string, parameters: INodeParameters = {}, continueOnFail = false) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'import', operation, ...parameters }, continueOnFail });

	/** The Upload Package operation reading a binary field that an expression builds from base64. */
	async function upload(pkg: Buffer, parameters: INodeParameters = {}) {
		return await harness.runNode({
			type: 'informaticaIdmcWithBinaryInput',
			parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data', ...parameters },
			items: [{ zip: pkg.toString('base64') }],
		});
	}

	it('uploads a package from a binary field as multipart/form-data (file part "package")', async () => {
		const result = await upload(buildExportPackage(OBJECTS));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ jobId: expect.any(String), jobStatus: { state: 'NOT_STARTED' }, checksumValid: true, outcome: 'running', fileName: 'export.zip' });
		const request = sandbox.requests().find((r) => r.path.endsWith('/import/package'))!;
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.headers['infa-session-id']).toBeDefined();
	});

	it('a package without checksum fails with the vendor message unless the checksum is relaxed', async () => {
		const pkg = buildExportPackage(OBJECTS, { checksum: false });
		const strict = await upload(pkg);
		expect(strict.error?.httpCode).toBe('400');
		expect(strict.error?.message).toContain('checksum is not valid');
		const relaxed = await upload(pkg, { relaxChecksum: true });
		expect(relaxed.items[0].json).toMatchObject({ checksumValid: false });
	});

	it('a missing binary field fails naming it, before any request', async () => {
		const result = await op('uploadPackage', { binaryPropertyName: 'data' });
		expect(result.error?.message).toMatch(/data/);
		expect(sandbox.counters.snapshot().total).toBe(0);
	});

	it('starts an import with default and per-object conflict resolution, waits for SUCCESSFUL, and reads objects and log', async () => {
		const jobId = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		const result = await op('startImport', {
			importJobId: jobId,
			importName: 'nightly import',
			defaultConflictResolution: 'REUSE',
			includeObjects: `${MTT_ID}, ${WF_ID}`,
			objectSpecifications: { object: [{ sourceObjectId: MTT_ID, conflictResolution: 'OVERWRITE', mappingConflictExisting: 'RETAIN' }] },
			waitForCompletion: true,
			waitOptions: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: jobId, name: 'nightly import', outcome: 'succeeded', rawStatus: 'SUCCESSFUL', wait: { end: 'finished' } });
		expect(result.items[0].json.endedAt).toMatch(/Z$/);
		const sent = sandbox.requests().find((r) => r.method === 'POST' && r.path.endsWith(`/import/${jobId}`))!;
		expect(sent.body).toEqual({
			name: 'nightly import',
			importSpecification: {
				defaultConflictResolution: 'REUSE',
				includeObjects: [MTT_ID, WF_ID],
				objectSpecification: [{ sourceObjectId: MTT_ID, conflictResolution: 'OVERWRITE', additionalProviderFlags: [{ key: 'mapping_conflict_existing', value: 'RETAIN' }] }],
			},
		});

		const status = await op('getStatus', { importJobId: jobId, includeObjects: true });
		const objects = status.items[0].json.objects as Array<{ sourceObject: IDataObject; status: IDataObject; conflictResolution: string }>;
		expect(status.items[0].json).toMatchObject({ outcome: 'succeeded', summary: { objects: 4, failedObjects: 0 } });
		// Quirk: the job says SUCCESSFUL, each object SUCCESS; both read as succeeded.
		expect(objects.find((o) => o.sourceObject.id === MTT_ID)).toMatchObject({ conflictResolution: 'OVERWRITE', status: { state: 'SUCCESS' } });
		expect(objects.find((o) => o.sourceObject.id === WF_ID)?.conflictResolution).toBe('REUSE');
		const plain = await op('getStatus', { importJobId: jobId });
		expect(plain.items[0].json.objects).toBeNull();
		const log = await op('getLog', { importJobId: jobId });
		expect(log.items[0].json.log).toContain('Default/Sales/m_load_orders');
	});

	it('a failed import fails the item with the message, the failed object and the log', async () => {
		const jobId = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		sandbox.scripts.add({ family: FAMILY.informaticaImport, key: jobId, outcome: 'failure', message: 'Runtime environment not found' });
		const result = await op('startImport', { importJobId: jobId, waitForCompletion: true, waitOptions: FAST_WAIT }, true);
		const out = result.items[0].json;
		expect(out).toMatchObject({ error: `import job ${jobId} failed: Runtime environment not found`, outcome: 'failed', rawStatus: 'FAILED' });
		expect(out.details).toMatchObject({ failedObjects: 1, log: expect.stringContaining('OIE_008 ERROR') });
	});

	it('times out while an import is stuck; without waiting it answers IN_PROGRESS', async () => {
		const jobId = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		sandbox.scripts.add({ family: FAMILY.informaticaImport, key: jobId, outcome: 'stuck' });
		const result = await op('startImport', { importJobId: jobId, waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.2 } });
		expect(result.error?.message).toBe(`Timed out after 0.2s waiting for import job ${jobId}`);
		const second = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		const noWait = await op('startImport', { importJobId: second });
		expect(noWait.items[0].json).toMatchObject({ outcome: 'running', rawStatus: 'IN_PROGRESS' });
	});

	it('answers 404 for an unknown job, a second start attaches (no 409), and 400 for an object not in the package', async () => {
		const unknown = await op('getStatus', { importJobId: 'nope' });
		expect(unknown.error?.httpCode).toBe('404');
		expect(unknown.error?.message).toContain('Import job nope was not found');
		const jobId = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		const bad = await op('startImport', { importJobId: jobId, includeObjects: 'notInPackage' });
		expect(bad.error?.httpCode).toBe('400');
		await op('startImport', { importJobId: jobId });
		// A second start of the same import job attaches to it (If the Import Was Already Started: Attach): no 409, one start.
		const again = await op('startImport', { importJobId: jobId });
		expect(again.items[0].json).toMatchObject({ id: jobId, attached: true, startedByThisItem: false });
		expect(sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/import/${jobId}`)).map((r) => r.status)).toEqual([400, 200]);
		const noSource = await op('startImport', { importJobId: jobId, objectSpecifications: { object: [{ sourceObjectId: ' ', conflictResolution: 'REUSE' }] } });
		expect(noSource.error?.message).toBe('"Source Object ID" of object specification 1 is required');
	});

	it('renews an expired session with exactly one new login', async () => {
		const jobId = String((await upload(buildExportPackage(OBJECTS))).items[0].json.jobId);
		await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
		const status = await op('getStatus', { importJobId: jobId });
		expect(status.error).toBeUndefined();
		expect(sandbox.counters.snapshot().logins).toBe(2);
	});
});

/**
 * The Informatica IDMC node's Export operations, driven through n8n-core against the sandbox, and the promotion
 * they serve: export, download the package as binary data, upload it with Import, import, wait.
 */
import type { INodeParameters } from 'n8n-workflow';

import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { FAMILY } from '../../../sandbox/core/constants';
import * as informaticaExport from '../../../sandbox/families/informaticaExport';
import * as informaticaImport from '../../../sandbox/families/informaticaImport';
import { zipEntryNames } from '../../../sandbox/families/informaticaImport';
import type { Sandbox } from '../../../sandbox/server';
import { InformaticaIdmcWithBinaryInput } from '../../harness/binaryInput';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

const FAST_WAIT = { pollIntervalSeconds: 0.02, timeoutSeconds: 10 };
/** Seeded in the sandbox's Data Integration tasks: Default/Sales/m_load_orders (MTT) and its Sales folder. */
const MTT_ID = 'jJGyAmd8Q8odiyvToQhhAQ';
const SALES_FOLDER = informaticaExport.exportCatalogue().find((o) => o.path === 'Default/Sales')!.id;
const WORKFLOW_ID = informaticaExport.exportCatalogue().find((o) => o.path === 'Default/Sales/wf_nightly_load')!.id;

describe('Informatica IDMC node: Export (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaExport, informaticaImport], { nodeTypes: [InformaticaIdmc, InformaticaIdmcWithBinaryInput], bind: (env) => ({ sandbox, harness } = env) });

	const op = (operation: string, parameters: INodeParameters = {}, continueOnFail = false) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'export', operation, ...parameters }, continueOnFail });

	it('starts an export with the objects and their includeDependencies, waits for SUCCESSFUL, and reads objects and log', async () => {
		const result = await op('startExport', {
			exportName: 'sales promotion',
			objects: { object: [{ id: MTT_ID, includeDependencies: false }, { id: WORKFLOW_ID, includeDependencies: true }] },
			waitForCompletion: true,
			waitOptions: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		const out = result.items[0].json;
		expect(out).toMatchObject({ name: 'sales promotion', outcome: 'succeeded', rawStatus: 'SUCCESSFUL', wait: { end: 'finished' }, startedByThisItem: true });
		const sent = sandbox.requests().find((r) => r.method === 'POST' && r.path.endsWith('/public/core/v3/export'))!;
		expect(sent.body).toEqual({ name: 'sales promotion', objects: [{ id: MTT_ID, includeDependencies: false }, { id: WORKFLOW_ID, includeDependencies: true }] });
		expect(sent.headers['infa-session-id']).toBeDefined();

		const id = String(out.id);
		const status = await op('getStatus', { exportJobId: id, includeObjects: true });
		expect(status.items[0].json).toMatchObject({ outcome: 'succeeded', summary: { objects: 2, failedObjects: 0 } });
		const log = await op('getLog', { exportJobId: id });
		expect(log.items[0].json.log).toContain('Default/Sales/wf_nightly_load');
	});

	it('without waiting it answers IN_PROGRESS; Get Status with Wait for Completion follows it to the end', async () => {
		// Long enough that the export is still going when Get Status starts following it, however busy the machine.
		sandbox.config.set({ runTimeMs: 1500 });
		const started = await op('startExport', { objects: { object: [{ id: SALES_FOLDER }] } });
		expect(started.items[0].json).toMatchObject({ outcome: 'running', rawStatus: 'IN_PROGRESS', name: expect.stringMatching(/^job-\d+$/) });
		const followed = await op('getStatus', { exportJobId: String(started.items[0].json.id), waitForCompletion: true, waitOptions: FAST_WAIT });
		expect(followed.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'SUCCESSFUL', attached: true, startedByThisItem: false });
	});

	it('downloads the package as binary data that Import > Upload Package accepts, and the import succeeds', async () => {
		const exported = await op('startExport', { exportName: 'sales', objects: { object: [{ id: SALES_FOLDER }] }, waitForCompletion: true, waitOptions: FAST_WAIT });
		const id = String(exported.items[0].json.id);
		const download = await op('downloadPackage', { exportJobId: id, binaryPropertyName: 'package' });
		expect(download.error).toBeUndefined();
		const item = download.items[0];
		expect(item.json).toMatchObject({ exportJobId: id, fileName: 'sales.zip', outcome: 'succeeded' });
		const binary = item.binary!.package;
		expect(binary).toMatchObject({ fileName: 'sales.zip', mimeType: 'application/zip' });
		const zip = Buffer.from(binary.data, 'base64');
		expect(item.json.fileSize).toBe(zip.length);
		// The whole Sales folder: the two mapping tasks' and the workflow's assets, plus the checksum entry.
		expect(zipEntryNames(zip)).toEqual(expect.arrayContaining(['Explore/Default/Sales/m_load_orders.MTT.zip', 'Explore/Default/Sales/wf_nightly_load.WORKFLOW.zip', 'exportPackage.chksum']));

		const upload = await harness.runNode({
			type: 'informaticaIdmcWithBinaryInput',
			parameters: { resource: 'import', operation: 'uploadPackage', binaryPropertyName: 'data' },
			items: [{ zip: binary.data }],
		});
		expect(upload.items[0].json).toMatchObject({ checksumValid: true, outcome: 'running' });
		const imported = await harness.runNode({
			type: 'informaticaIdmc',
			parameters: { resource: 'import', operation: 'startImport', importJobId: String(upload.items[0].json.jobId), waitForCompletion: true, waitOptions: FAST_WAIT },
		});
		expect(imported.items[0].json).toMatchObject({ outcome: 'succeeded', rawStatus: 'SUCCESSFUL' });
	});

	it('a package of an export that has not finished is refused before the download, naming the state', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaExport, key: 'slow export', outcome: 'stuck' });
		const started = await op('startExport', { exportName: 'slow export', objects: { object: [{ id: MTT_ID }] } });
		const id = String(started.items[0].json.id);
		const download = await op('downloadPackage', { exportJobId: id });
		expect(download.error?.message).toBe(`export job ${id} has no package to download: its state is IN_PROGRESS`);
		expect(sandbox.requests().some((r) => r.path.endsWith('/package'))).toBe(false);
		const timedOut = await op('getStatus', { exportJobId: id, waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 0.2 } });
		expect(timedOut.error?.message).toBe(`Timed out after 0.2s waiting for export job ${id}`);
	});

	it('a failed export fails the item with the message, the failed object and the log', async () => {
		sandbox.scripts.add({ family: FAMILY.informaticaExport, key: 'broken', outcome: 'failure', message: 'Connection Oracle_DW could not be exported' });
		const result = await op('startExport', { exportName: 'broken', objects: { object: [{ id: MTT_ID }] }, waitForCompletion: true, waitOptions: FAST_WAIT }, true);
		const out = result.items[0].json;
		expect(out).toMatchObject({ outcome: 'failed', rawStatus: 'FAILED', error: expect.stringContaining('Connection Oracle_DW could not be exported') });
		expect(out.details).toMatchObject({ failedObjects: 1, log: expect.stringContaining('OIE_018 ERROR') });
	});

	it('bad input fails naming the field before any request; an unknown object is the API\'s 400; an unknown job its 404', async () => {
		const none = await op('startExport', { objects: {} });
		expect(none.error?.message).toBe('"Objects" needs at least one object to export');
		const blank = await op('startExport', { objects: { object: [{ id: ' ' }] } });
		expect(blank.error?.message).toBe('"Object ID" of object 1 is required');
		expect(sandbox.counters.snapshot().total).toBe(0);
		const unknown = await op('startExport', { objects: { object: [{ id: 'notAnObject' }] } });
		expect(unknown.error?.httpCode).toBe('400');
		expect(unknown.error?.message).toContain('Object with id notAnObject was not found');
		const missing = await op('getStatus', { exportJobId: 'nope' });
		expect(missing.error?.httpCode).toBe('404');
	});

	it('renews an expired session with exactly one new login', async () => {
		const started = await op('startExport', { objects: { object: [{ id: MTT_ID }] } });
		await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
		const status = await op('getStatus', { exportJobId: String(started.items[0].json.id) });
		expect(status.error).toBeUndefined();
		expect(sandbox.counters.snapshot().logins).toBe(2);
	});
});

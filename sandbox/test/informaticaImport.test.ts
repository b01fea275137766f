import { INFORMATICA } from '../core/constants';
import * as informaticaImport from '../families/informaticaImport';
import { buildExportPackage, packageObjectId, parseMultipart, zipEntryNames } from '../families/informaticaImport';
import * as informaticaLogin from '../families/informaticaLogin';
import { startSandbox, type Sandbox } from '../server';
import { call, resetAndLogIn, until } from './helpers';

const families = [informaticaLogin, informaticaImport];
const V3 = INFORMATICA.v3Prefix;
const OBJECTS = [
	{ path: 'Default/Sales/m_load_orders', type: 'MTT' },
	{ path: 'Default/Sales/wf_nightly_load', type: 'WORKFLOW' },
];

function multipart(fields: Array<{ name: string; filename?: string; data: Buffer | string }>, boundary = 'xYzBoundary123') {
	const chunks: Buffer[] = [];
	for (const f of fields) {
		const disposition = `form-data; name="${f.name}"${f.filename ? `; filename="${f.filename}"` : ''}`;
		const type = f.filename ? 'Content-Type: application/zip\r\n' : '';
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from(f.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('sandbox: Informatica import family', () => {
	let sandbox: Sandbox;
	let base: string;
	let session: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 60, families });
		base = sandbox.url;
	});
	afterAll(() => sandbox.close());
	beforeEach(async () => {
		session = await resetAndLogIn(sandbox);
	});

	const v3 = (method: string, path: string, json?: unknown) => call(base, method, V3 + path, { json, headers: { 'INFA-SESSION-ID': session } });
	async function upload(pkg: Buffer, extra: Array<{ name: string; data: string }> = []) {
		const { body, contentType } = multipart([{ name: 'package', filename: 'export.zip', data: pkg }, ...extra]);
		const res = await fetch(`${base}${V3}/import/package`, { method: 'POST', body, headers: { 'content-type': contentType, 'INFA-SESSION-ID': session } });
		return { status: res.status, json: (await res.json()) as any };
	}

	it('builds export packages it can read back, and parses multipart bodies', () => {
		const zip = buildExportPackage(OBJECTS);
		expect(zipEntryNames(zip)).toEqual(['Explore/Default/Sales/m_load_orders.MTT.zip', 'Explore/Default/Sales/wf_nightly_load.WORKFLOW.zip', 'exportMetadata.v2.json', 'exportPackage.chksum']);
		const { body, contentType } = multipart([{ name: 'package', filename: 'a.zip', data: zip }, { name: 'relaxChecksum', data: 'true' }]);
		const parts = parseMultipart(body, contentType);
		expect(parts.map((p) => [p.name, p.filename])).toEqual([['package', 'a.zip'], ['relaxChecksum', undefined]]);
		expect(parts[0].data.equals(zip)).toBe(true);
	});

	it('uploads, starts with a specification, and walks NOT_STARTED -> IN_PROGRESS -> SUCCESSFUL with per-object SUCCESS', async () => {
		const up = await upload(buildExportPackage(OBJECTS));
		expect(up.status).toBe(200);
		expect(up.json).toMatchObject({ jobId: expect.any(String), jobStatus: { state: 'NOT_STARTED' }, checksumValid: true });
		const id = up.json.jobId;
		const before = await v3('GET', `/import/${id}?expand=objects`);
		expect(before.json.objects).toHaveLength(4); // project, folder, two assets
		const mtt = packageObjectId('Default/Sales/m_load_orders', 'MTT');
		const wf = packageObjectId('Default/Sales/wf_nightly_load', 'WORKFLOW');
		const started = await v3('POST', `/import/${id}`, {
			name: 'nightly import',
			importSpecification: { defaultConflictResolution: 'REUSE', includeObjects: [mtt], objectSpecification: [{ sourceObjectId: mtt, conflictResolution: 'OVERWRITE' }] },
		});
		expect(started.status).toBe(200);
		expect(started.json).toMatchObject({ id, name: 'nightly import', status: { state: 'IN_PROGRESS', message: 'In Progress.' }, objects: null });
		await until(async () => (await v3('GET', `/import/${id}`)).json.status.state !== 'IN_PROGRESS');
		const done = await v3('GET', `/import/${id}?expand=objects`);
		expect(done.json.status.state).toBe('SUCCESSFUL');
		const byId = Object.fromEntries(done.json.objects.map((o: { sourceObject: { id: string } }) => [o.sourceObject.id, o]));
		expect(byId[mtt]).toMatchObject({ conflictResolution: 'OVERWRITE', status: { state: 'SUCCESS' } });
		expect(byId[wf].status.state).toBe('SKIPPED');
		expect((await v3('GET', `/import/${id}`)).json.objects).toBeNull();
		const log = await v3('GET', `/import/${id}/log`);
		expect(log.text).toContain('Default/Sales/m_load_orders');
		expect((await v3('POST', `/import/${id}`, {})).status).toBe(409);
		expect(sandbox.counters.snapshot().starts[`informaticaImport:${id}`]).toBe(1);
	});

	it('plays a scripted failure with the message in the status, the object and the log', async () => {
		const up = await upload(buildExportPackage(OBJECTS));
		sandbox.scripts.add({ family: 'informaticaImport', key: up.json.jobId, outcome: 'failure', message: 'Runtime environment not found' });
		await v3('POST', `/import/${up.json.jobId}`, {});
		await until(async () => (await v3('GET', `/import/${up.json.jobId}`)).json.status.state === 'FAILED');
		const done = await v3('GET', `/import/${up.json.jobId}?expand=objects`);
		expect(done.json.status.message).toBe('Runtime environment not found');
		expect(done.json.objects.filter((o: { status: { state: string } }) => o.status.state === 'FAILED')).toHaveLength(1);
		expect((await v3('GET', `/import/${up.json.jobId}/log`)).text).toMatch(/OIE_008 ERROR .*Runtime environment not found/);
	});

	it('rejects bad packages and specifications in the v3 error shape', async () => {
		const notZip = await upload(Buffer.from('hello'));
		expect(notZip.status).toBe(400);
		expect(notZip.json.error.code).toBe('MigrationSvc_003');
		const noChecksum = buildExportPackage(OBJECTS, { checksum: false });
		expect((await upload(noChecksum)).status).toBe(400);
		const relaxed = await upload(noChecksum, [{ name: 'relaxChecksum', data: 'true' }]);
		expect(relaxed.json).toMatchObject({ checksumValid: false });
		const wrongPart = multipart([{ name: 'file', filename: 'x.zip', data: buildExportPackage(OBJECTS) }]);
		const res = await fetch(`${base}${V3}/import/package`, { method: 'POST', body: wrongPart.body, headers: { 'content-type': wrongPart.contentType, 'INFA-SESSION-ID': session } });
		expect(res.status).toBe(400);
		const id = relaxed.json.jobId;
		expect((await v3('POST', `/import/${id}`, { importSpecification: { defaultConflictResolution: 'MERGE' } })).status).toBe(400);
		expect((await v3('POST', `/import/${id}`, { importSpecification: { includeObjects: ['nope'] } })).status).toBe(400);
		expect((await v3('POST', `/import/${id}`, { importSpecification: { objectSpecification: [{ conflictResolution: 'REUSE' }] } })).status).toBe(400);
		const unknown = await v3('GET', '/import/doesNotExist');
		expect(unknown.status).toBe(404);
		expect(unknown.json.error).toMatchObject({ code: 'MigrationSvc_004' });
		expect((await call(base, 'GET', `${V3}/import/${id}`)).status).toBe(401);
	});
});

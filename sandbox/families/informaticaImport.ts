/**
 * Informatica v3 import (docs/vendor-apis.md, "v3 lookup and import"): upload a package
 * (multipart/form-data, file part `package`), start the import with an import specification, read its status
 * (`?expand=objects` for per-object states) and its log.
 *
 * The package is read like an IDMC export ZIP: entries named `Explore/<Project>/<Folder>/<Name>.<TYPE>.zip`
 * are the objects it carries, and an `exportPackage.chksum` entry stands for a valid checksum.
 * Job states: NOT_STARTED -> IN_PROGRESS -> SUCCESSFUL | FAILED; object states: IN_PROGRESS, SUCCESS, FAILED.
 * Scripts are looked up by import job id, then by job name.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

import { FAMILY, INFORMATICA } from '../core/constants';
import type { SandboxContext } from '../core/context';
import type { LifecycleJob } from '../core/lifecycle';
import type { SandboxApp } from '../core/router';
import { informaticaError } from '../core/sessions';
import { informaticaErrorFormatter, requireSession } from './informaticaLogin';

export const name = FAMILY.informaticaImport;

type JobState = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCESSFUL' | 'FAILED';
type Resolution = 'OVERWRITE' | 'REUSE';
const RESOLUTIONS: Resolution[] = ['OVERWRITE', 'REUSE'];

interface PackageObject {
	id: string;
	name: string;
	path: string;
	type: string;
}

interface ImportObject extends PackageObject {
	included: boolean;
	conflictResolution: Resolution;
	state: 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'SKIPPED';
	message: string;
}

interface ImportJob {
	id: string;
	name: string;
	createTime: number;
	updateTime: number;
	startTime?: number;
	endTime?: number;
	state: JobState;
	message: string | null;
	fileName: string;
	checksumValid: boolean;
	objects: ImportObject[];
	log: string[];
	job?: LifecycleJob<JobState>;
}

const err = (status: number, code: string, message: string) => informaticaError('v3', status, code, message);

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

/** Parses a multipart/form-data body (RFC 7578) with node APIs only. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
	const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
	if (!/^multipart\/form-data/i.test(contentType ?? '') || !boundaryMatch) {
		throw err(400, 'MigrationSvc_001', 'The request must be multipart/form-data with a boundary.');
	}
	const delimiter = Buffer.from(`--${(boundaryMatch[1] ?? boundaryMatch[2]).trim()}`);
	const parts: MultipartPart[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw err(400, 'MigrationSvc_001', 'The multipart body has no parts.');
	while (pos >= 0) {
		let start = pos + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
		const next = body.indexOf(delimiter, start);
		if (next < 0) throw err(400, 'MigrationSvc_001', 'The multipart body is truncated.');
		const part = body.subarray(start, next - 2); // minus the CRLF before the delimiter
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) throw err(400, 'MigrationSvc_001', 'A multipart part has no headers.');
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const fieldName = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		if (fieldName !== undefined) {
			parts.push({
				name: fieldName,
				filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
				contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
				data: part.subarray(headerEnd + 4),
			});
		}
		pos = next;
	}
	return parts;
}

/** The file names inside a ZIP, read from its local file headers (names are stored plainly even when data is compressed). */
export function zipEntryNames(zip: Buffer): string[] {
	const names: string[] = [];
	let pos = 0;
	while (pos + 30 <= zip.length && zip.readUInt32LE(pos) === 0x04034b50) {
		const compressedSize = zip.readUInt32LE(pos + 18);
		const nameLength = zip.readUInt16LE(pos + 26);
		const extraLength = zip.readUInt16LE(pos + 28);
		names.push(zip.subarray(pos + 30, pos + 30 + nameLength).toString('utf8'));
		pos += 30 + nameLength + extraLength + compressedSize;
	}
	return names;
}

/**
 * Builds a small export-style ZIP (stored entries) for demos and tests: one `Explore/<path>.<TYPE>.zip` entry per
 * object, plus `exportPackage.chksum` unless `checksum` is false.
 */
export function buildExportPackage(objects: Array<{ path: string; type: string }>, options: { checksum?: boolean } = {}): Buffer {
	const files: Array<[string, Buffer]> = objects.map((o) => [`Explore/${o.path}.${o.type}.zip`, Buffer.from(`sandbox asset ${o.path}`)]);
	files.push(['exportMetadata.v2.json', Buffer.from(JSON.stringify({ objects }))]);
	if (options.checksum !== false) files.push(['exportPackage.chksum', Buffer.from('sandbox-checksum')]);
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [fileName, data] of files) {
		const nameBytes = Buffer.from(fileName, 'utf8');
		const crc = crc32(data) >>> 0;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += 30 + nameBytes.length + data.length;
	}
	const centralSize = centrals.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(centralSize, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, ...centrals, end]);
}

/** The id the sandbox gives a package object (a project, folder or asset at `path`). */
export function packageObjectId(path: string, type: string): string {
	return objectId(`${type === 'Project' || type === 'Folder' ? type : type.toUpperCase()}:${path}`);
}

function objectId(seed: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const hash = createHash('sha256').update(seed).digest();
	let id = '';
	for (let i = 0; i < 22; i++) id += alphabet[hash[i] % alphabet.length];
	return id;
}

/** Objects of an export package: its assets, and the projects and folders that hold them. */
function packageObjects(entries: string[]): PackageObject[] {
	const objects = new Map<string, PackageObject>();
	for (const entry of entries) {
		const m = /^Explore\/(.+)\.([A-Za-z_]+)\.zip$/.exec(entry);
		if (!m) continue;
		const path = m[1];
		const segments = path.split('/');
		segments.slice(0, -1).forEach((_, i) => {
			const containerPath = segments.slice(0, i + 1).join('/');
			const type = i === 0 ? 'Project' : 'Folder';
			if (!objects.has(containerPath)) {
				objects.set(containerPath, { id: objectId(`${type}:${containerPath}`), name: segments[i], path: containerPath, type });
			}
		});
		objects.set(path, { id: objectId(`${m[2].toUpperCase()}:${path}`), name: segments[segments.length - 1], path, type: m[2].toUpperCase() });
	}
	return [...objects.values()];
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter);
	const jobs = new Map<string, ImportJob>();
	ctx.onReset(() => jobs.clear());

	const findJob = (id: string): ImportJob => {
		const job = jobs.get(id);
		if (!job) throw err(404, 'MigrationSvc_004', `Import job ${id} was not found.`);
		return job;
	};

	function view(job: ImportJob, expand: boolean) {
		return {
			id: job.id,
			createTime: ctx.clock.iso(job.createTime),
			updateTime: ctx.clock.iso(job.updateTime),
			name: job.name,
			startTime: job.startTime ? ctx.clock.iso(job.startTime) : null,
			endTime: job.endTime ? ctx.clock.iso(job.endTime) : null,
			status: { state: job.state, message: job.message },
			objects: expand
				? job.objects.map((o) => ({
						sourceObject: { id: o.id, name: o.name, path: o.path, type: o.type },
						targetObject: o.state === 'SUCCESS' ? { id: objectId(`target:${o.id}`), name: o.name, path: o.path, type: o.type } : null,
						conflictResolution: o.conflictResolution,
						status: { state: o.state, message: o.message },
					}))
				: null,
			sourceOrgId: '0VOx1gScNH7dlDyA4tD8yX',
		};
	}

	const stamp = () => new Date(ctx.clock.now()).toISOString();

	app.route('POST', `${INFORMATICA.v3Prefix}/import/package`, (req) => {
		requireSession(ctx, req);
		const ct = req.headers['content-type'];
		const parts = parseMultipart(req.rawBody, Array.isArray(ct) ? ct[0] : ct);
		const pkg = parts.find((p) => p.name === 'package');
		if (!pkg) throw err(400, 'MigrationSvc_002', 'The request has no file part named package.');
		const relax = ['true', '1'].includes(String(parts.find((p) => p.name === 'relaxChecksum')?.data.toString() ?? req.query.relaxChecksum ?? '').trim().toLowerCase());
		if (pkg.data.length < 4 || pkg.data.readUInt32LE(0) !== 0x04034b50) {
			throw err(400, 'MigrationSvc_003', 'The package is not a ZIP file exported from Informatica Intelligent Cloud Services.');
		}
		const entries = zipEntryNames(pkg.data);
		const objects = packageObjects(entries);
		if (objects.length === 0) throw err(400, 'MigrationSvc_003', 'The package contains no objects to import.');
		const checksumValid = entries.includes('exportPackage.chksum');
		if (!checksumValid && !relax) {
			throw err(400, 'MigrationSvc_005', 'The package checksum is not valid. Upload an unmodified export package, or set relaxChecksum to true.');
		}
		const now = ctx.clock.now();
		const job: ImportJob = {
			id: objectId(`import:${now}:${jobs.size}:${ctx.rng.string(8)}`),
			name: `job-${now}`,
			createTime: now,
			updateTime: now,
			state: 'NOT_STARTED',
			message: null,
			fileName: pkg.filename ?? 'package.zip',
			checksumValid,
			objects: objects.map((o) => ({ ...o, included: true, conflictResolution: 'OVERWRITE', state: 'NOT_STARTED', message: '' })),
			log: [`${stamp()} INFO Package ${pkg.filename ?? 'package.zip'} uploaded: ${objects.length} objects, checksum ${checksumValid ? 'valid' : 'not valid (relaxed)'}.`],
		};
		jobs.set(job.id, job);
		return { status: 200, body: { jobId: job.id, jobStatus: { state: job.state, message: job.message }, checksumValid } };
	});

	app.route('POST', `${INFORMATICA.v3Prefix}/import/:id`, (req) => {
		requireSession(ctx, req);
		const job = findJob(req.params.id);
		if (job.state !== 'NOT_STARTED') throw err(409, 'MigrationSvc_006', `Import job ${job.id} was already started (${job.state}).`);
		const body = (req.body ?? {}) as Record<string, unknown>;
		const spec = (body.importSpecification ?? {}) as Record<string, unknown>;
		if (typeof spec !== 'object' || Array.isArray(spec)) throw err(400, 'MigrationSvc_007', 'importSpecification must be an object.');
		const known = new Set(job.objects.map((o) => o.id));
		const defaultResolution = spec.defaultConflictResolution;
		if (defaultResolution !== undefined && !RESOLUTIONS.includes(defaultResolution as Resolution)) {
			throw err(400, 'MigrationSvc_008', `defaultConflictResolution must be OVERWRITE or REUSE, not ${String(defaultResolution)}.`);
		}
		const include = spec.includeObjects;
		if (include !== undefined && (!Array.isArray(include) || include.some((id) => typeof id !== 'string'))) {
			throw err(400, 'MigrationSvc_009', 'includeObjects must be a list of object ids.');
		}
		for (const id of (include as string[] | undefined) ?? []) {
			if (!known.has(id)) throw err(400, 'MigrationSvc_010', `Object ${id} is not in the import package.`);
		}
		const specs = spec.objectSpecification;
		if (specs !== undefined && !Array.isArray(specs)) throw err(400, 'MigrationSvc_011', 'objectSpecification must be a list.');
		const perObject = new Map<string, Resolution>();
		for (const s of (specs as Array<Record<string, unknown>> | undefined) ?? []) {
			const id = s?.sourceObjectId;
			if (typeof id !== 'string' || !id) throw err(400, 'MigrationSvc_012', 'sourceObjectId is required in each objectSpecification.');
			if (!known.has(id)) throw err(400, 'MigrationSvc_010', `Object ${id} is not in the import package.`);
			if (s.conflictResolution !== undefined && !RESOLUTIONS.includes(s.conflictResolution as Resolution)) {
				throw err(400, 'MigrationSvc_008', `conflictResolution of ${id} must be OVERWRITE or REUSE.`);
			}
			if (s.conflictResolution) perObject.set(id, s.conflictResolution as Resolution);
		}
		const includeSet = include ? new Set(include as string[]) : undefined;
		for (const o of job.objects) {
			o.included = !includeSet || includeSet.has(o.id) || job.objects.some((x) => includeSet.has(x.id) && x.path.startsWith(`${o.path}/`));
			const assetDefault: Resolution = o.type === 'Project' || o.type === 'Folder' ? 'REUSE' : 'OVERWRITE';
			o.conflictResolution = perObject.get(o.id) ?? (defaultResolution as Resolution | undefined) ?? assetDefault;
			o.state = o.included ? 'IN_PROGRESS' : 'SKIPPED';
		}
		if (typeof body.name === 'string' && body.name.trim()) job.name = body.name.trim();

		const script = ctx.scripts.take(name, job.id, job.name);
		const runTime = script?.runTimeMs ?? ctx.config.runTimeMs;
		const now = ctx.clock.now();
		job.startTime = now;
		job.updateTime = now;
		job.state = 'IN_PROGRESS';
		job.message = 'In Progress.';
		job.log.push(`${stamp()} INFO Import ${job.name} started with ${job.objects.filter((o) => o.included).length} objects.`);
		ctx.counters.start(name, job.id);
		const final: JobState | undefined = script?.outcome === 'stuck' ? undefined : script?.outcome === 'failure' ? 'FAILED' : 'SUCCESSFUL';
		job.job = ctx.lifecycle<JobState>({
			family: name,
			id: job.id,
			initial: 'IN_PROGRESS',
			steps: final ? [{ atMs: runTime, to: final }] : [],
			terminal: ['SUCCESSFUL', 'FAILED'],
			onTransition: (to) => {
				job.state = to;
				job.updateTime = job.endTime = ctx.clock.now();
				const included = job.objects.filter((o) => o.included);
				if (to === 'SUCCESSFUL') {
					for (const o of included) {
						o.state = 'SUCCESS';
						o.message = `Imported (${o.conflictResolution}).`;
						job.log.push(`${stamp()} INFO Object [${o.path}] of type [${o.type}] imported with ${o.conflictResolution}.`);
					}
					job.message = script?.outcome === 'warning' ? script.message ?? 'Completed with warnings.' : 'Import completed successfully.';
					if (script?.log) job.log.push(script.log);
				} else if (to === 'FAILED') {
					const message = script?.message ?? 'Import failed.';
					const victim = included.find((o) => o.type !== 'Project' && o.type !== 'Folder') ?? included[0];
					for (const o of included) {
						o.state = o === victim ? 'FAILED' : 'SUCCESS';
						o.message = o === victim ? message : 'Imported.';
					}
					job.message = message;
					job.log.push(`OIE_008 ERROR ${stamp()} Object [${victim?.path}] of type [${victim?.type}] id [${victim?.id}] failed: ${message}`);
					if (script?.log) job.log.push(script.log);
				}
			},
		});
		return { status: 200, body: view(job, false) };
	});

	app.route('GET', `${INFORMATICA.v3Prefix}/import/:id`, (req) => {
		requireSession(ctx, req);
		const job = findJob(req.params.id);
		return { status: 200, body: view(job, String(req.query.expand ?? '').toLowerCase() === 'objects') };
	});

	app.route('GET', `${INFORMATICA.v3Prefix}/import/:id/log`, (req) => {
		requireSession(ctx, req);
		const job = findJob(req.params.id);
		return { status: 200, body: job.log.join('\n') + '\n', headers: { 'content-type': 'text/plain; charset=utf-8' } };
	});

	ctx.exposeState(name, () => ({
		jobs: [...jobs.values()].map((j) => ({ id: j.id, name: j.name, state: j.state, message: j.message, fileName: j.fileName, objects: j.objects.length })),
	}));
}

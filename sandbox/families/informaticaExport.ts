/**
 * Informatica v3 export (docs/vendor-apis.md, "v3 export"): POST export with `{name, objects:[{id, includeDependencies}]}`,
 * GET export/{id} (`?expand=objects`), GET export/{id}/log, GET export/{id}/package (the ZIP, once SUCCESSFUL).
 *
 * The exportable objects are the Data Integration family's seed tasks and the projects and folders their paths imply,
 * with the same v3 ids as its lookup. A project or folder exports every asset under it; an asset with
 * includeDependencies also takes the mapping tasks of its folder when it is a WORKFLOW (the sandbox's stand-in for
 * "what it needs"). The package is written in the import family's ZIP format, so the import accepts it.
 * Job states: IN_PROGRESS -> SUCCESSFUL | FAILED. Scripts are looked up by export job id, then by job name.
 */
import { FAMILY, INFORMATICA } from '../core/constants';
import type { SandboxContext } from '../core/context';
import type { LifecycleJob } from '../core/lifecycle';
import { idFromSeed } from '../core/rng';
import type { SandboxApp } from '../core/router';
import { informaticaError } from '../core/sessions';
import { SEED_TASKS } from './informaticaDataIntegration';
import { buildExportPackage } from './informaticaImport';
import { informaticaErrorFormatter, requireSession } from './informaticaLogin';

export const name = FAMILY.informaticaExport;

type JobState = 'IN_PROGRESS' | 'SUCCESSFUL' | 'FAILED';

interface CatalogueObject {
	id: string;
	path: string;
	type: string;
}

interface ExportJob {
	id: string;
	name: string;
	createTime: number;
	updateTime: number;
	startTime: number;
	endTime?: number;
	state: JobState;
	message: string;
	objects: Array<CatalogueObject & { state: 'IN_PROGRESS' | 'SUCCESS' | 'FAILED'; message: string }>;
	log: string[];
	job?: LifecycleJob<JobState>;
}

const err = (status: number, code: string, message: string) => informaticaError('v3', status, code, message);

/** The org's exportable objects: the seed tasks plus their projects and folders (ids as the lookup gives them). */
export function exportCatalogue(): CatalogueObject[] {
	const containers = new Map<string, CatalogueObject>();
	for (const t of SEED_TASKS) {
		const parts = t.path.split('/').slice(0, -1);
		parts.forEach((_, i) => {
			const path = parts.slice(0, i + 1).join('/');
			if (!containers.has(path)) containers.set(path, { id: idFromSeed(`container:${path}`), path, type: i === 0 ? 'Project' : 'Folder' });
		});
	}
	return [...containers.values(), ...SEED_TASKS.map((t) => ({ id: t.federatedId, path: t.path, type: t.type }))];
}

/** The assets an export of `picked` writes into the package (containers come from the paths). */
function assetsFor(catalogue: CatalogueObject[], picked: Array<{ object: CatalogueObject; includeDependencies: boolean }>): CatalogueObject[] {
	const assets = new Map<string, CatalogueObject>();
	const isContainer = (o: CatalogueObject) => o.type === 'Project' || o.type === 'Folder';
	for (const { object, includeDependencies } of picked) {
		if (isContainer(object)) {
			for (const o of catalogue) if (!isContainer(o) && o.path.startsWith(`${object.path}/`)) assets.set(o.id, o);
			continue;
		}
		assets.set(object.id, object);
		if (includeDependencies && object.type === 'WORKFLOW') {
			const folder = object.path.split('/').slice(0, -1).join('/');
			for (const o of catalogue) if (o.type === 'MTT' && o.path.split('/').slice(0, -1).join('/') === folder) assets.set(o.id, o);
		}
	}
	return [...assets.values()];
}

export function register(app: SandboxApp, ctx: SandboxContext): void {
	app.errorBody(informaticaErrorFormatter);
	const jobs = new Map<string, ExportJob>();
	ctx.onReset(() => jobs.clear());
	const stamp = () => new Date(ctx.clock.now()).toISOString();

	const findJob = (id: string): ExportJob => {
		const job = jobs.get(id);
		if (!job) throw err(404, 'MigrationSvc_104', `Export job ${id} was not found.`);
		return job;
	};

	const view = (job: ExportJob, expand: boolean) => ({
		id: job.id,
		createTime: ctx.clock.iso(job.createTime),
		updateTime: ctx.clock.iso(job.updateTime),
		name: job.name,
		startTime: ctx.clock.iso(job.startTime),
		endTime: job.endTime ? ctx.clock.iso(job.endTime) : null,
		status: { state: job.state, message: job.message },
		objects: expand ? job.objects.map((o) => ({ id: o.id, path: o.path, type: o.type, status: { state: o.state, message: o.message } })) : null,
	});

	app.route('POST', `${INFORMATICA.v3Prefix}/export`, (req) => {
		requireSession(ctx, req);
		const body = (req.body ?? {}) as Record<string, unknown>;
		const wanted = body.objects;
		if (!Array.isArray(wanted) || wanted.length === 0) throw err(400, 'MigrationSvc_101', 'Provide the objects to export.');
		const catalogue = exportCatalogue();
		const picked = wanted.map((w: Record<string, unknown>) => {
			const id = typeof w?.id === 'string' ? w.id.trim() : '';
			if (!id) throw err(400, 'MigrationSvc_102', 'Each object to export needs an id.');
			if (w.includeDependencies !== undefined && typeof w.includeDependencies !== 'boolean') {
				throw err(400, 'MigrationSvc_102', `includeDependencies of ${id} must be true or false.`);
			}
			const object = catalogue.find((o) => o.id === id);
			if (!object) throw err(400, 'MigrationSvc_103', `Object with id ${id} was not found in the organization.`);
			return { object, includeDependencies: w.includeDependencies !== false };
		});
		const now = ctx.clock.now();
		const id = idFromSeed(`export:${now}:${jobs.size}:${ctx.rng.string(8)}`);
		const jobName = typeof body.name === 'string' && body.name.trim() ? body.name.trim() : `job-${now}`;
		const assets = assetsFor(catalogue, picked);
		const job: ExportJob = {
			id,
			name: jobName,
			createTime: now,
			updateTime: now,
			startTime: now,
			state: 'IN_PROGRESS',
			message: 'In Progress.',
			objects: assets.map((o) => ({ ...o, state: 'IN_PROGRESS', message: '' })),
			log: [`${stamp()} INFO Export ${jobName} started with ${assets.length} assets.`],
		};
		jobs.set(id, job);
		const script = ctx.scripts.take(name, id, jobName);
		const final: JobState | undefined = script?.outcome === 'stuck' ? undefined : script?.outcome === 'failure' ? 'FAILED' : 'SUCCESSFUL';
		ctx.counters.start(name, id);
		job.job = ctx.lifecycle<JobState>({
			family: name,
			id,
			initial: 'IN_PROGRESS',
			steps: final ? [{ atMs: script?.runTimeMs ?? ctx.config.runTimeMs, to: final }] : [],
			terminal: ['SUCCESSFUL', 'FAILED'],
			onTransition: (to) => {
				job.state = to;
				job.updateTime = job.endTime = ctx.clock.now();
				if (to === 'SUCCESSFUL') {
					for (const o of job.objects) {
						o.state = 'SUCCESS';
						o.message = 'Exported.';
						job.log.push(`${stamp()} INFO Object [${o.path}] of type [${o.type}] exported.`);
					}
					job.message = 'Export completed successfully.';
				} else {
					const message = script?.message ?? 'Export failed.';
					const victim = job.objects[job.objects.length - 1];
					for (const o of job.objects) {
						o.state = o === victim ? 'FAILED' : 'SUCCESS';
						o.message = o === victim ? message : 'Exported.';
					}
					job.message = message;
					job.log.push(`OIE_018 ERROR ${stamp()} Object [${victim?.path}] of type [${victim?.type}] id [${victim?.id}] failed: ${message}`);
				}
				if (script?.log) job.log.push(script.log);
			},
		});
		return { status: 200, body: view(job, false) };
	});

	app.route('GET', `${INFORMATICA.v3Prefix}/export/:id`, (req) => {
		requireSession(ctx, req);
		return { status: 200, body: view(findJob(req.params.id), String(req.query.expand ?? '').toLowerCase() === 'objects') };
	});

	app.route('GET', `${INFORMATICA.v3Prefix}/export/:id/log`, (req) => {
		requireSession(ctx, req);
		return { status: 200, body: findJob(req.params.id).log.join('\n') + '\n', headers: { 'content-type': 'text/plain; charset=utf-8' } };
	});

	app.route('GET', `${INFORMATICA.v3Prefix}/export/:id/package`, (req) => {
		requireSession(ctx, req);
		const job = findJob(req.params.id);
		if (job.state !== 'SUCCESSFUL') throw err(400, 'MigrationSvc_105', `Export job ${job.id} has no package: its state is ${job.state}.`);
		const zip = buildExportPackage(job.objects.map((o) => ({ path: o.path, type: o.type })));
		return { status: 200, body: zip, headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${job.name}.zip"` } };
	});

	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(id);
		if (!job?.job) return undefined;
		job.job.force(to as JobState);
		return { id, state: job.state };
	});

	ctx.exposeState(name, () => ({ jobs: [...jobs.values()].map((j) => ({ id: j.id, name: j.name, state: j.state, objects: j.objects.length })) }));
}

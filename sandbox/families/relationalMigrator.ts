/**
 * MongoDB Relational Migrator (docs/vendor-apis.md, "MongoDB Relational Migrator"; OpenAPI 1.13.0 in
 * relationalMigrator.openapi-1.13.0.json, plus `GET /jobs/{jobId}/logs` from 1.15). No authentication. Paths under
 * /api/v1.
 *
 * Lifecycle (one job record, state kept as "STATUS/CDC_STATUS"):
 * - SNAPSHOT: RUNNING/NOT_STARTED -> CLEANING_UP (90 % of the run time) -> COMPLETED. Script `failure`: FAILED with
 *   `failureError`. `warning`: COMPLETED with a WARNING event. `stuck`: RUNNING forever.
 * - CDC: RUNNING/NOT_STARTED -> (snapshot done at the run time) RUNNING/RUNNING ... until stopped.
 * - CDC_ONLY: RUNNING/NOT_STARTED -> RUNNING/RUNNING at 10 % of the run time ... until stopped.
 * - stop: in the CDC phase RUNNING/COMPLETING -> COMPLETED/COMPLETED (the cut-over); before it
 *   CANCELLING -> CANCELLED. pause/resume: only in the CDC phase (cdcStatus PAUSED <-> RUNNING).
 * - Only one job runs at a time: a start while one runs answers 470 with the running job's id.
 *   A MongoDB connection string or a JDBC URL without a database name answers 440.
 * - config.relationalMigratorErrors 'standard' (the June 2026 release, REST API 1.18.1): the same refusals with standard
 *   codes and the same body shape: 409 already running, 400 no database name, and 422 for CDC and CDC_ONLY (the
 *   release runs snapshot migration jobs only).
 * Script keys: project id, then project name. Start counter key: project id.
 */
import { join } from 'node:path';

import { FAMILY, RELATIONAL_MIGRATOR } from '../core/constants';
import type { SandboxContext } from '../core/context';
import { HttpError } from '../core/httpError';
import type { LifecycleJob } from '../core/lifecycle';
import { loadOpenApi, validateSchema, type OpenApiDocument } from '../core/openapi';
import type { RouteRequest, SandboxApp } from '../core/router';
import type { ScriptedOutcome } from '../core/scripts';

export const name = FAMILY.relationalMigrator;

const API = RELATIONAL_MIGRATOR.apiPrefix;

export const RM_STATUSES = ['RUNNING', 'FAILED', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'CLEANING_UP'] as const;
export const RM_CDC_STATUSES = ['NOT_STARTED', 'RUNNING', 'COMPLETING', 'COMPLETED', 'FAILED', 'CANCELLED', 'PAUSED'] as const;
const TERMINAL_STATUSES = ['FAILED', 'CANCELLED', 'COMPLETED'];

/**
 * The vendor's OpenAPI 1.13.0 document plus the later `GET /jobs/{jobId}/logs` (1.15, from the public reference),
 * so that requests and answers of every endpoint the package uses can be checked against one document.
 */
export function relationalMigratorSpec(): OpenApiDocument {
	const doc = loadOpenApi(join(__dirname, 'relationalMigrator.openapi-1.13.0.json'));
	const error = { $ref: '#/components/schemas/error-response' };
	doc.components!.schemas!['job-log-event'] = {
		type: 'object',
		required: ['eventType', 'message', 'timestamp'],
		properties: {
			eventType: { type: 'string', enum: ['ERROR', 'WARNING', 'INFO'] },
			message: { type: 'string' },
			details: { type: 'string' },
			timestamp: { type: 'string', format: 'date-time' },
			stackTrace: { type: 'array', items: { type: 'string' } },
			locationType: { type: 'string', enum: ['TABLE', 'COLLECTION'] },
			locationName: { type: 'string' },
			fieldName: { type: 'string' },
			key: { type: 'object', additionalProperties: { type: 'string' } },
			errorType: { type: 'string' },
		},
	};
	doc.paths['/jobs/{jobId}/logs'] = {
		get: {
			operationId: 'getJobLogs',
			parameters: [
				{ name: 'jobId', in: 'path', required: true, schema: { $ref: '#/components/schemas/id' } },
				{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 0 } },
				{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
				{ name: 'eventType', in: 'query', schema: { type: 'string', enum: ['ERROR', 'WARNING', 'INFO'] } },
			],
			responses: {
				'200': { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/job-log-event' } } } } },
				'400': { content: { 'application/json': { schema: error } } },
				'404': { content: { 'application/json': { schema: error } } },
			},
		},
	};
	return doc;
}

export interface MigratorProject {
	id: string;
	name: string;
	jdbcId: string;
	mongodbId: string;
	type: string;
	lastModified: string;
}

/** The sample data: two projects and one finished job (ids are fixed so tests and demos can name them). */
export const RM_SEED = {
	projects: [
		{ id: '6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51', name: 'Sales (PostgreSQL)', jdbcId: 'jdbc-sales-pg', mongodbId: 'mongo-sales', type: 'POSTGRESQL' },
		{ id: '7e2a3b4c-6d5e-4f70-9bac-1d2e3f4a5b62', name: 'Inventory (MySQL)', jdbcId: 'jdbc-inventory-mysql', mongodbId: 'mongo-inventory', type: 'MYSQL' },
	],
	finishedJobId: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e61',
} as const;

interface JobEvent {
	eventType: 'ERROR' | 'WARNING' | 'INFO';
	stage?: 'SNAPSHOTTING' | 'STREAMING' | 'VERIFICATION';
	message: string;
	details?: string;
	timestamp: string;
	errorType?: string;
	locationType?: 'TABLE' | 'COLLECTION';
	locationName?: string;
}

interface MigratorJob {
	id: string;
	projectId: string;
	status: string;
	cdcStatus: string;
	options: { mode: string; dropCollections?: boolean; errorHandling?: string; errorTolerance?: number };
	jdbcConnectionString: string;
	mongoDbConnectionString: string;
	submittedAt: number;
	runTimeMs: number;
	tables: string[];
	relationalTableFilters?: Record<string, Record<string, { whereClause?: string; rowCount?: number }>>;
	verificationRequested: boolean;
	snapshotDoneAt?: number;
	cdcStartedAt?: number;
	endedAt?: number;
	failureError?: { errorType: string; message: string; failureAt: string; setupError: boolean };
	events: JobEvent[];
	script?: ScriptedOutcome;
	lifecycle?: LifecycleJob<string>;
}

function errorBody(message: string, description?: string, jobId?: string): Record<string, unknown> {
	return { ...(jobId ? { jobId } : {}), message, ...(description ? { description } : {}), timestamp: new Date().toISOString() };
}

function fail(status: number, message: string, description?: string, jobId?: string): never {
	throw new HttpError(status, errorBody(message, description, jobId));
}

/** The database name of a MongoDB connection string: the path after the host list, before the options. */
export function mongoDatabaseName(connectionString: string): string | undefined {
	const m = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(connectionString.trim());
	const db = m?.[1] ? decodeURIComponent(m[1]) : '';
	return db === '' ? undefined : db;
}

/**
 * Whether a JDBC URL names a database: a databaseName=/database= property, a path after the host, or an Oracle
 * service name or SID.
 */
export function jdbcNamesDatabase(url: string): boolean {
	const text = url.trim();
	if (/[;?&:](databaseName|database|dbname)=[^;&]+/i.test(text)) return true;
	const oracle = /^jdbc:oracle:[a-z]+:@(.*)$/i.exec(text)?.[1];
	if (oracle !== undefined) return oracle.startsWith('(') || /^(\/\/)?[^/:]+(:\d+)?\/[^/:]+/.test(oracle) || /^[^/:]+:\d+:[^/:]+/.test(oracle);
	return /^jdbc:[a-z0-9]+:(?:[a-z0-9]+:)?\/\/[^/;?]+\/[^/;?]+/i.test(text);
}

const DEFAULT_TABLES = ['public.customers', 'public.orders', 'public.order_items', 'public.products', 'public.invoices', 'public.payments'];
const ROWS_PER_TABLE = 1000;

export function register(app: SandboxApp, ctx: SandboxContext): void {
	const spec = relationalMigratorSpec();
	const projects = new Map<string, MigratorProject>();
	const jobs = new Map<string, MigratorJob>();
	app.errorBody((_status, message) => errorBody(message));

	const newId = () =>
		[8, 4, 4, 4, 12].map((n) => ctx.rng.string(n, '0123456789abcdef')).join('-');

	ctx.onReset((seedData) => {
		projects.clear();
		jobs.clear();
		if (!seedData) return;
		const day = 24 * 3600 * 1000;
		RM_SEED.projects.forEach((p, i) => projects.set(p.id, { ...p, lastModified: ctx.clock.iso(ctx.clock.now() - (i + 1) * day) }));
		const submittedAt = ctx.clock.now() - day;
		jobs.set(RM_SEED.finishedJobId, {
			id: RM_SEED.finishedJobId,
			projectId: RM_SEED.projects[0].id,
			status: 'COMPLETED',
			cdcStatus: 'NOT_STARTED',
			options: { mode: 'SNAPSHOT', dropCollections: false, errorHandling: 'FAIL' },
			jdbcConnectionString: 'jdbc:postgresql://db.example.internal:5432/sales',
			mongoDbConnectionString: 'mongodb://mongo.example.internal:27017/sales',
			submittedAt,
			runTimeMs: 5 * 60 * 1000,
			tables: DEFAULT_TABLES,
			verificationRequested: false,
			snapshotDoneAt: submittedAt + 5 * 60 * 1000,
			endedAt: submittedAt + 5 * 60 * 1000,
			events: [
				{ eventType: 'INFO', stage: 'SNAPSHOTTING', message: 'Migration job started', timestamp: ctx.clock.iso(submittedAt) },
				{ eventType: 'INFO', stage: 'SNAPSHOTTING', message: 'Snapshot completed', timestamp: ctx.clock.iso(submittedAt + 5 * 60 * 1000) },
			],
		});
	});

	const isRunning = (job: MigratorJob) => !TERMINAL_STATUSES.includes(job.status);

	function statistics(job: MigratorJob): Record<string, unknown> {
		const now = ctx.clock.now();
		const total = job.tables.length;
		const snapshotDone = job.snapshotDoneAt !== undefined;
		const end = job.endedAt ?? now;
		const fraction = snapshotDone ? 1 : job.options.mode === 'CDC_ONLY' ? 0 : Math.min(0.99, (end - job.submittedAt) / Math.max(1, job.runTimeMs));
		const done = job.options.mode === 'CDC_ONLY' ? 0 : Math.floor(total * fraction);
		const rows = job.tables.map((t) => {
			const [schema, table] = t.split('.');
			return job.relationalTableFilters?.[schema]?.[table]?.rowCount ?? ROWS_PER_TABLE;
		});
		const seen = rows.slice(0, done).reduce((a, b) => a + b, 0);
		return {
			startedAt: ctx.clock.iso(job.submittedAt),
			elapsedSeconds: Math.floor((end - job.submittedAt) / 1000),
			remainingTableCount: job.options.mode === 'CDC_ONLY' ? 0 : total - done,
			processingTables: isRunning(job) && !snapshotDone && job.options.mode !== 'CDC_ONLY' ? job.tables.slice(done, done + 1) : [],
			totalEventsSeen: seen,
			snapshotCompleted: snapshotDone,
			totalTableCount: total,
			totalEvents: rows.reduce((a, b) => a + b, 0),
			totalEventSize: rows.reduce((a, b) => a + b, 0) * 256,
		};
	}

	function view(job: MigratorJob): Record<string, unknown> {
		const body: Record<string, unknown> = {
			id: job.id,
			projectId: job.projectId,
			status: job.status,
			cdcStatus: job.cdcStatus,
			options: job.options,
			jdbcConnectionString: job.jdbcConnectionString,
			mongoDbConnectionString: job.mongoDbConnectionString,
			submittedAt: ctx.clock.iso(job.submittedAt),
			statistics: statistics(job),
			jobUpdates: job.events.map((e) => ({ ...e })),
			metadata: { verificationRequested: job.verificationRequested, ...(job.verificationRequested && !isRunning(job) ? { verificationStatus: 'VERIFIED' } : {}) },
		};
		if (job.cdcStartedAt !== undefined) {
			const end = job.endedAt ?? ctx.clock.now();
			const seconds = Math.max(0, Math.floor((end - job.cdcStartedAt) / 1000));
			body.cdcStatistics = {
				startedAt: ctx.clock.iso(job.cdcStartedAt),
				lastEventTime: ctx.clock.iso(end),
				eventsInLastHour: Math.min(seconds, 3600) * 2,
				eventsInLastMinute: Math.min(seconds, 60) * 2,
				totalEventsSeen: seconds * 2,
			};
		}
		if (job.failureError) body.failureError = job.failureError;
		if (job.relationalTableFilters) body.relationalTableFilters = job.relationalTableFilters;
		return body;
	}

	function event(job: MigratorJob, e: Omit<JobEvent, 'timestamp'>): void {
		job.events.push({ ...e, timestamp: ctx.clock.iso() });
	}

	/** Applies a "STATUS/CDC_STATUS" state to the record (scheduled, forced, or from stop/pause/resume). */
	function apply(job: MigratorJob, state: string): void {
		const [status, cdcStatus = job.cdcStatus] = state.split('/');
		const previousCdc = job.cdcStatus;
		job.status = status;
		job.cdcStatus = cdcStatus;
		const now = ctx.clock.now();
		const cdcMode = job.options.mode !== 'SNAPSHOT';
		if (cdcStatus === 'RUNNING' && previousCdc === 'NOT_STARTED') {
			job.cdcStartedAt = now;
			if (job.options.mode === 'CDC') {
				job.snapshotDoneAt ??= now;
				event(job, { eventType: 'INFO', stage: 'SNAPSHOTTING', message: 'Snapshot completed' });
			}
			event(job, { eventType: 'INFO', stage: 'STREAMING', message: 'CDC started' });
		}
		if (!cdcMode && (status === 'CLEANING_UP' || status === 'COMPLETED') && job.snapshotDoneAt === undefined) {
			job.snapshotDoneAt = now;
			event(job, { eventType: 'INFO', stage: 'SNAPSHOTTING', message: 'Snapshot completed' });
		}
		if (status === 'COMPLETED' && job.script?.outcome === 'warning' && !job.events.some((e) => e.eventType === 'WARNING')) {
			event(job, { eventType: 'WARNING', stage: 'SNAPSHOTTING', message: job.script.message ?? 'Some rows were skipped', locationType: 'TABLE', locationName: job.tables[0] });
		}
		if (status === 'FAILED' && !job.failureError) {
			const message = job.script?.message ?? 'The migration job failed';
			job.failureError = { errorType: 'MigrationJobFailure', message, failureAt: ctx.clock.iso(now), setupError: false };
			event(job, { eventType: 'ERROR', stage: job.cdcStartedAt ? 'STREAMING' : 'SNAPSHOTTING', message, errorType: 'MigrationJobFailure', details: job.script?.log });
		}
		if (TERMINAL_STATUSES.includes(status)) {
			job.endedAt ??= now;
			event(job, { eventType: 'INFO', message: `Migration job ${status.toLowerCase()}` });
		}
	}

	function setState(job: MigratorJob, state: string): void {
		if (job.lifecycle && !job.lifecycle.finished) job.lifecycle.force(state);
		else apply(job, state);
	}

	const terminalStates = TERMINAL_STATUSES.flatMap((s) => RM_CDC_STATUSES.map((c) => `${s}/${c}`));

	ctx.onTransition(name, (id, to) => {
		const job = jobs.get(id);
		if (!job) return undefined;
		setState(job, to.includes('/') ? to : `${to}/${job.cdcStatus}`);
		return view(job);
	});

	function findJob(req: RouteRequest): MigratorJob {
		const job = jobs.get(req.params.jobId);
		if (!job) fail(404, `Migration job ${req.params.jobId} not found`, undefined, /^[A-Za-z0-9-]+$/.test(req.params.jobId) ? req.params.jobId : undefined);
		return job;
	}

	app.route('GET', `${API}/project`, (req) => {
		const sort = req.query.sort ?? 'lastModified,DESC';
		const list = sorted([...projects.values()] as unknown as Array<Record<string, unknown>>, sort, ['lastModified', 'name', 'id', 'type']);
		return { status: 200, body: list };
	});

	app.route('GET', `${API}/jobs`, (req) => {
		let list = [...jobs.values()];
		if (req.query.type !== undefined) {
			if (req.query.type !== 'IN_PROGRESS') fail(400, `Unknown job type ${req.query.type}`, 'The only job type filter is IN_PROGRESS.');
			list = list.filter(isRunning);
		}
		if (req.query.projectId !== undefined) list = list.filter((j) => j.projectId === req.query.projectId);
		const views = sorted(list.map(view), req.query.sort ?? 'submittedAt,DESC', ['submittedAt', 'status', 'id', 'projectId']);
		if (req.query.limit !== undefined) {
			const limit = Number(req.query.limit);
			if (!Number.isInteger(limit) || limit < 0) fail(400, 'limit must be a non-negative integer');
			return { status: 200, body: views.slice(0, limit) };
		}
		return { status: 200, body: views };
	});

	app.route('POST', `${API}/jobs`, (req) => {
		const problems = validateSchema(spec, { $ref: '#/components/schemas/post-migration-job-request' }, req.body ?? null, 'body');
		if (problems.length) fail(400, 'Invalid migration job request', problems.join('; '));
		const body = req.body as {
			projectId: string;
			jdbcConnectionDetails: { type: string; url: string; user?: string; password?: string; existingConnectionId?: string };
			mongodbConnectionDetails: { connectionString: string; existingConnectionId?: string };
			options: MigratorJob['options'];
			verification: { enabled: boolean };
			relationalTableFilters?: MigratorJob['relationalTableFilters'];
		};
		const project = projects.get(body.projectId);
		if (!project) fail(404, `Project ${body.projectId} not found`);
		const jdbc = body.jdbcConnectionDetails;
		const mongo = body.mongodbConnectionDetails;
		if (jdbc.existingConnectionId !== undefined && jdbc.existingConnectionId !== project.jdbcId) {
			fail(400, `Connection ${jdbc.existingConnectionId} not found`, 'existingConnectionId must name a saved relational connection');
		}
		if (mongo.existingConnectionId !== undefined && mongo.existingConnectionId !== project.mongodbId) {
			fail(400, `Connection ${mongo.existingConnectionId} not found`, 'existingConnectionId must name a saved MongoDB connection');
		}
		const standard = ctx.config.relationalMigratorErrors === 'standard';
		const mongoString = mongo.existingConnectionId !== undefined ? `mongodb://saved-connection/${project.name.split(' ')[0].toLowerCase()}` : mongo.connectionString;
		const noDatabase =
			mongo.existingConnectionId === undefined && !mongoDatabaseName(mongo.connectionString)
				? mongo.connectionString
				: jdbc.existingConnectionId === undefined && !jdbcNamesDatabase(jdbc.url)
					? jdbc.url
					: undefined;
		if (noDatabase !== undefined) {
			// The real server echoes the connection string; the node must keep it out of what the user sees.
			// Its message does not say which side: both answers read the same.
			throw new HttpError(standard ? 400 : 440, errorBody('Invalid as connection string did not contain a database name', `Connection string: ${noDatabase}`));
		}
		if (standard && body.options.mode !== 'SNAPSHOT') {
			fail(422, `Migration mode ${body.options.mode} is not supported`, 'Relational Migrator runs snapshot migration jobs only; use mode SNAPSHOT.');
		}
		const running = [...jobs.values()].find(isRunning);
		if (running) throw new HttpError(standard ? 409 : 470, errorBody('Migration job already running', `Job ${running.id} is ${running.status}`, running.id));

		const script = ctx.scripts.take(name, project.id, project.name);
		const runTimeMs = script?.runTimeMs ?? ctx.config.runTimeMs;
		const filters = body.relationalTableFilters;
		const tables = filters ? Object.entries(filters).flatMap(([schema, t]) => Object.keys(t).map((table) => `${schema}.${table}`)) : DEFAULT_TABLES;
		const job: MigratorJob = {
			id: newId(),
			projectId: project.id,
			status: 'RUNNING',
			cdcStatus: 'NOT_STARTED',
			options: { dropCollections: false, errorHandling: 'FAIL', ...body.options },
			jdbcConnectionString: jdbc.existingConnectionId !== undefined ? `jdbc:saved-connection:${jdbc.existingConnectionId}` : jdbc.url,
			mongoDbConnectionString: mongoString,
			submittedAt: ctx.clock.now(),
			runTimeMs,
			tables,
			relationalTableFilters: filters,
			verificationRequested: body.verification.enabled,
			events: [],
			script,
		};
		jobs.set(job.id, job);
		ctx.counters.start(name, project.id);
		event(job, { eventType: 'INFO', stage: job.options.mode === 'CDC_ONLY' ? 'STREAMING' : 'SNAPSHOTTING', message: 'Migration job started' });

		const steps: Array<{ atMs: number; to: string }> = [];
		const outcome = script?.outcome ?? 'success';
		if (outcome === 'failure') {
			steps.push({ atMs: runTimeMs, to: job.options.mode === 'CDC_ONLY' ? 'FAILED/FAILED' : 'FAILED/NOT_STARTED' });
		} else if (outcome !== 'stuck') {
			if (job.options.mode === 'SNAPSHOT') {
				steps.push({ atMs: Math.round(runTimeMs * 0.9), to: 'CLEANING_UP/NOT_STARTED' }, { atMs: runTimeMs, to: 'COMPLETED/NOT_STARTED' });
			} else if (job.options.mode === 'CDC') {
				steps.push({ atMs: runTimeMs, to: 'RUNNING/RUNNING' });
			} else {
				steps.push({ atMs: Math.round(runTimeMs * 0.1), to: 'RUNNING/RUNNING' });
			}
		}
		job.lifecycle = ctx.lifecycle({
			family: name,
			id: job.id,
			initial: 'RUNNING/NOT_STARTED',
			steps,
			terminal: terminalStates,
			onTransition: (to) => apply(job, to),
		});
		return { status: 200, body: view(job) };
	});

	app.route('GET', `${API}/jobs/:jobId`, (req) => ({ status: 200, body: view(findJob(req)) }));

	app.route('POST', `${API}/jobs/:jobId/pause`, (req) => {
		const job = findJob(req);
		if (job.cdcStatus !== 'RUNNING' || !isRunning(job)) fail(400, 'Only a job whose CDC is running can be paused', `Job ${job.id} is ${job.status}, CDC ${job.cdcStatus}`, job.id);
		setState(job, 'RUNNING/PAUSED');
		return { status: 200, body: view(job) };
	});

	app.route('POST', `${API}/jobs/:jobId/resume`, (req) => {
		const job = findJob(req);
		if (job.cdcStatus !== 'PAUSED' || !isRunning(job)) fail(400, 'Only a paused job can be resumed', `Job ${job.id} is ${job.status}, CDC ${job.cdcStatus}`, job.id);
		setState(job, 'RUNNING/RUNNING');
		return { status: 200, body: view(job) };
	});

	app.route('POST', `${API}/jobs/:jobId/stop`, (req) => {
		const job = findJob(req);
		// Every stop call answered 200 counts, a retried one too; each migration job is one run of its project.
		ctx.counters.stop(name, job.projectId, job.id);
		// Stopping a job that already ended changes nothing (a retried stop must not fail).
		if (!isRunning(job) || job.status === 'CANCELLING' || job.cdcStatus === 'COMPLETING') return { status: 200, body: view(job) };
		const settle = Math.max(10, Math.round(job.runTimeMs * 0.1));
		if (job.cdcStatus === 'RUNNING' || job.cdcStatus === 'PAUSED') {
			setState(job, 'RUNNING/COMPLETING');
			ctx.schedule(settle, () => setState(job, 'COMPLETED/COMPLETED'));
		} else {
			const cdc = job.options.mode === 'SNAPSHOT' ? 'NOT_STARTED' : 'CANCELLED';
			setState(job, `CANCELLING/${job.cdcStatus}`);
			ctx.schedule(settle, () => setState(job, `CANCELLED/${cdc}`));
		}
		return { status: 200, body: view(job) };
	});

	app.route('GET', `${API}/jobs/:jobId/logs`, (req) => {
		const job = findJob(req);
		const limit = req.query.limit !== undefined ? Number(req.query.limit) : 1000;
		const offset = req.query.offset !== undefined ? Number(req.query.offset) : 0;
		if (!Number.isInteger(limit) || limit < 0) fail(400, 'limit must be a non-negative integer', undefined, job.id);
		if (!Number.isInteger(offset) || offset < 0) fail(400, 'offset must be a non-negative integer', undefined, job.id);
		const type = req.query.eventType;
		if (type !== undefined && !['ERROR', 'WARNING', 'INFO'].includes(type)) fail(400, `Unknown eventType ${type}`, undefined, job.id);
		// Newest first: offset counts back from the most recent event.
		const events = [...job.events].reverse().filter((e) => type === undefined || e.eventType === type);
		const page = events.slice(offset, offset + limit).map((e) => {
			const out: Record<string, unknown> = { eventType: e.eventType, message: e.message, timestamp: e.timestamp };
			if (e.details) out.details = e.details;
			if (e.errorType) out.errorType = e.errorType;
			if (e.locationType) out.locationType = e.locationType;
			if (e.locationName) out.locationName = e.locationName;
			return out;
		});
		return { status: 200, body: page };
	});

	ctx.exposeState(name, () => ({
		projects: [...projects.values()],
		jobs: [...jobs.values()].map((j) => ({ id: j.id, projectId: j.projectId, status: j.status, cdcStatus: j.cdcStatus, mode: j.options.mode })),
	}));
}

function sorted<T extends Record<string, unknown>>(list: T[], sort: string, fields: string[]): T[] {
	const m = /^(\w+),(DESC|ASC)$/.exec(sort);
	if (!m || !fields.includes(m[1])) fail(400, `Invalid sort ${sort}`, `Use <field>,ASC or <field>,DESC with a field among ${fields.join(', ')}.`);
	const [, field, direction] = m;
	const factor = direction === 'ASC' ? 1 : -1;
	return [...list].sort((a, b) => factor * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
}

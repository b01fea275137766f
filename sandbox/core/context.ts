import { Counters } from './counters';
import { FaultStore } from './faults';
import { JobRegistry, LifecycleJob, type LifecycleOptions } from './lifecycle';
import { RequestLog } from './requestLog';
import { createRng, type Rng } from './rng';
import type { SandboxApp } from './router';
import { ScriptStore } from './scripts';
import { SessionStore } from './sessions';
import { Scheduler, type ScheduledTimer } from './timers';
import { DEFAULT_RUN_TIME_MS, DEFAULT_SEED, DEFAULT_SESSION_IDLE_MS, REQUEST_LOG_SIZE } from './constants';

export interface SandboxOptions {
	/** Default 0 (ephemeral). The host is always 127.0.0.1. */
	port?: number;
	/** Default run time of a job. Default 3000. */
	runTimeMs?: number;
	/** Informatica idle expiry. Default 30 minutes. */
	sessionIdleMs?: number;
	/** Seed of the RNG (fault shares, ids). Default 42. */
	seed?: number;
	/** Whether families load their sample tasks, jobs, workspaces and projects. Default true. */
	seedData?: boolean;
	/** Called with one line per request and per notable event; undefined: silent. */
	log?: (line: string) => void;
	/** The families to load. Default: all of families/index.ts. Tests pass their own. */
	families?: SandboxFamily[];
}

export interface ResolvedOptions {
	port: number;
	runTimeMs: number;
	sessionIdleMs: number;
	seed: number;
	seedData: boolean;
	log?: (line: string) => void;
}

/** Settings changeable at run time (POST /__sandbox/config). Read them when you need them; do not cache. */
export interface SandboxConfig {
	runTimeMs: number;
	sessionIdleMs: number;
	/** 0: off. K > 0: each Informatica session answers K authenticated requests, then 401. */
	sessionExpireEvery: number;
	/**
	 * How Relational Migrator refuses: 'custom' (OpenAPI 1.13.0: 440, 470) or 'standard' (the June 2026 release and
	 * 1.18.1: 400 no database name, 409 already running, 422 for a CDC mode, since it runs snapshot jobs only).
	 */
	relationalMigratorErrors: 'custom' | 'standard';
	/** CData Sync: for this long after an execute, GET /jobs/{id}/status still shows the previous run (0: off). */
	cdataStatusLagMs: number;
	/** 0: opaque Informatica session ids. T > 0: JWT session mode, each login's JWT expires T ms later (then 401). */
	jwtSessionTtlMs: number;
	/** Data Integration activity log answers: a list (the documented shape), one row as an object, or {entries: [...]}. */
	activityLogShape: 'list' | 'object' | 'entries';
	/** Data Integration activity log `state`: numeric (1/2/3, the documented shape) or textual (SUCCESS, FAILED, STOPPED...). */
	activityLogStates: 'numeric' | 'text';
	/** How many coming Database Ingestion starts/resumes are accepted but have no visible effect (the status stays). */
	dbmiStartNoEffect: number;
	/**
	 * Data Integration callbacks (Informatica: three immediate attempts, then 30 s growing to 3 min, for 30 min in all).
	 * 0: scaled from runTimeMs (first interval max(10, runTimeMs), max interval 6x, retry time 60x, as 30 s : 3 min : 30 min).
	 */
	callbackRetryIntervalMs: number;
	callbackMaxIntervalMs: number;
	/** How long after the first attempt the sandbox keeps retrying a callback that was not answered 200. */
	callbackRetryForMs: number;
	/** How long one attempt waits for the receiver's answer (Informatica: 30 s). 0: 5000. */
	callbackTimeoutMs: number;
	/** After a callback was answered 200, post it this many more times (a duplicate, as Informatica may send). */
	callbackDuplicates: number;
}

/** A vendor family: one file in families/, listed in families/index.ts. */
export interface SandboxFamily {
	/** See FAMILY in constants.ts. */
	name: string;
	register(app: SandboxApp, ctx: SandboxContext): void;
}

/** Answers POST /__sandbox/jobs/transition for a family; return undefined when the id is unknown (404). */
export type TransitionHook = (id: string, to: string) => unknown;

export interface SandboxContext {
	readonly options: ResolvedOptions;
	/** Live settings: read ctx.config.runTimeMs when a run starts. */
	readonly config: SandboxConfig;
	readonly clock: { now(): number; iso(ms?: number): string };
	/** A tracked timer: reset() and close() clear it. */
	schedule(ms: number, fn: () => void): ScheduledTimer;
	/** A tracked delay. */
	delay(ms: number): Promise<void>;
	readonly counters: Counters;
	readonly scripts: ScriptStore;
	/** The Informatica session store (shared by every Informatica family). */
	readonly sessions: SessionStore;
	readonly rng: Rng;
	readonly faults: FaultStore;
	readonly requestLog: RequestLog;
	readonly jobs: JobRegistry;
	/** Starts a LifecycleJob and registers it for forced transitions. */
	lifecycle<S extends string>(options: LifecycleOptions<S>): LifecycleJob<S>;
	/** Runs now (after all families registered) and after every POST /__sandbox/reset: (re)load your seed data here. */
	onReset(fn: (seedData: boolean) => void): void;
	/** Custom handling of forced transitions for a family (default: the family's LifecycleJob with that id). */
	onTransition(family: string, hook: TransitionHook): void;
	/** What GET /__sandbox/state shows for a family (and sandbox.state()). */
	exposeState(family: string, fn: () => unknown): void;
	/**
	 * Informatica's v3 lookup and objects resources are platform-wide: the family that serves them lists its own
	 * assets plus those other families add here (Database Ingestion tasks, type DBMI_TASK). Read at each request.
	 */
	readonly v3Catalogue: { add(source: () => V3CatalogueObject[]): void; objects(): V3CatalogueObject[] };
	log(line: string): void;
}

/** One asset as the v3 objects resource lists it. */
export interface V3CatalogueObject {
	id: string;
	path: string;
	type: string;
	description?: string;
	updateTime?: string;
}

export interface ContextInternals {
	ctx: SandboxContext;
	scheduler: Scheduler;
	resetHooks: Array<(seedData: boolean) => void>;
	transitionHooks: Map<string, TransitionHook>;
	stateViews: Map<string, () => unknown>;
	/** Puts every store back to its initial state and re-runs the reset hooks. */
	reset(): void;
}

const CALLBACK_DEFAULTS = { callbackRetryIntervalMs: 0, callbackMaxIntervalMs: 0, callbackRetryForMs: 0, callbackTimeoutMs: 0, callbackDuplicates: 0 };

export function createContext(options: SandboxOptions, defaults: { runTimeMs?: number } = {}): ContextInternals {
	const resolved: ResolvedOptions = {
		port: options.port ?? 0,
		runTimeMs: options.runTimeMs ?? defaults.runTimeMs ?? DEFAULT_RUN_TIME_MS,
		sessionIdleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
		seed: options.seed ?? DEFAULT_SEED,
		seedData: options.seedData ?? true,
		log: options.log,
	};
	const config: SandboxConfig = { runTimeMs: resolved.runTimeMs, sessionIdleMs: resolved.sessionIdleMs, sessionExpireEvery: 0, relationalMigratorErrors: 'custom', cdataStatusLagMs: 0, jwtSessionTtlMs: 0, activityLogShape: 'list', activityLogStates: 'numeric', dbmiStartNoEffect: 0, ...CALLBACK_DEFAULTS };
	const scheduler = new Scheduler();
	const rng = createRng(resolved.seed);
	const counters = new Counters();
	const jobs = new JobRegistry();
	const resetHooks: Array<(seedData: boolean) => void> = [];
	const transitionHooks = new Map<string, TransitionHook>();
	const stateViews = new Map<string, () => unknown>();
	const catalogueSources: Array<() => V3CatalogueObject[]> = [];
	const log = (line: string) => resolved.log?.(line);
	const now = () => Date.now();
	const schedule = (ms: number, fn: () => void) =>
		scheduler.schedule(ms, fn, (error) => log(`timer error: ${error instanceof Error ? error.stack : String(error)}`));

	const ctx: SandboxContext = {
		options: resolved,
		config,
		clock: { now, iso: (ms?: number) => new Date(ms ?? now()).toISOString() },
		schedule,
		delay: (ms) => scheduler.delay(ms),
		counters,
		scripts: new ScriptStore(),
		sessions: new SessionStore({ counters, now, config: () => config }),
		rng,
		faults: new FaultStore(rng),
		requestLog: new RequestLog(REQUEST_LOG_SIZE),
		jobs,
		lifecycle: (opts) => {
			const job = new LifecycleJob({ schedule, now }, opts);
			jobs.add(job as unknown as LifecycleJob<string>);
			return job;
		},
		onReset: (fn) => void resetHooks.push(fn),
		onTransition: (family, hook) => void transitionHooks.set(family, hook),
		exposeState: (family, fn) => void stateViews.set(family, fn),
		v3Catalogue: { add: (source) => void catalogueSources.push(source), objects: () => catalogueSources.flatMap((source) => source()) },
		log,
	};

	const reset = () => {
		scheduler.clearAll();
		jobs.clear();
		ctx.scripts.clear();
		ctx.faults.clear();
		counters.reset();
		ctx.requestLog.clear();
		ctx.sessions.clear();
		config.runTimeMs = resolved.runTimeMs;
		config.sessionIdleMs = resolved.sessionIdleMs;
		config.sessionExpireEvery = 0;
		config.relationalMigratorErrors = 'custom';
		config.cdataStatusLagMs = 0;
		config.jwtSessionTtlMs = 0;
		config.activityLogShape = 'list';
		config.activityLogStates = 'numeric';
		config.dbmiStartNoEffect = 0;
		Object.assign(config, CALLBACK_DEFAULTS);
		rng.reseed(resolved.seed);
		for (const hook of resetHooks) hook(resolved.seedData);
	};

	return { ctx, scheduler, resetHooks, transitionHooks, stateViews, reset };
}

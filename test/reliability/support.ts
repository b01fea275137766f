/**
 * Shared pieces of the reliability scenarios: one sandbox with every family, one harness with every node and
 * credential, fault helpers, and the figures each scenario prints and records.
 */
import * as fs from 'node:fs';

import axios from 'axios';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../credentials/InformaticaIdmcApi.credentials';
import { MongoDbRelationalMigratorApi } from '../../credentials/MongoDbRelationalMigratorApi.credentials';
import { CDataSync } from '../../nodes/CDataSync/CDataSync.node';
import { CDataSyncTrigger } from '../../nodes/CDataSync/CDataSyncTrigger.node';
import { InformaticaIdmc } from '../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { InformaticaIdmcTrigger } from '../../nodes/InformaticaIdmc/InformaticaIdmcTrigger.node';
import { MongoDbRelationalMigrator } from '../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { MongoDbRelationalMigratorTrigger } from '../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigratorTrigger.node';
import type { FaultMatch, FaultSpec } from '../../sandbox/core/faults';
import { CDATA_SYNC, FAMILY, INFORMATICA } from '../../sandbox/core/constants';
import type { Sandbox } from '../../sandbox/server';
import { InformaticaIdmcWithBinaryInput } from '../harness/binaryInput';
import { cdataSyncCredential, informaticaCredential, relationalMigratorCredential } from '../harness/credentials';
import type { RunNodeResult } from '../harness/n8n';
import { rl } from '../harness/resourceLocator';
import { useSandboxEnv, type SandboxEnv, type SandboxEnvSetup } from '../harness/sandboxEnv';
import { FIGURES_FILE, LOG_FILE } from './paths';
import { RM_PROJECT, rmCreateParameters } from '../harness/relationalMigrator';
import { RM_MONGO_URI, RM_SECRETS } from './secrets';

export { FAMILY, INFORMATICA, CDATA_SYNC, rl };

/**
 * The nodes expose no request-timeout option: every request waits up to 60 s (shared/request.ts). A `timeout` fault
 * would cost a minute per request, so the scenarios shorten n8n's axios timeout of 60 s to this, the way a slow
 * network would end a request earlier; retries then run exactly as they would after 60 s.
 */
export const REQUEST_TIMEOUT_MS = 1000;
let timeoutInterceptor: number | undefined;
export function shortenRequestTimeouts(ms = REQUEST_TIMEOUT_MS): void {
	if (timeoutInterceptor !== undefined) return;
	timeoutInterceptor = axios.interceptors.request.use((config) => {
		if (config.timeout === 60_000) config.timeout = ms;
		return config;
	});
}

/** The sandbox with every family (its log to LOG_FILE) and a harness with every node and credential. */
export type Env = SandboxEnv;

const scenarioSetup = (runTimeMs: number): SandboxEnvSetup => ({
	sandbox: { runTimeMs, log: (line) => fs.appendFileSync(LOG_FILE, `${line}\n`) },
	nodeTypes: [InformaticaIdmc, InformaticaIdmcWithBinaryInput, InformaticaIdmcTrigger, CDataSync, CDataSyncTrigger, MongoDbRelationalMigrator, MongoDbRelationalMigratorTrigger],
	credentialTypes: [InformaticaIdmcApi, CDataSyncApi, MongoDbRelationalMigratorApi],
	credentials: (sandbox) => ({
		informaticaIdmcApi: informaticaCredential(sandbox),
		cDataSyncApi: cdataSyncCredential(sandbox),
		mongoDbRelationalMigratorApi: relationalMigratorCredential(sandbox),
	}),
});

/**
 * A scenario's hooks: the env starts before the scenario and closes after it, then the figures are printed again;
 * unless `resetEachTest` is false, each test gets a reset sandbox and a fresh harness. `shortTimeouts` shortens the
 * request timeouts first (see shortenRequestTimeouts).
 */
export function useScenarioEnv(options: { runTimeMs?: number; resetEachTest?: boolean; shortTimeouts?: boolean } = {}): Env {
	if (options.shortTimeouts) beforeAll(() => shortenRequestTimeouts());
	const env = useSandboxEnv(scenarioSetup(options.runTimeMs ?? 50), { resetEachTest: options.resetEachTest });
	afterAll(() => printFigures());
	return env;
}

/** The seeded Data Integration task the scenarios start (m_load_orders) and the seeded Relational Migrator project (Sales). */
export const ORDERS = '0100000Z000009';
export { RM_PROJECT };

/** Relational Migrator "create job" parameters for the Sales project, with the reliability secrets; override any of them. */
export const rmCreateParams = (overrides: INodeParameters = {}): INodeParameters =>
	rmCreateParameters(overrides, { jdbcPassword: RM_SECRETS.jdbcPassword, mongoConnectionString: RM_MONGO_URI });

/** The id of the seeded CData Sync job the scenarios start (ids are random per sandbox). */
export const cdataJob = (env: Env) =>
	(env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === 'SalesforceToSnowflake')!.id;

/**
 * Transient faults on `share` of the matching requests, split over 429 (Retry-After: 0), 502, 503 and a request
 * that never answers (`timeoutShare` of the total; the rest split evenly). The first matching fault whose draw
 * succeeds fires, so later faults get the conditional share that makes the overall split exact.
 */
export function addTransientFaults(sandbox: Sandbox, match: FaultMatch, share = 0.2, timeoutShare = 0.02): void {
	const rest = (share - timeoutShare) / 3;
	const specs: FaultSpec[] = [
		{ kind: 'status', status: 429, retryAfter: 0 },
		{ kind: 'status', status: 502 },
		{ kind: 'status', status: 503 },
		{ kind: 'timeout' },
	];
	const shares = [rest, rest, rest, timeoutShare];
	let left = 1;
	specs.forEach((spec, i) => {
		sandbox.faults.add({ ...spec, match, share: Math.min(1, shares[i] / left) });
		left -= shares[i];
	});
}

/** Items of a run that carry an error (continue on fail) or the run's own error. */
export function failedItems(result: RunNodeResult): number {
	if (result.error) return Math.max(1, result.items.length === 0 ? 1 : result.items.filter((i) => i.json.error !== undefined).length);
	return result.items.filter((i) => i.json.error !== undefined).length;
}

export function items(n: number, make: (i: number) => IDataObject = () => ({})): IDataObject[] {
	return Array.from({ length: n }, (_, i) => make(i));
}

export function routeCount(sandbox: Sandbox, predicate: (key: string) => boolean): number {
	return Object.entries(sandbox.counters.snapshot().requests)
		.filter(([key]) => predicate(key))
		.reduce((n, [, v]) => n + v, 0);
}

/** A seeded random number generator (mulberry32), so a scenario's random walk repeats run to run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type FigureValue = number | string | boolean;

export interface Figure {
	scenario: number;
	title: string;
	subject: string;
	values: Record<string, FigureValue>;
	seconds: number;
}

const printed: string[] = [];

function format(value: FigureValue): string {
	return typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value);
}

/** Prints one figure line (`[reliability] 1 session expiry | informatica DI | items=1000 ... | 12.3s`) and records it. */
export function figure(f: Figure): void {
	const values = Object.entries(f.values)
		.map(([k, v]) => `${k}=${format(v)}`)
		.join(' ');
	const line = `[reliability] ${f.scenario} ${f.title} | ${f.subject} | ${values} | ${f.seconds.toFixed(1)}s`;
	printed.push(line);
	fs.appendFileSync(FIGURES_FILE, `${JSON.stringify({ ...f, line })}\n`);
	process.stdout.write(`${line}\n`);
}

/** Prints the figures of the file again in afterAll, after jest's own output for the file. */
export function printFigures(): void {
	if (printed.length) process.stdout.write(`\n${printed.join('\n')}\n`);
}

/** Runs `body` and returns its wall time in seconds with its result. */
export async function timed<T>(body: () => Promise<T>): Promise<{ result: T; seconds: number }> {
	const start = Date.now();
	const result = await body();
	return { result, seconds: (Date.now() - start) / 1000 };
}

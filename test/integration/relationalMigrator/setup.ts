import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { MongoDbRelationalMigratorTrigger } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigratorTrigger.node';
import { validateRequest } from '../../../sandbox/core/openapi';
import * as relationalMigrator from '../../../sandbox/families/relationalMigrator';
import { RM_SEED, relationalMigratorSpec } from '../../../sandbox/families/relationalMigrator';
import { FAMILY, type Sandbox } from '../../../sandbox/server';
import { relationalMigratorCredential } from '../../harness/credentials';
import type { RunNodeResult } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv, type SandboxEnv } from '../../harness/sandboxEnv';

export const NODE = 'mongoDbRelationalMigrator';
export const TRIGGER = 'mongoDbRelationalMigratorTrigger';
export const CREDENTIAL = 'mongoDbRelationalMigratorApi';
export const SALES = RM_SEED.projects[0];
export const INVENTORY = RM_SEED.projects[1];
export const spec = relationalMigratorSpec();

export const SECRETS = {
	jdbcPassword: 'pg-Secret-4242',
	mongoPassword: 'mongo-Secret-9191',
	proxySecret: 'proxy-Secret-7373',
};
export const MONGO_URI = `mongodb://bob:${SECRETS.mongoPassword}@mongo.example.internal:27017/sales`;

export type Env = SandboxEnv;

/**
 * The sandbox and harness, reset before each test (see useSandboxEnv); after each test every request it made is
 * checked against the OpenAPI document.
 */
export function useEnv(runTimeMs = 100): Env {
	const env = useSandboxEnv({
		sandbox: { runTimeMs, families: [relationalMigrator] },
		nodeTypes: [MongoDbRelationalMigrator, MongoDbRelationalMigratorTrigger],
		credentialTypes: [MongoDbRelationalMigratorApi],
		credentials: (sandbox) => ({ [CREDENTIAL]: relationalMigratorCredential(sandbox) }),
	});
	afterEach(() => expect(specProblems(env.sandbox)).toEqual([]));
	return env;
}

/** Create parameters for a job of the Sales project; override any of them. */
export function createParams(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'job',
		operation: 'create',
		project: rl(SALES.id),
		databaseType: 'POSTGRESQL',
		sourceConnection: 'details',
		jdbcUrl: 'jdbc:postgresql://pg.example.internal:5432/sales',
		jdbcUser: 'alice',
		jdbcPassword: SECRETS.jdbcPassword,
		destinationConnection: 'connectionString',
		mongoConnectionString: MONGO_URI,
		mode: 'SNAPSHOT',
		...overrides,
	};
}

export const fastWait = (extra: Record<string, unknown> = {}) => ({ pollIntervalSeconds: 0.02, timeoutSeconds: 10, ...extra });

/** Every vendor request the sandbox saw, checked against the OpenAPI document (1.13.0 + the 1.15 logs endpoint). */
export function specProblems(sandbox: Sandbox): string[] {
	return sandbox
		.requests()
		.filter((r) => r.family === FAMILY.relationalMigrator)
		.flatMap((r) => validateRequest(spec, { method: r.method, path: r.path, query: r.query, body: r.body }).map((p) => `${r.method} ${r.path}: ${p}`));
}

export function starts(sandbox: Sandbox): Record<string, number> {
	return sandbox.counters.snapshot().starts;
}

export function requestCount(sandbox: Sandbox, key: string): number {
	return sandbox.counters.snapshot().requests[key] ?? 0;
}

/**
 * What a user sees of a run: the output items and the error (message, description, response, outcome, stack).
 * The node's own parameters are left out: n8n stores what the user typed with the workflow, password fields included.
 */
export function visible(result: RunNodeResult): unknown {
	const e = result.error as (RunNodeResult['error'] & { errorResponse?: unknown; jobOutcome?: unknown; messages?: unknown }) | undefined;
	return {
		outputs: result.outputs,
		error: e ? { message: e.message, description: e.description, httpCode: e.httpCode, errorResponse: e.errorResponse, jobOutcome: e.jobOutcome, messages: e.messages, stack: e.stack } : null,
	};
}

/** Asserts that none of the secrets appears in what the user sees of one or more runs. */
export function expectNoSecrets(results: RunNodeResult | RunNodeResult[]): void {
	const text = JSON.stringify((Array.isArray(results) ? results : [results]).map(visible));
	expect(text.length).toBeGreaterThan(20);
	for (const secret of [...Object.values(SECRETS), MONGO_URI]) expect(text).not.toContain(secret);
}

export { FAMILY, RM_SEED };

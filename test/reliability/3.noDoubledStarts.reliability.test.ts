/**
 * Scenario 3: no doubled starts. 20% of start calls answer 429 (Retry-After: 0), 502, 503 or time out (the start
 * happened, the answer never came). A failed execution is retried whole, as an n8n user (or "Retry On Fail") would,
 * up to 5 times. The sandbox's start counter must equal the number of starts asked for, for every vendor: a start
 * that did happen is never repeated, because the retry meets the running job (409 "already running", or Relational
 * Migrator's 470 attach).
 */
import type { INodeParameters } from 'n8n-workflow';

import { addTransientFaults, cdataJob, type Env, FAMILY, figure, ORDERS, REQUEST_TIMEOUT_MS, rl, RM_PROJECT, rmCreateParams, timed, useScenarioEnv } from './support';

const STARTS = 50;
const RETRYABLE = new Set(['429', '500', '502', '503', '504']);

interface Vendor {
	name: string;
	type: string;
	family: string;
	scriptKey(env: Env): string;
	startPath: string;
	method: string;
	start(env: Env): INodeParameters;
	/** Ends the run this logical start began, so the next one may start. */
	end(env: Env): void;
}

const VENDORS: Vendor[] = [
	{
		name: 'informatica DI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDataIntegration,
		scriptKey: () => ORDERS,
		method: 'POST',
		startPath: '/\\/saas\\/api\\/v2\\/job$/',
		start: () => ({ resource: 'dataIntegrationJob', operation: 'start', taskType: 'MTT', task: rl(ORDERS) }),
		end(env) {
			const runs = (env.sandbox.state(FAMILY.informaticaDataIntegration) as { runs: Array<{ taskId: string; runId: number; state: string }> }).runs;
			for (const r of runs.filter((x) => x.taskId === ORDERS && !['SUCCESS', 'WARNING', 'FAILED', 'STOPPED'].includes(x.state)))
				env.sandbox.transition(FAMILY.informaticaDataIntegration, `${ORDERS}:${r.runId}`, 'SUCCESS');
		},
	},
	{
		name: 'informatica DBMI',
		type: 'informaticaIdmc',
		family: FAMILY.informaticaDbmi,
		scriptKey: () => '15',
		method: 'POST',
		startPath: '/\\/job\\/start/',
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15' }),
		end(env) {
			const job = (env.sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number; status: string }> }).jobs.find((j) => j.jobId === 15);
			if (job && !['deployed', 'completed', 'stopped', 'failed', 'aborted'].includes(job.status)) env.sandbox.transition(FAMILY.informaticaDbmi, '15', 'completed');
		},
	},
	{
		name: 'cdata sync',
		type: 'cDataSync',
		family: FAMILY.cdataSync,
		scriptKey: cdataJob,
		method: 'POST',
		startPath: '/\\/executeJob|\\/execute/',
		start: (env) => ({ resource: 'job', operation: 'execute', job: rl(cdataJob(env)) }),
		end(env) {
			const job = (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; status: { status: string } }> }).jobs.find((j) => j.id === cdataJob(env))!;
			if (['Starting', 'Running'].includes(String(job.status.status))) env.sandbox.transition(FAMILY.cdataSync, job.id, 'Successful');
		},
	},
	{
		name: 'relational migrator',
		type: 'mongoDbRelationalMigrator',
		family: FAMILY.relationalMigrator,
		scriptKey: () => RM_PROJECT,
		method: 'POST',
		startPath: '/\\/api\\/v1\\/jobs$/',
		start: () => rmCreateParams({ ifJobRunning: 'attach' }),
		end(env) {
			for (const j of (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string; status: string }> }).jobs.filter((x) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(x.status)))
				env.sandbox.transition(FAMILY.relationalMigrator, j.id, 'COMPLETED');
		},
	},
];

describe('3 no doubled starts: faults on start calls and whole-execution retries', () => {
	const env = useScenarioEnv({ shortTimeouts: true });

	it.each(VENDORS.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		addTransientFaults(env.sandbox, { method: v.method, path: v.startPath, family: v.family }, 0.2, 0.05);
		let executions = 0;
		let executionRetries = 0;
		let refusedAsRunning = 0;
		let attached = 0;
		const failedStarts: string[] = [];
		const { seconds } = await timed(async () => {
			for (let i = 0; i < STARTS; i++) {
				// Each run stays running until the test ends it, as a real load outlives a retry.
				env.sandbox.scripts.add({ family: v.family, key: v.scriptKey(env), outcome: 'stuck', times: 1 });
				for (let attempt = 0; attempt < 6; attempt++) {
					executions++;
					if (attempt > 0) executionRetries++;
					const result = await env.harness.runNode({ type: v.type, parameters: v.start(env) });
					if (!result.error) {
						if (result.items[0]?.json.attached === true || result.items[0]?.json.attachedToRunningJob === true) attached++;
						break;
					}
					const code = String(result.error.httpCode ?? '');
					if (code === '409' || code === '470') {
						refusedAsRunning++; // the earlier attempt did start it: that start counts, this one is refused
						break;
					}
					const retryable = RETRYABLE.has(code) || /could not be reached|did not answer in time|ETIMEDOUT|ECONNABORTED|timeout|connection was aborted/i.test(result.error.message);
					if (!retryable || attempt === 5) {
						failedStarts.push(`${code} ${result.error.message}`);
						break;
					}
				}
				v.end(env);
			}
		});
		const counters = env.sandbox.counters.snapshot();
		const starts = Object.entries(counters.starts)
			.filter(([k]) => k.startsWith(`${v.family}:`))
			.reduce((n, [, c]) => n + c, 0);
		const faults = env.sandbox.faults.list();
		const byKind = (kind: string, status?: number) => faults.filter((f) => f.kind === kind && (status === undefined || f.status === status)).reduce((n, f) => n + f.injected, 0);
		figure({
			scenario: 3,
			title: 'no doubled starts',
			subject: v.name,
			values: {
				startsAsked: STARTS,
				sandboxStarts: starts,
				executions,
				executionRetries,
				refusedAsRunning,
				attached,
				s429: byKind('status', 429),
				s502: byKind('status', 502),
				s503: byKind('status', 503),
				timeouts: byKind('timeout'),
				timeoutMs: REQUEST_TIMEOUT_MS,
				failedStarts: failedStarts.length,
			},
			seconds,
		});
		expect(failedStarts).toEqual([]);
		expect(starts).toBe(STARTS);
		expect(counters.faultsInjected).toBeGreaterThan(0);
	});
});

/**
 * Scenario 2: 20% of the vendor's requests answer 429 (Retry-After: 0), 502, 503, or never answer (1% of all: the
 * request times out), over 1,000 status reads per vendor. Every item must succeed; the figure is requests per item.
 * Then start and wait (Database Ingestion, CData Sync) with the faults on every request, the start calls included:
 * every run succeeds and each started its job once.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { addTransientFaults, cdataJob, FAMILY, figure, items, REQUEST_TIMEOUT_MS, rl, timed, useScenarioEnv } from './support';

const ITEMS = 1000;
const SHARE = 0.2;
const TIMEOUT_SHARE = 0.01;

describe('2 transient faults: 20% of requests fail transiently over 1,000 status reads per vendor', () => {
	const env = useScenarioEnv({ shortTimeouts: true });

	async function statusReads(subject: string, type: string, family: string, parameters: INodeParameters, check: (json: IDataObject) => boolean) {
		// Warm up (the Informatica login), then fault every request of the family.
		const warm = await env.harness.runNode({ type, parameters });
		expect(warm.error).toBeUndefined();
		env.sandbox.counters.reset();
		addTransientFaults(env.sandbox, { family }, SHARE, TIMEOUT_SHARE);
		const { result, seconds } = await timed(() => env.harness.runNode({ type, parameters, items: items(ITEMS), continueOnFail: true }));
		const counters = env.sandbox.counters.snapshot();
		const faults = env.sandbox.faults.list();
		const byKind = (kind: string, status?: number) => faults.filter((f) => f.kind === kind && (status === undefined || f.status === status)).reduce((n, f) => n + f.injected, 0);
		const failed = result.items.filter((i) => typeof i.json.error === 'string');
		figure({
			scenario: 2,
			title: 'transient faults',
			subject,
			values: {
				items: result.items.length,
				failed: failed.length,
				requests: counters.total,
				requestsPerItem: counters.total / ITEMS,
				faulted: counters.faultsInjected,
				faultShare: counters.faultsInjected / counters.total,
				s429: byKind('status', 429),
				s502: byKind('status', 502),
				s503: byKind('status', 503),
				timeouts: byKind('timeout'),
				timeoutMs: REQUEST_TIMEOUT_MS,
			},
			seconds,
		});
		expect(result.error).toBeUndefined();
		expect(failed.map((i) => i.json.error).slice(0, 3)).toEqual([]);
		expect(result.items).toHaveLength(ITEMS);
		expect(result.items.every((i) => check(i.json))).toBe(true);
		expect(counters.faultsInjected / counters.total).toBeGreaterThan(0.15);
		expect(byKind('timeout')).toBeGreaterThan(0);
	}

	it('Informatica Data Integration: Get Status (activity monitor, then activity log)', async () => {
		await statusReads('informatica DI getStatus', 'informaticaIdmc', FAMILY.informaticaDataIntegration, { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '0100000Z000009', runId: '1' }, (j) => j.outcome === 'succeeded');
	});

	it('CData Sync: job Get Status', async () => {
		const jobs = (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs;
		const job = jobs.find((j) => j.name === 'HubSpotToPostgres')!;
		await statusReads('cdata sync job getStatus', 'cDataSync', FAMILY.cdataSync, { resource: 'job', operation: 'getStatus', job: rl(job.id) }, (j) => typeof j.outcome === 'string');
	});

	it('Relational Migrator: job Get', async () => {
		const jobs = (env.sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string }> }).jobs;
		await statusReads('relational migrator job get', 'mongoDbRelationalMigrator', FAMILY.relationalMigrator, { resource: 'job', operation: 'get', jobId: jobs[0].id }, (j) => j.outcome === 'succeeded');
	});

	/**
	 * Start and wait, 20% faults on every request of the family, the start calls included: a start whose answer was
	 * lost (502, 503, no answer) is checked against the job's status and sent again only when nothing started.
	 */
	async function startAndWaitRuns(subject: string, type: string, family: string, startKey: () => string, parameters: INodeParameters) {
		const RUNS = 60;
		const warm = await env.harness.runNode({ type, parameters: { ...parameters, waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 30 } } });
		expect(warm.error).toBeUndefined();
		env.sandbox.counters.reset();
		addTransientFaults(env.sandbox, { family }, SHARE, TIMEOUT_SHARE);
		let failed = 0;
		const errors: string[] = [];
		const { seconds } = await timed(async () => {
			for (let i = 0; i < RUNS; i++) {
				const result = await env.harness.runNode({ type, parameters: { ...parameters, waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.02, timeoutSeconds: 30 } } });
				const json = result.items[0]?.json ?? {};
				if (result.error || json.outcome !== 'succeeded') {
					failed++;
					errors.push(result.error?.message ?? String(json.outcome));
				}
			}
		});
		const counters = env.sandbox.counters.snapshot();
		const startCallsFaulted = env.sandbox.requests().filter((r) => r.method === 'POST' && r.fault !== undefined).length;
		figure({
			scenario: 2,
			title: 'transient faults',
			subject,
			values: { runs: RUNS, failed, starts: counters.starts[startKey()] ?? 0, startCallsFaulted, requests: counters.total, requestsPerRun: counters.total / RUNS, faultShare: counters.faultsInjected / counters.total },
			seconds,
		});
		expect(errors.slice(0, 3)).toEqual([]);
		expect(counters.starts[startKey()]).toBe(RUNS);
		expect(startCallsFaulted).toBeGreaterThan(0);
	}

	it('Database Ingestion: Start and wait, faults on the starts too: every run succeeds, one start each', async () => {
		await startAndWaitRuns('informatica DBMI start+wait', 'informaticaIdmc', FAMILY.informaticaDbmi, () => `${FAMILY.informaticaDbmi}:15`, { resource: 'databaseIngestionJob', operation: 'start', jobId: '15' });
	});

	it('CData Sync: Execute and wait, faults on the starts too: every run succeeds, one start each', async () => {
		const job = cdataJob(env);
		await startAndWaitRuns('cdata sync execute+wait', 'cDataSync', FAMILY.cdataSync, () => `${FAMILY.cdataSync}:${job}`, { resource: 'job', operation: 'execute', job: rl(job) });
	});
});

/**
 * n8n's cancel while a status read of the wait is in flight, through WorkflowExecute against the sandbox. The read
 * the cancel cuts off is no failed status read: with "Max Failed Status Reads in a Row" at 1, or after earlier failed
 * reads, the wait still goes to its cancel path (one stop call, the item `cancelled`), not to "Could not read the
 * status…: canceled" with the run left going, as it did before the fix.
 */
import type { INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { FAMILY } from '../../../sandbox/core/constants';
import type { FaultMatch } from '../../../sandbox/core/faults';
import { cdataSyncCredential, informaticaCredential } from '../../harness/credentials';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv } from '../../harness/sandboxEnv';

const WAIT = { pollIntervalSeconds: 0.05, timeoutSeconds: 20 };

const env = useSandboxEnv({
	sandbox: { runTimeMs: 8000 },
	nodeTypes: [InformaticaIdmc, CDataSync],
	credentialTypes: [InformaticaIdmcApi, CDataSyncApi],
	credentials: (sandbox) => ({ informaticaIdmcApi: informaticaCredential(sandbox), cDataSyncApi: cdataSyncCredential(sandbox) }),
});

const cdataJob = () => (env.sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string; name: string }> }).jobs.find((j) => j.name === 'SalesforceToSnowflake')!.id;

const VENDORS: Array<{ name: string; type: string; startKey: () => string; start: () => INodeParameters; statusRead: FaultMatch }> = [
	{
		name: 'CData Sync Execute',
		type: 'cDataSync',
		startKey: () => `${FAMILY.cdataSync}:${cdataJob()}`,
		start: () => ({ resource: 'job', operation: 'execute', job: rl(cdataJob()) }),
		statusRead: { method: 'GET', path: '/status' },
	},
	{
		name: 'Database Ingestion Start',
		type: 'informaticaIdmc',
		startKey: () => `${FAMILY.informaticaDbmi}:15`,
		start: () => ({ resource: 'databaseIngestionJob', operation: 'start', jobId: '15', waitUntil: 'finished' }),
		statusRead: { method: 'GET', path: 'job/status' },
	},
];

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe.each(VENDORS.map((v) => [v.name, v] as const))('%s: cancel while a status read is in flight', (_name, v) => {
	const starts = () => env.sandbox.counters.snapshot().starts[v.startKey()] ?? 0;
	const stops = () => env.sandbox.counters.snapshot().stops[v.startKey()] ?? 0;

	it.each([
		['Max Failed Status Reads in a Row 1', 1, 0],
		['Max 3, after 2 failed reads in a row', 3, 2],
	])('%s: the cut-off read is no failed read; stopped once, the item reports cancelled', async (_case, max, failedBefore) => {
		let cancel!: () => void;
		const cancelWhen = new Promise<void>((resolve) => (cancel = resolve));
		const running = env.harness.runNode({
			type: v.type,
			parameters: { ...v.start(), waitForCompletion: true, waitOptions: { ...WAIT, maxConsecutivePollFailures: max } },
			cancelWhen,
		});
		await until(() => starts() >= 1, 10_000, 'the start');
		if (failedBefore) env.sandbox.faults.add({ match: v.statusRead, kind: 'status', status: 500, next: failedBefore });
		env.sandbox.faults.add({ match: v.statusRead, kind: 'slow', delayMs: 1500, next: 1 });
		await until(() => !env.sandbox.faults.list().some((f) => f.kind === 'slow'), 10_000, 'the slow status read');
		await new Promise((resolve) => setTimeout(resolve, 50));
		cancel();
		const result = await running;
		expect(result.run.status).toBe('canceled');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ outcome: 'cancelled', stoppedOnCancel: true, wait: { end: 'aborted', failedPolls: failedBefore } });
		expect(stops()).toBe(1);
	});
});

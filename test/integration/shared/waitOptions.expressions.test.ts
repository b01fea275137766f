/**
 * Wait options set by expressions that give nothing (undefined, null, ''): each falls back to its default, so the
 * wait keeps its deadline and its poll interval (an undefined timeout used to make the deadline NaN and the wait poll
 * hundreds of times a second). A Data Integration run of about 1 s.
 */
import type { INodeParameters } from 'n8n-workflow';

import * as dataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import { rl } from '../../harness/resourceLocator';
import { useInformaticaEnv } from '../informatica/setup';

const STATUS_READS = 'GET /saas/api/v2/activity/activityMonitor';

const start = (waitOptions: INodeParameters): INodeParameters => ({
	resource: 'dataIntegrationJob',
	operation: 'start',
	taskType: 'MTT',
	task: rl('0100000Z000009'),
	waitForCompletion: true,
	waitOptions,
});

describe('wait options from expressions that give nothing', () => {
	const env = useInformaticaEnv([dataIntegration], { runTimeMs: 1000 });
	const run = async (waitOptions: INodeParameters) => {
		const r = await env.harness.runNode({ type: 'informaticaIdmc', parameters: start(waitOptions), items: [{ nul: null, empty: '' }] });
		return { r, reads: env.sandbox.counters.snapshot().requests[STATUS_READS] ?? 0 };
	};

	it.each([
		['Timeout undefined', { pollIntervalSeconds: 0.5, timeoutSeconds: '={{ $json.missing }}' }],
		['Timeout null', { pollIntervalSeconds: 0.5, timeoutSeconds: '={{ $json.nul }}' }],
		['Timeout empty text', { pollIntervalSeconds: 0.5, timeoutSeconds: '={{ $json.empty }}' }],
		['Max Failed Status Reads null', { pollIntervalSeconds: 0.5, maxConsecutivePollFailures: '={{ $json.nul }}' }],
		['Waits at Once null', { pollIntervalSeconds: 0.5, maxConcurrentWaits: '={{ $json.nul }}' }],
	])('%s: the default applies, the run is waited for at the set interval', async (_what, waitOptions) => {
		const { r, reads } = await run(waitOptions);
		expect(r.error).toBeUndefined();
		expect(r.items[0].json.wait).toMatchObject({ end: 'finished', failedPolls: 0 });
		// About 1 s at 0.5 s: a handful of reads, not hundreds.
		expect(reads).toBeLessThan(10);
	});

	it.each([
		['undefined', '={{ $json.missing }}'],
		['null', '={{ $json.nul }}'],
	])('Poll Interval %s: the 10 s default applies (no tight polling)', async (_what, pollIntervalSeconds) => {
		// Timeout 0.3 s: with the 10 s default interval the wait ends on its deadline after one final read.
		const { r, reads } = await run({ pollIntervalSeconds, timeoutSeconds: 0.3, failOnJobFailure: false });
		expect(r.error).toBeUndefined();
		expect(r.items[0].json.wait).toMatchObject({ end: 'timeout' });
		expect(reads).toBeLessThan(4);
	});

	it('a Timeout that is not a number fails naming the field, before any start', async () => {
		const { r } = await run({ timeoutSeconds: '={{ "soon" }}' });
		expect(r.error?.message).toMatch(/Timeout \(Seconds\)/);
		expect(env.sandbox.counters.snapshot().requests['POST /saas/api/v2/job'] ?? 0).toBe(0);
	});
});

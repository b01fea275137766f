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
		const r = await env.harness.runNode({ type: 'informaticaIdmc', parameters: start(waitOptions), items: [{ nul: null, empty: '', blank: '  ' }] });
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
		['blank text', '={{ $json.blank }}'],
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

describe('yes/no options given as text by an expression', () => {
	const env = useInformaticaEnv([dataIntegration], { runTimeMs: 1000 });
	const STOPS = 'POST /saas/api/v2/job/stop';
	const run = async (parameters: INodeParameters) => {
		const r = await env.harness.runNode({ type: 'informaticaIdmc', parameters, items: [{ text: parameters.text }] });
		return { r, requests: env.sandbox.counters.snapshot().requests };
	};
	const timingOut = (cancelOnTimeout: string) => ({
		...start({ pollIntervalSeconds: 0.1, timeoutSeconds: 0.3, failOnJobFailure: false, cancelOnTimeout: '={{ $json.text }}' }),
		text: cancelOnTimeout,
	});

	it.each(['false', ' FALSE '])('Cancel on Timeout "%s" is off: the job is not stopped on timeout', async (text) => {
		const { r, requests } = await run(timingOut(text));
		expect(r.error).toBeUndefined();
		expect(r.items[0].json.wait).toMatchObject({ end: 'timeout', cancelledOnTimeout: false });
		expect(requests[STOPS] ?? 0).toBe(0);
	});

	it('Cancel on Timeout "True" is on: the job is stopped on timeout', async () => {
		const { r, requests } = await run(timingOut('True'));
		expect(r.error).toBeUndefined();
		expect(r.items[0].json.wait).toMatchObject({ end: 'timeout', cancelledOnTimeout: true });
		expect(requests[STOPS]).toBe(1);
	});

	it('Cancel on Timeout "no" fails naming the field, before the job is started', async () => {
		const { r, requests } = await run(timingOut('no'));
		expect(r.error?.message).toMatch(/Cancel on Timeout.*true or false/);
		expect(requests['POST /saas/api/v2/job'] ?? 0).toBe(0);
	});

	it('Wait for Completion "false" does not wait; "yes" fails naming the field', async () => {
		const off = await run({ ...start({}), waitForCompletion: '={{ $json.text }}', text: 'false' });
		expect(off.r.error).toBeUndefined();
		expect(off.r.items[0].json.wait).toBeUndefined();
		expect(off.requests[STATUS_READS] ?? 0).toBeLessThan(2);
		const bad = await run({ ...start({}), waitForCompletion: '={{ $json.text }}', text: 'yes' });
		expect(bad.r.error?.message).toMatch(/Wait for Completion.*true or false/);
	});

	it('Fail Item When Job Fails "false" lets a timed-out item pass on', async () => {
		const parameters = { ...start({ pollIntervalSeconds: 0.1, timeoutSeconds: 0.3, failOnJobFailure: '={{ $json.text }}' }), text: 'false' };
		const { r } = await run(parameters);
		expect(r.error).toBeUndefined();
		expect(r.items[0].json.wait).toMatchObject({ end: 'timeout' });
	});
});

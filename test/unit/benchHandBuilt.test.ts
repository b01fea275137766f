/**
 * The workflows of bench/hand-built/ as the benchmark (bench/sections/handBuilt.ts) relies on them: every connection
 * joins nodes that exist, the Webhook path and the node the bench times are where it looks for them, the poll
 * interval is where it sets it, and the hand-built HTTP Requests retry as a careful user sets them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FLOWS } from '../../bench/sections/handBuilt';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	retryOnFail?: boolean;
	maxTries?: number;
}
interface Workflow {
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'hand-built', file), 'utf8')) as Workflow;

describe.each(FLOWS.map((flow) => [flow.file, flow] as const))('bench/hand-built/%s', (file, flow) => {
	const workflow = read(file);
	const names = new Set(workflow.nodes.map((node) => node.name));

	test('every connection joins two nodes of the workflow; every node but the trigger has an input', () => {
		const targets = new Set<string>();
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const target of outputs.main.flat()) {
				expect(names).toContain(target.node);
				targets.add(target.node);
			}
		}
		expect(workflow.nodes.filter((node) => !targets.has(node.name)).map((node) => node.type)).toEqual(['n8n-nodes-base.webhook']);
	});

	test('the Webhook path and the timed node are the ones the bench uses', () => {
		const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
		expect(webhook?.parameters.path).toBe(flow.webhookPath);
		expect(names).toContain(flow.detector);
	});

	test('the poll interval sits where the bench sets it (one Wait node, or the package node wait options)', () => {
		const waits = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.wait');
		const packageWaits = workflow.nodes.filter((node) => (node.parameters.waitOptions as Record<string, unknown> | undefined)?.pollIntervalSeconds !== undefined);
		if (flow.side === 'hand-built') {
			expect(waits).toHaveLength(1);
			expect(waits[0].parameters).toMatchObject({ resume: 'timeInterval', amount: 10, unit: 'seconds' });
			const requests = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.httpRequest');
			expect(requests.length).toBeGreaterThanOrEqual(2);
			for (const request of requests) expect(request).toMatchObject({ retryOnFail: true, maxTries: 3 });
		} else {
			expect(waits).toHaveLength(0);
			expect(workflow.nodes).toHaveLength(2);
			expect(packageWaits).toHaveLength(1);
			expect(packageWaits[0].parameters.waitForCompletion).toBe(true);
		}
	});
});

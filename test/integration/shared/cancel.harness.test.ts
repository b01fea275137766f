/**
 * How n8n-core 2.41 cancels a running node, measured through WorkflowExecute (what n8n's Stop button and its
 * workflow timeout call): the node's promise runs on after the abort signal, a request sent afterwards through
 * httpRequestWithAuthentication is refused before it leaves (the execution's signal is bound to every request), and
 * one sent through contextOutlivingCancel reaches the server.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { MongoDbRelationalMigratorApi } from '../../../credentials/MongoDbRelationalMigratorApi.credentials';
import { migratorRequest } from '../../../nodes/MongoDbRelationalMigrator/transport';
import { contextOutlivingCancel } from '../../../nodes/shared/afterCancel';
import * as relationalMigrator from '../../../sandbox/families/relationalMigrator';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { N8nHarness } from '../../harness/n8n';

const seen: { abortedAt?: number; resumedAt?: number } = {};

/** A node that waits for the execution's cancel, then sends one request each way and reports what happened. */
class CancelProbe implements INodeType {
	description = {
		displayName: 'Cancel Probe',
		name: 'cancelProbe',
		group: ['transform'],
		version: 1,
		description: 'Probes n8n cancel behaviour',
		defaults: { name: 'Cancel Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'mongoDbRelationalMigratorApi', required: true }],
		properties: [],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const signal = this.getExecutionCancelSignal()!;
		await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));
		seen.abortedAt = Date.now();
		const attempt = async (ctx: IExecuteFunctions) =>
			await migratorRequest(ctx, { method: 'GET', url: '/project', retry: { maxRetries: 0 } }).then(
				() => 'sent',
				(error: Error) => `refused: ${error.message}`,
			);
		const bound = await attempt(this);
		const outliving = await attempt(contextOutlivingCancel(this));
		seen.resumedAt = Date.now();
		return [[{ json: { bound, outliving, signalAborted: signal.aborted } }]];
	}
}

describe("n8n's cancel, through WorkflowExecute", () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ runTimeMs: 50, families: [relationalMigrator] });
	});
	afterAll(() => sandbox.close());

	it('keeps the node running, refuses its requests, and lets the outliving context send one', async () => {
		const harness = new N8nHarness({
			nodeTypes: [CancelProbe],
			credentialTypes: [MongoDbRelationalMigratorApi],
			credentials: { mongoDbRelationalMigratorApi: { baseUrl: sandbox.url } },
		});
		sandbox.counters.reset();
		const cancelledAt = { t: 0 };
		const result = await harness.runNode({
			type: 'cancelProbe',
			parameters: {},
			cancelWhen: new Promise((resolve) => setTimeout(resolve, 200)).then(() => (cancelledAt.t = Date.now())),
		});
		const json = result.items[0]?.json;
		// The promise went on after the abort and its output reached the run data.
		expect(json?.signalAborted).toBe(true);
		expect(String(json?.bound)).toMatch(/^refused: /);
		expect(json?.outliving).toBe('sent');
		// Exactly one request reached the server: the outliving one.
		expect(sandbox.counters.snapshot().requests).toEqual({ 'GET /api/v1/project': 1 });
		expect(result.run.status).toBe('canceled');
		// eslint-disable-next-line no-console
		console.log(`cancel: bound request -> ${String(json?.bound)}; outliving request -> sent; node resumed ${seen.abortedAt! - cancelledAt.t} ms after cancel`);
	});
});

import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { runForEachItem } from '../../../nodes/shared/items';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: '1' } as INode;

function ctx(count: number, continueOnFail = false): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
		continueOnFail: () => continueOnFail,
		getNode: () => node,
	} as unknown as IExecuteFunctions;
}

describe('runForEachItem', () => {
	it('keeps order and pairing with bounded concurrency', async () => {
		let active = 0;
		let peak = 0;
		const out = await runForEachItem(
			ctx(10),
			async (i) => {
				active++;
				peak = Math.max(peak, active);
				await new Promise((r) => setImmediate(r));
				active--;
				return { i };
			},
			{ concurrency: 3 },
		);
		expect(out.map((o) => o.json.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(peak).toBe(3);
	});

	it('an operation may return several items per input, all paired with it', async () => {
		const out = await runForEachItem(ctx(2), async (i) => [{ a: i }, { b: i }]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('without continueOnFail, the error names its item and keeps its HTTP status', async () => {
		const error = await runForEachItem(ctx(3), async (i) => {
			if (i === 1) throw new NodeApiError(node, { message: 'nope' }, { message: 'Not found (404)', httpCode: '404' });
			return {};
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(1);
	});

	it('a plain Error becomes a NodeOperationError with the item index', async () => {
		const error = await runForEachItem(ctx(2), async (i) => {
			if (i === 1) throw new Error('bad');
			return {};
		}).catch((e) => e);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.context.itemIndex).toBe(1);
	});

	it('with continueOnFail, failed items become paired error items and the rest go on', async () => {
		const out = await runForEachItem(ctx(3, true), async (i) => {
			if (i === 1) throw new NodeApiError(node, { message: 'x' }, { message: 'Conflict (409): not deployed', httpCode: '409' });
			return { ok: i };
		});
		expect(out[1]).toMatchObject({ json: { error: 'Conflict (409): not deployed', httpCode: '409' }, pairedItem: { item: 1 } });
		expect(out[2].json).toEqual({ ok: 2 });
	});

	it('with the error output, the fields go under details so n8n routes the item there', async () => {
		const c = ctx(2, true);
		(c.getNode() as INode).onError = 'continueErrorOutput';
		const out = await runForEachItem(c, async (i) => {
			if (i === 0) throw new NodeApiError(node, { message: 'x' }, { message: 'Conflict (409): not deployed', httpCode: '409' });
			return { ok: i };
		});
		delete (node as INode).onError;
		expect(Object.keys(out[0].json).sort()).toEqual(['details', 'error']);
		expect(out[0].json.details).toMatchObject({ httpCode: '409' });
		expect(out[1].json).toEqual({ ok: 1 });
	});
});

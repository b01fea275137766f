/**
 * The Informatica IDMC node's Object > Look Up operation (v3 lookup), driven through n8n-core against the sandbox.
 */
import type { INodeParameters } from 'n8n-workflow';

import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import type { Sandbox } from '../../../sandbox/server';
import type { N8nHarness } from '../../harness/n8n';
import { useInformaticaEnv } from './setup';

describe('Informatica IDMC node: Object Look Up (through n8n-core, against the sandbox)', () => {
	let sandbox: Sandbox;
	let harness: N8nHarness;
	useInformaticaEnv([informaticaDataIntegration], { runTimeMs: 100, bind: (env) => ({ sandbox, harness } = env) });

	const lookUp = (parameters: INodeParameters, items?: Array<Record<string, string>>, continueOnFail = false) =>
		harness.runNode({ type: 'informaticaIdmc', parameters: { resource: 'object', operation: 'lookUp', ...parameters }, items, continueOnFail });

	it('looks up a task by path and type: its id is the federated task ID', async () => {
		const result = await lookUp({ lookUpBy: 'path', objectPath: 'Default/Sales/m_load_orders', objectType: 'MTT' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			id: 'jJGyAmd8Q8odiyvToQhhAQ',
			path: 'Default/Sales/m_load_orders',
			type: 'MTT',
			description: 'Sandbox MTT task',
			updatedBy: 'sandbox',
			updateTime: '2024-02-26T08:40:09.000Z',
		});
		const request = sandbox.requests().find((r) => r.path.endsWith('/lookup'))!;
		expect(request.body).toEqual({ objects: [{ path: 'Default/Sales/m_load_orders', type: 'MTT' }] });
		expect(request.headers['infa-session-id']).toBeDefined();
		expect(request.headers['icsessionid']).toBeUndefined();
	});

	it('looks up by id, and projects and folders by path, one item per input with pairing kept', async () => {
		const result = await lookUp({ lookUpBy: 'id', objectId: '={{ $json.id }}' }, [{ id: 'jJGyAmd8Q8odiyvToQhhAQ' }]);
		expect(result.items[0].json.path).toBe('Default/Sales/m_load_orders');
		const folder = await lookUp({ lookUpBy: 'path', objectPath: '={{ $json.p }}', objectType: 'FOLDER' }, [{ p: 'Finance/Warehouse' }, { p: 'Default/Sales/' }]);
		expect(folder.items.map((i) => [i.json.path, i.json.type, i.pairedItem])).toEqual([
			['Finance/Warehouse', 'Folder', { item: 0 }],
			['Default/Sales', 'Folder', { item: 1 }],
		]);
		const project = await lookUp({ lookUpBy: 'path', objectPath: 'Finance', objectType: 'PROJECT' });
		expect(project.items[0].json.type).toBe('Project');
	});

	it('an unknown object is a 404 with the v3 message; continue on fail keeps the other items', async () => {
		const result = await lookUp({ lookUpBy: 'id', objectId: '={{ $json.id }}' }, [{ id: 'jJGyAmd8Q8odiyvToQhhAQ' }, { id: 'doesNotExist' }], true);
		expect(result.items[0].json.type).toBe('MTT');
		expect(result.items[1].json).toMatchObject({ error: expect.stringContaining('Object with id doesNotExist not found'), httpCode: '404' });
		const failed = await lookUp({ lookUpBy: 'id', objectId: 'doesNotExist' });
		expect(failed.error?.description).toContain('Vendor code: APP_60003');
	});

	it('renews the session after a 401 with exactly one new login', async () => {
		await lookUp({ lookUpBy: 'path', objectPath: 'Finance', objectType: 'PROJECT' });
		await fetch(`${sandbox.url}/__sandbox/sessions/expire`, { method: 'POST' });
		const result = await lookUp({ lookUpBy: 'path', objectPath: 'Finance', objectType: 'PROJECT' });
		expect(result.error).toBeUndefined();
		expect(sandbox.counters.snapshot().logins).toBe(2);
		expect(sandbox.requests().filter((r) => r.status === 401)).toHaveLength(1);
	});
});

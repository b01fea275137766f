import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import { MongoDbRelationalMigrator } from '../../../nodes/MongoDbRelationalMigrator/MongoDbRelationalMigrator.node';
import { requiredId, resolvedParameter } from '../../../nodes/shared/parameters';

const node = { name: 'Test', type: 't', typeVersion: 1, position: [0, 0], id: '1' } as Omit<INode, 'parameters'>;

/** A context that counts getNodeParameter reads and resolves "={{ x }}" to "x resolved for item i". */
function ctx(parameters: Record<string, unknown>) {
	const reads: string[] = [];
	let copies = 0;
	const context = {
		getNode: () => {
			copies++;
			return { ...node, parameters: JSON.parse(JSON.stringify(parameters)) };
		},
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown, options?: Record<string, unknown>) => {
			reads.push(name);
			readOptions.push(options);
			const resolve = (v: unknown) => (typeof v === 'string' && v.startsWith('=') ? `${v.slice(1)} resolved for item ${itemIndex}` : v);
			const value = name in parameters ? parameters[name] : fallback;
			// As n8n does: a locator comes back as {__rl, mode, value} with its value resolved (extractValue would unwrap it).
			if (value && typeof value === 'object' && 'value' in value) return { ...value, value: resolve((value as { value: unknown }).value) };
			return resolve(value);
		},
	} as unknown as IExecuteFunctions;
	const readOptions: unknown[] = [];
	return { context, reads, readOptions, copies: () => copies };
}

describe('resolvedParameter', () => {
	it('takes a plain text, number or boolean as set, without asking n8n, and copies the node once per run', () => {
		const { context, reads, copies } = ctx({ waitForCompletion: false, limit: 5, jobId: 'job-1' });
		for (let i = 0; i < 3; i++) {
			expect(resolvedParameter(context, i, 'waitForCompletion', true)).toBe(false);
			expect(resolvedParameter(context, i, 'limit', 50)).toBe(5);
			expect(resolvedParameter(context, i, 'jobId', '', true)).toBe('job-1');
		}
		expect(reads).toEqual([]);
		expect(copies()).toBe(1);
	});

	it('resolves an expression once per item, and a parameter that is not set (hidden) falls back through n8n', () => {
		const { context, reads } = ctx({ jobId: '={{ $json.id }}' });
		expect(resolvedParameter(context, 0, 'jobId', '')).toBe('{{ $json.id }} resolved for item 0');
		expect(resolvedParameter(context, 0, 'jobId', '')).toBe('{{ $json.id }} resolved for item 0');
		// The extracted read of a value that resolved to text is that text: no second resolution.
		expect(resolvedParameter(context, 0, 'jobId', '', true)).toBe('{{ $json.id }} resolved for item 0');
		expect(resolvedParameter(context, 1, 'jobId', '')).toBe('{{ $json.id }} resolved for item 1');
		expect(resolvedParameter(context, 0, 'waitForCompletion', false)).toBe(false);
		expect(reads).toEqual(['jobId', 'jobId', 'waitForCompletion']);
	});

	it('a locator is resolved through n8n once (its value extracted here), a nested name too', () => {
		const { context, reads, readOptions } = ctx({ jobId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, 'waitOptions.x': 1 });
		expect(requiredId(context, 0, 'jobId', 'Job ID')).toBe('{{ $json.id }} resolved for item 0');
		// The locator as set and its extracted value come from the one read.
		expect(resolvedParameter(context, 0, 'jobId', '')).toEqual({ __rl: true, mode: 'id', value: '{{ $json.id }} resolved for item 0' });
		expect(resolvedParameter(context, 0, 'jobId', '', true)).toBe('{{ $json.id }} resolved for item 0');
		expect(resolvedParameter(context, 0, 'waitOptions.x', 0)).toBe(1);
		expect(reads).toEqual(['jobId', 'waitOptions.x']);
		// n8n's schema check is skipped (it converts only for validateType, which no property declares: see below).
		expect(readOptions).toEqual([{ skipValidation: true }, { skipValidation: true }]);
	});
});

/**
 * The shortcut above is only what n8n does when no property asks n8n to convert or extract a plain value: a property
 * with `validateType` (n8n converts "5" to 5) or `extractValue` (a regex) would be read differently.
 */
describe('no property asks n8n to convert a plain value', () => {
	function walk(properties: readonly unknown[], found: string[], path: string): void {
		for (const p of properties as Array<INodeProperties & { values?: unknown[] }>) {
			if (!p || typeof p !== 'object') continue;
			const here = `${path}/${String(p.name)}`;
			if ('validateType' in p || 'extractValue' in p) found.push(here);
			// n8n checks (resource mapper) or runs (filter) these on every read: resolvedParameter skips that.
			if (p.type === 'resourceMapper' || p.type === 'filter') found.push(`${here} (${p.type})`);
			if (Array.isArray(p.options)) walk(p.options, found, here);
			if (Array.isArray(p.values)) walk(p.values, found, here);
			// A locator mode's extractValue regex: n8n would hand on the match, resolvedParameter the whole value.
			if (Array.isArray(p.modes)) walk(p.modes, found, `${here} mode`);
		}
	}
	it.each([
		['CData Sync', new CDataSync()],
		['Informatica IDMC', new InformaticaIdmc()],
		['Relational Migrator', new MongoDbRelationalMigrator()],
	])('%s', (_name, nodeType) => {
		const found: string[] = [];
		walk(nodeType.description.properties, found, '');
		expect(found).toEqual([]);
	});
});

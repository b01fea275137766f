import type { OperationModule } from '../../../nodes/shared/operations';
import { resourceDescription } from '../../../nodes/shared/operations';

const op = (name: string): OperationModule => ({
	description: [{ displayName: name, name, type: 'string', default: '' }],
	execute: async () => ({}),
});

const dropdown = { displayName: 'Operation', name: 'operation', type: 'options' as const, noDataExpression: true };

describe('a resource\'s Operation dropdown and its operations object', () => {
	it('gives the dropdown, then each operation\'s parameters in the operations object\'s order', () => {
		const description = resourceDescription({ get: op('a'), list: op('b') }, {
			...dropdown,
			default: 'get',
			options: [
				{ name: 'Get', value: 'get' },
				{ name: 'List', value: 'list' },
			],
		});
		expect(description.map((p) => p.name)).toEqual(['operation', 'a', 'b']);
	});

	it('refuses an operation file the dropdown does not offer', () => {
		expect(() => resourceDescription({ get: op('a'), list: op('b') }, { ...dropdown, default: 'get', options: [{ name: 'Get', value: 'get' }] })).toThrow(
			'Operation dropdown misses list',
		);
	});

	it('does not compile a dropdown value without an operation file', () => {
		const build = () =>
			resourceDescription({ get: op('a') }, {
				...dropdown,
				default: 'get',
				// @ts-expect-error "delete" has no operation file
				options: [{ name: 'Get', value: 'get' }, { name: 'Delete', value: 'delete' }],
			});
		expect(build).not.toThrow();
	});
});

/**
 * nodes/ and credentials/ use at run time only names that the n8n-workflow of every supported n8n line exports:
 * n8n loads a community package against its own n8n-workflow. The lists of n8n 1.123.81 (n8n-workflow 1.120.31) and
 * 2.41.1 (2.41.0) are recorded in test/fixtures/n8n-workflow-exports.json from the real installs
 * (`npx ts-node --transpile-only scripts/n8n/workflowExports.ts --write`); the e2e suite checks the live ones too.
 */
import { LINE_IDS, LINES } from '../../scripts/n8n/lines';
import { exportsOfFolder, missingExports, runtimeImports, type RecordedExports } from '../../scripts/n8n/workflowExports';

const recorded = require('../fixtures/n8n-workflow-exports.json') as RecordedExports;
const used = runtimeImports();

describe('n8n-workflow names used at run time, on every n8n line', () => {
	test('the scan finds the names the nodes do use (and no type-only import)', () => {
		expect([...used.keys()]).toEqual(expect.arrayContaining(['NodeOperationError', 'NodeApiError', 'sleep']));
		expect(used.has('INodeType')).toBe(false);
		expect(used.has('IExecuteFunctions')).toBe(false);
	});

	test('every line has a recorded export list of the n8n version it tests', () => {
		for (const id of LINE_IDS) expect(recorded[id]?.n8nVersion).toBe(LINES[id].n8nVersion);
	});

	test.each(LINE_IDS)('line %s: every name is exported by its n8n-workflow', (id) => {
		expect(missingExports(used, recorded[id].exports)).toEqual([]);
	});

	test('the n8n-workflow the package builds against exports every name too', () => {
		expect(missingExports(used, exportsOfFolder(require('path').dirname(require.resolve('n8n-workflow/package.json'))).exports)).toEqual([]);
	});

	test('a name one line dropped is caught, with the files that use it', () => {
		const withDropped = new Map([...used, ['sleepWithAbort', ['nodes/shared/example.ts']]]);
		expect(missingExports(withDropped, recorded['2'].exports)).toEqual([{ name: 'sleepWithAbort', files: ['nodes/shared/example.ts'] }]);
		expect(missingExports(withDropped, recorded['1'].exports)).toEqual([]);
	});
});

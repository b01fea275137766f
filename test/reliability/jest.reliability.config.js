/**
 * Reliability scenarios (issue 8): npm run test:reliability. Each scenario drives the nodes through n8n-core against
 * an in-process sandbox with fault injection, prints its figures and appends them to test-output/reliability.json.
 * Scenarios run one at a time, in file-name order (1 to 8); the global setup starts a capture run of the integration
 * suite in the background, which scenario 8 scans for secrets together with everything the scenarios captured.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability'],
	testMatch: ['<rootDir>/test/reliability/**/*.reliability.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
	},
	setupFiles: ['<rootDir>/test/setupEnv.js', '<rootDir>/test/reliability/captureSetup.ts'],
	globalSetup: '<rootDir>/test/reliability/globalSetup.ts',
	globalTeardown: '<rootDir>/test/reliability/globalTeardown.ts',
	testSequencer: '<rootDir>/test/reliability/sequencer.js',
	maxWorkers: 1,
	testTimeout: 300_000,
};

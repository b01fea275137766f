/**
 * End-to-end tests against a real n8n 2.41.1 (scripts/n8n): npx jest --config test/e2e/jest.e2e.config.js
 * The first run installs n8n into .cache/ (about 5 minutes); later runs reuse it.
 * The package tests need a built dist/ (npm run build); the editor tests need /usr/bin/chromium.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	// One n8n at a time: each boots a 2.9 GB install and a SQLite database.
	maxWorkers: 1,
	testTimeout: 300_000,
	slowTestThreshold: 60,
};

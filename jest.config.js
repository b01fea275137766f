/** Unit and integration tests (npm test). End-to-end tests against a real n8n live in test/e2e and run with npm run test:e2e. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/sandbox'],
	testMatch: ['**/test/unit/**/*.test.ts', '**/test/integration/**/*.test.ts', '**/sandbox/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
	},
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/setupEnv.js'],
};

/**
 * The package in n8n 2.41.1 queue mode (scripts/n8n/queue.ts): Postgres 15, Redis, a main, two workers and a webhook
 * processor on 127.0.0.1, started and stopped by the suite. `npm run test:queue` (hold `flock /work/wt/_brief/n8n.lock`
 * on the shared machines). Needs a built dist/.
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/queue/globalSetup.ts',
	globalTeardown: '<rootDir>/test/queue/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 300_000,
	slowTestThreshold: 120,
};

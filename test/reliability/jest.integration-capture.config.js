/**
 * The integration suite again, with the harness's capture on (CAPTURE_FILE, set by globalSetup.ts) and the
 * reliability secrets swapped in, so scenario 8 can scan everything it showed for leaked secrets.
 */
const base = require('../../jest.config.js');

module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/integration'],
	testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
	setupFiles: [...base.setupFiles, '<rootDir>/test/reliability/captureSetup.ts'],
};

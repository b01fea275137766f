/**
 * Clears the previous run's figures and captures, then starts the integration suite in the background with capture
 * on (one worker, so the scenarios keep the other core). Scenario 8 waits for it and scans what it captured.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { INTEGRATION_CAPTURE_FILE, INTEGRATION_DONE_FILE, INTEGRATION_LOG_FILE, OUTPUT_DIR } from './paths';

export default async function globalSetup(): Promise<void> {
	fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
	fs.mkdirSync(OUTPUT_DIR, { recursive: true });
	const root = path.resolve(__dirname, '../..');
	const started = Date.now();
	const log = fs.openSync(INTEGRATION_LOG_FILE, 'w');
	const child = spawn(
		process.execPath,
		[require.resolve('jest/bin/jest'), '--config', 'test/reliability/jest.integration-capture.config.js', '--maxWorkers=1', '--ci'],
		{ cwd: root, env: { ...process.env, CAPTURE_FILE: INTEGRATION_CAPTURE_FILE }, stdio: ['ignore', log, log] },
	);
	child.on('exit', (code, signal) => {
		fs.writeFileSync(INTEGRATION_DONE_FILE, JSON.stringify({ exitCode: code, signal, seconds: (Date.now() - started) / 1000 }));
	});
	(globalThis as { reliabilityIntegrationRun?: typeof child }).reliabilityIntegrationRun = child;
}

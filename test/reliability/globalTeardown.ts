/** Writes test-output/reliability.json from the figures the scenarios printed, and stops a background run left over. */
import * as fs from 'node:fs';

import { FIGURES_FILE, REPORT_FILE } from './paths';

export default async function globalTeardown(): Promise<void> {
	const child = (globalThis as { reliabilityIntegrationRun?: import('node:child_process').ChildProcess }).reliabilityIntegrationRun;
	if (child && child.exitCode === null && child.pid) child.kill();
	const figures = fs.existsSync(FIGURES_FILE)
		? fs.readFileSync(FIGURES_FILE, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)
		: [];
	fs.writeFileSync(REPORT_FILE, `${JSON.stringify({ generatedAt: new Date().toISOString(), figures }, null, 2)}\n`);
	process.stdout.write(`\n[reliability] ${figures.length} figures written to test-output/reliability.json\n`);
}

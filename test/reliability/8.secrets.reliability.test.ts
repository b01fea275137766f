/**
 * Scenario 8: no password, auth token, session ID or connection-string password appears in anything a user or a log
 * sees. Scans everything captured (node outputs, errors with descriptions, poll results) by scenarios 1-7 and by a
 * capture run of the whole integration suite (started by globalSetup.ts), plus the integration run's console output
 * and the sandbox log lines, for every secret used anywhere.
 */
import * as fs from 'node:fs';

import { CDATA_SYNC, INFORMATICA } from '../../sandbox/core/constants';
import { SECRETS as RM_INTEGRATION_SECRETS, MONGO_URI as RM_INTEGRATION_URI } from '../integration/relationalMigrator/setup';
import { INTEGRATION_CAPTURE_FILE, INTEGRATION_DONE_FILE, INTEGRATION_LOG_FILE, LOG_FILE, SCENARIO_CAPTURE_FILE, SESSION_IDS_FILE } from './paths';
import { RELIABILITY_SECRETS, RM_MONGO_URI, RM_SECRETS } from './secrets';
import { figure, printFigures } from './support';

const WAIT_FOR_INTEGRATION_MS = 8 * 60_000;

async function integrationRun(): Promise<{ exitCode: number | null; seconds: number } | undefined> {
	const end = Date.now() + WAIT_FOR_INTEGRATION_MS;
	while (!fs.existsSync(INTEGRATION_DONE_FILE)) {
		if (Date.now() > end) return undefined;
		await new Promise((r) => setTimeout(r, 500));
	}
	return JSON.parse(fs.readFileSync(INTEGRATION_DONE_FILE, 'utf8')) as { exitCode: number | null; seconds: number };
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

describe('8 secrets: no secret in any output, error, poll result or log line', () => {
	afterAll(() => printFigures());

	it('scans everything captured for every secret used', async () => {
		const started = Date.now();
		const run = await integrationRun();
		expect(run).toBeDefined();

		const sessionIds = [...new Set(read(SESSION_IDS_FILE).split('\n').filter((l) => l.trim().length >= 16))];
		const basic = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');
		const secrets: Array<[string, string]> = [
			['informatica password', RELIABILITY_SECRETS.informaticaPassword],
			['cdata token', RELIABILITY_SECRETS.cdataToken],
			['cdata Basic header', basic(CDATA_SYNC.user, RELIABILITY_SECRETS.cdataToken)],
			['original cdata token', 'sandbox-token'],
			['rm jdbc password', RM_SECRETS.jdbcPassword],
			['rm mongo password', RM_SECRETS.mongoPassword],
			['rm mongo uri', RM_MONGO_URI],
			...Object.entries(RM_INTEGRATION_SECRETS).map(([k, v]) => [`rm integration ${k}`, v] as [string, string]),
			['rm integration mongo uri', RM_INTEGRATION_URI],
			...sessionIds.map((id) => ['informatica session id', id] as [string, string]),
		];
		// The sandbox's original Informatica password equals the user name ("sandbox"): only its key-value forms are secret.
		const patterns: Array<[string, RegExp]> = [['original informatica password as a value', /"password"\s*:\s*"sandbox"|password=sandbox\b|:sandbox@/i]];
		expect(INFORMATICA.password).toBe(RELIABILITY_SECRETS.informaticaPassword);

		const sources: Array<[string, string]> = [
			['scenario captures', read(SCENARIO_CAPTURE_FILE)],
			['integration captures', read(INTEGRATION_CAPTURE_FILE)],
			['integration console output', read(INTEGRATION_LOG_FILE)],
			['sandbox log lines', read(LOG_FILE)],
		];
		const leaks: string[] = [];
		let records = 0;
		let bytes = 0;
		for (const [source, text] of sources) {
			const lines = text.split('\n').filter(Boolean);
			records += lines.length;
			bytes += Buffer.byteLength(text);
			for (const [name, secret] of secrets) {
				const at = text.indexOf(secret);
				if (at >= 0) leaks.push(`${name} in ${source}: …${text.slice(Math.max(0, at - 80), at).replace(secret, '<secret>')}<secret>…`);
			}
			for (const [name, pattern] of patterns) if (pattern.test(text)) leaks.push(`${name} in ${source}`);
		}
		const captured = (file: string) => read(file).split('\n').filter(Boolean).length;
		figure({
			scenario: 8,
			title: 'secrets',
			subject: 'whole suite',
			values: {
				records,
				bytes,
				scenarioRecords: captured(SCENARIO_CAPTURE_FILE),
				integrationRecords: captured(INTEGRATION_CAPTURE_FILE),
				integrationExit: String(run?.exitCode),
				secretsLookedFor: secrets.length + patterns.length,
				sessionIds: sessionIds.length,
				leaks: leaks.length,
			},
			seconds: (Date.now() - started) / 1000,
		});
		expect(captured(SCENARIO_CAPTURE_FILE)).toBeGreaterThan(1000);
		expect(captured(INTEGRATION_CAPTURE_FILE)).toBeGreaterThan(100);
		expect(sessionIds.length).toBeGreaterThan(50);
		expect(leaks).toEqual([]);
	});
});

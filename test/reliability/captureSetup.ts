/**
 * Runs before every test file of the reliability run and of its background integration run:
 * - swaps the sandbox's Informatica password and CData token for distinctive ones (see secrets.ts);
 * - turns on the harness's capture (CAPTURE_FILE) unless the caller chose a file;
 * - records every Informatica session ID a sandbox issues, for the secret scan.
 */
import * as fs from 'node:fs';

import { CDATA_SYNC, INFORMATICA } from '../../sandbox/core/constants';
import { SessionStore } from '../../sandbox/core/sessions';
import { OUTPUT_DIR, SCENARIO_CAPTURE_FILE, SESSION_IDS_FILE } from './paths';
import { RELIABILITY_SECRETS } from './secrets';

fs.mkdirSync(OUTPUT_DIR, { recursive: true });
(INFORMATICA as { password: string }).password = RELIABILITY_SECRETS.informaticaPassword;
(CDATA_SYNC as { token: string }).token = RELIABILITY_SECRETS.cdataToken;
process.env.CAPTURE_FILE = process.env.CAPTURE_FILE || SCENARIO_CAPTURE_FILE;

const sessionsFile = process.env.SESSION_IDS_FILE || SESSION_IDS_FILE;
const create = SessionStore.prototype.create;
SessionStore.prototype.create = function recordingCreate(this: SessionStore) {
	const session = create.call(this);
	fs.appendFileSync(sessionsFile, `${session.id}\n`);
	return session;
};

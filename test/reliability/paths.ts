import * as path from 'node:path';

/** Where the reliability run writes its figures and captures (test-output/ is not committed). */
export const OUTPUT_DIR = path.resolve(__dirname, '../../test-output/reliability');
/** One JSON line per figure, as each scenario prints it; the global teardown turns it into reliability.json. */
export const FIGURES_FILE = path.join(OUTPUT_DIR, 'figures.jsonl');
export const REPORT_FILE = path.resolve(__dirname, '../../test-output/reliability.json');
/** Everything the reliability scenarios' runs showed (outputs, errors, polls): the harness's capture(). */
export const SCENARIO_CAPTURE_FILE = path.join(OUTPUT_DIR, 'capture-scenarios.jsonl');
/** The same for the integration suite, run again in the background with capture on. */
export const INTEGRATION_CAPTURE_FILE = path.join(OUTPUT_DIR, 'capture-integration.jsonl');
export const INTEGRATION_LOG_FILE = path.join(OUTPUT_DIR, 'integration-run.log');
/** Written when the background integration run ends: {exitCode, seconds}. */
export const INTEGRATION_DONE_FILE = path.join(OUTPUT_DIR, 'integration-run.done.json');
/** Every Informatica session ID any sandbox issued in either run, one a line. */
export const SESSION_IDS_FILE = path.join(OUTPUT_DIR, 'session-ids.txt');
/** Log lines of the scenarios' own runs (n8n-core logger output and anything the test code logs). */
export const LOG_FILE = path.join(OUTPUT_DIR, 'log-lines.txt');

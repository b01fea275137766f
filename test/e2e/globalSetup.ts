import * as path from 'path';
import { ensureChromium } from '../../scripts/n8n/chromium';
import { installN8n } from '../../scripts/n8n/install';

const EDITOR_TEST = path.join(__dirname, 'editor.e2e.test.ts');

/** Whether this run selects the editor test (no path pattern: every test). */
function runsEditorTest(globalConfig: { testPathPattern?: string }): boolean {
	const pattern = globalConfig.testPathPattern;
	if (!pattern) return true;
	try {
		return new RegExp(pattern, 'i').test(EDITOR_TEST);
	} catch {
		return true;
	}
}

/**
 * What the e2e tests need, before any of them: Chromium for the editor test (apt-get when this user may, else one
 * line with the command), then n8n (a no-op of a few milliseconds when the install folder already has it).
 */
export default function globalSetup(globalConfig: { testPathPattern?: string }): void {
	if (runsEditorTest(globalConfig)) ensureChromium();
	installN8n();
}

/**
 * The n8n editor in headless Chromium (/usr/bin/chromium): sign in as the owner, open a new workflow, find each
 * node of editorChecks.ts in the nodes panel with its icon, and open its parameters panel without an error.
 * Screenshots: test-output/screenshots/.
 */
import type { Browser } from 'playwright-core';
import { Editor, EditorNodeCheck, launchChromium } from '../../scripts/n8n/editor';
import { createInstance, N8nInstance, packPackage, PackedPackage, removePacked } from '../../scripts/n8n/n8n';
import { assertDistBuilt, builtPackage } from './builtPackage';
import { builtInChecks, packageChecks } from './editorChecks';
import { lineLabel } from '../../scripts/n8n/lines';

describe(`the ${lineLabel()} editor in headless Chromium`, () => {
	let n8n: N8nInstance;
	let packed: PackedPackage | undefined;
	let browser: Browser;
	let editor: Editor;

	beforeAll(async () => {
		assertDistBuilt();
		packed = packPackage();
		n8n = await createInstance({ packTgz: packed });
		await n8n.start();
		browser = await launchChromium();
		editor = await Editor.open(browser, n8n);
		const started = Date.now();
		await editor.login();
		console.log(`editor sign-in: ${Date.now() - started} ms`);
	});

	afterAll(async () => {
		await editor?.close().catch(() => undefined);
		await browser?.close().catch(() => undefined);
		await n8n?.dispose();
		removePacked(packed);
	});

	const checks: Array<[string, EditorNodeCheck, 'built-in' | 'package']> = [
		...builtInChecks.map((check) => [check.search, check, 'built-in'] as [string, EditorNodeCheck, 'built-in']),
		...packageChecks.map((check) => [check.search, check, 'package'] as [string, EditorNodeCheck, 'package']),
	];

	test.each(checks)('%s: found with its icon, parameters panel renders', async (_name, check, origin) => {
		if (origin === 'package' && builtPackage().missingFiles.length > 0) {
			throw new Error(`the package cannot load yet (dist/ lacks ${builtPackage().missingFiles.join(', ')})`);
		}
		const started = Date.now();
		const pageErrorsBefore = editor.pageErrors.length;
		const result = await editor.checkNode(check);
		console.log(`editor check "${check.search}": ${Date.now() - started} ms, icon ${result.iconSource}, ` +
			`actions ${JSON.stringify(result.actions)}, parameters ${JSON.stringify(result.parameters)}`);

		expect(result.iconSource).toBeTruthy();
		expect(result.parameters.length).toBeGreaterThan(0);
		expect(editor.pageErrors.slice(pageErrorsBefore)).toEqual([]);
	});
});

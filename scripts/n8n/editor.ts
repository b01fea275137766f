/**
 * Drives the n8n editor of an N8nInstance (see ./n8n.ts) in headless Chromium from Debian (/usr/bin/chromium),
 * through playwright-core. The selectors are the editor's data-test-id attributes of n8n 2.41.1 (checked in
 * n8n-editor-ui/dist and in n8n's own Playwright page objects, packages/testing/playwright/pages).
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, selectors, Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CHROMIUM_PATH, ensureChromium } from './chromium';
import { N8nInstance, OWNER, repoRoot } from './n8n';

export { CHROMIUM_PATH } from './chromium';
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');

/** One node to look for in the editor. */
export interface EditorNodeCheck {
	/** What the user types into the nodes panel, e.g. 'Informatica IDMC'. */
	search: string;
	/** The item's name in the result list, when it differs from `search`. */
	itemName?: string;
	/**
	 * Action labels the node's actions panel must list after clicking the node (e.g. 'Start a job').
	 * Empty or omitted: the node has no actions panel and clicking it opens its parameters directly.
	 */
	expectActions?: string[];
	/** Which action to open the parameters with; default: the first of expectActions. */
	openAction?: string;
	/** Parameter labels the parameters panel must show (e.g. 'URL'). */
	expectParameters?: string[];
}

export interface EditorNodeResult {
	search: string;
	iconSource: string;
	actions: string[];
	parameters: string[];
	screenshots: string[];
}

export async function launchChromium(): Promise<Browser> {
	ensureChromium();
	// n8n marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		timeout: 60_000,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-dev-shm-usage',
		],
	});
}

function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The editor of one running instance, logged in as the owner, with the page's own errors recorded. */
export class Editor {
	readonly pageErrors: string[] = [];
	readonly failedRequests: string[] = [];

	private constructor(
		readonly n8n: N8nInstance,
		readonly context: BrowserContext,
		readonly page: Page,
	) {}

	static async open(browser: Browser, n8n: N8nInstance): Promise<Editor> {
		const context = await browser.newContext({
			baseURL: n8n.baseUrl,
			viewport: { width: 1600, height: 1000 },
			// Everything the page asks for beyond this instance stays unanswered: no internet in CI.
			serviceWorkers: 'block',
		});
		context.setDefaultTimeout(30_000);
		context.setDefaultNavigationTimeout(60_000);
		await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
		const page = await context.newPage();
		const editor = new Editor(n8n, context, page);
		page.on('pageerror', (error) => editor.pageErrors.push(error.message));
		page.on('response', (response) => {
			if (response.status() >= 500 && response.url().startsWith(n8n.baseUrl)) {
				editor.failedRequests.push(`${response.status()} ${response.url()}`);
			}
		});
		return editor;
	}

	async close(): Promise<void> {
		await this.context.close();
	}

	async screenshot(name: string): Promise<string> {
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
		await this.page.screenshot({ path: file, fullPage: false, timeout: 30_000 });
		return file;
	}

	/** The sign-in form, as a user would fill it. */
	async login(): Promise<void> {
		await this.page.goto('/signin');
		await this.page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await this.page.getByTestId('password').locator('input').fill(OWNER.password);
		await this.page.getByTestId('form-submit-button').click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	}

	/** A new, empty workflow on the canvas. */
	async newWorkflow(): Promise<void> {
		await this.page.goto('/workflow/new');
		await this.page.getByTestId('canvas-add-button').or(this.page.getByTestId('canvas-plus-button')).first().waitFor();
	}

	/** Opens the nodes panel with its plus button. */
	async openNodesPanel(): Promise<Locator> {
		const root = this.page.getByTestId('node-creator');
		if (!(await root.isVisible())) await this.page.getByTestId('node-creator-plus-button').click();
		await root.waitFor({ state: 'visible' });
		return root;
	}

	async closePanels(): Promise<void> {
		for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
	}

	/** Searches the nodes panel and returns the result item named `itemName`. */
	async searchNode(search: string, itemName = search): Promise<Locator> {
		const root = await this.openNodesPanel();
		await (await this.searchInput()).fill(search);
		// Nodes with actions are 'node-creator-action-item', the others 'node-creator-node-item': match the name.
		const item = root
			.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="node"]')
			.filter({ has: this.page.getByTestId('node-creator-item-name').getByText(itemName, { exact: true }) })
			.first();
		await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
			const names = await root.getByTestId('node-creator-item-name').allInnerTexts();
			throw new Error(`"${search}": no node named "${itemName}" in the nodes panel; it lists: ${names.join(', ') || '(nothing)'}`);
		});
		return item;
	}

	/** The icon of a nodes-panel item must have rendered: a loaded <img> or an inline <svg> with a size. */
	async iconOf(item: Locator): Promise<string> {
		const image = item.locator('img').first();
		if ((await image.count()) > 0) {
			await image.waitFor({ state: 'visible' });
			// Runs in the page; typed structurally because this project compiles without the DOM library.
			const { source, width } = await image.evaluate((element) => {
				const img = element as unknown as { currentSrc: string; src: string; complete: boolean; naturalWidth: number };
				return { source: img.currentSrc || img.src, width: img.complete ? img.naturalWidth : 0 };
			});
			if (!width) throw new Error(`icon ${source} did not load`);
			return source;
		}
		const svg = item.locator('svg').first();
		if ((await svg.count()) === 0) throw new Error('the item has no icon (neither <img> nor <svg>)');
		const box = await svg.boundingBox();
		if (!box || box.width === 0) throw new Error('the item icon <svg> has no size');
		return 'inline svg';
	}

	private actionItems(): Locator {
		return this.page.getByTestId('node-creator').locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]');
	}

	/** The nodes panel's search input. */
	private async searchInput(): Promise<Locator> {
		const searchBar = this.page.getByTestId('node-creator').getByTestId('node-creator-search-bar');
		return (await searchBar.evaluate((element) => element.tagName)) === 'INPUT' ? searchBar : searchBar.locator('input');
	}

	/** Opens every collapsed section of the actions panel (e.g. "Triggers"). */
	private async openCollapsedSections(): Promise<void> {
		const root = this.page.getByTestId('node-creator');
		const collapsed = root.locator('[data-category-collapsed="true"]').getByTestId('node-creator-category-item');
		for (let i = await collapsed.count(); i > 0; i--) await collapsed.first().click();
	}

	/**
	 * The action item labelled exactly `label` in the actions panel (shown after clicking a node that has actions),
	 * or undefined when it does not show up within timeoutMs. n8n renders a list of over 20 items five per animation
	 * frame (ItemsRenderer's lazyRender): so this types the label into the panel's search when the panel has one, and
	 * waits for the item itself, scrolling the last rendered item into view meanwhile, instead of reading a list that
	 * may not be complete yet.
	 */
	async findAction(label: string, timeoutMs = 20_000): Promise<Locator | undefined> {
		const input = await this.actionSearchInput();
		await input?.fill(label);
		const item = this.actionItems().filter({ has: this.page.getByText(label, { exact: true }) }).first();
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			await this.openCollapsedSections();
			if ((await item.count()) > 0) {
				await item.scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => undefined);
				if (await item.isVisible()) return item;
			} else if ((await this.actionItems().count()) > 0) {
				// The list is rendered lazily: bring the rest of it into view.
				await this.actionItems().last().scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => undefined);
			}
			await this.page.waitForTimeout(250);
		}
		return undefined;
	}

	/**
	 * The search input of a node's actions panel. n8n 1.x shows a community node's actions in a details view without
	 * one (its list is read whole, scrolled); 2.x keeps the nodes panel's search there.
	 */
	private async actionSearchInput(): Promise<Locator | undefined> {
		const searchBar = this.page.getByTestId('node-creator').getByTestId('node-creator-search-bar');
		return (await searchBar.count()) > 0 ? await this.searchInput() : undefined;
	}

	/** Labels the actions panel shows right now (first lines of the rendered action items). */
	async visibleActionLabels(): Promise<string[]> {
		return (await this.actionItems().allInnerTexts()).map((text) => text.split('\n')[0].trim()).filter(Boolean);
	}

	/** Waits for the parameters panel and fails if it shows an error instead of parameters. */
	async parametersPanel(): Promise<{ labels: string[] }> {
		const ndv = this.page.getByTestId('ndv');
		await ndv.waitFor({ state: 'visible', timeout: 30_000 });
		const parameters = ndv.getByTestId('node-parameters');
		await parameters.waitFor({ state: 'visible', timeout: 30_000 });
		// n8n's own messages for a node type it cannot load (nodeSettings.nodeTypeUnknown / communityNodeUnknown).
		const text = await ndv.innerText();
		const problem = /This node is not currently installed|Install this node to use it|invalid structure/.exec(text);
		if (problem) throw new Error(`the parameters panel shows "${problem[0]}": ${text.slice(0, 300)}`);
		// The visible labels of the Parameters tab, first line only (the rest is the Fixed/Expression toggle).
		const texts = await parameters.locator('.n8n-input-label:visible').allInnerTexts();
		const labels = [...new Set(texts.map((label) => label.split('\n')[0].trim()).filter(Boolean))];
		return { labels };
	}

	/**
	 * The whole user path for one node: search it, see its icon, (see its actions and pick one), see its
	 * parameters panel render. Screenshots of each step go to test-output/screenshots/.
	 */
	async checkNode(check: EditorNodeCheck): Promise<EditorNodeResult> {
		const name = slug([check.search, check.openAction ?? check.expectActions?.[0] ?? ''].join(' '));
		const screenshots: string[] = [];
		await this.newWorkflow();
		const item = await this.searchNode(check.search, check.itemName ?? check.search);
		const iconSource = await this.iconOf(item);
		screenshots.push(await this.screenshot(`${name}-1-search`));
		await item.click();

		let actions: string[] = [];
		if (check.expectActions?.length) {
			await this.page.getByTestId('node-creator').getByTestId('node-creator-category-item').first().waitFor({ state: 'visible', timeout: 15_000 });
			const missing: string[] = [];
			for (const label of check.expectActions) {
				if (await this.findAction(label)) actions.push(label);
				else missing.push(label);
			}
			screenshots.push(await this.screenshot(`${name}-2-actions`));
			if (missing.length) {
				await (await this.actionSearchInput())?.fill('');
				await this.openCollapsedSections();
				const shown = await this.visibleActionLabels();
				throw new Error(`"${check.search}": actions ${JSON.stringify(missing)} missing (waited for each); the panel lists ${JSON.stringify(shown)}`);
			}
			const openLabel = check.openAction ?? check.expectActions[0];
			const open = await this.findAction(openLabel);
			if (!open) throw new Error(`"${check.search}": action "${openLabel}" not found`);
			await open.click();
		}

		const { labels } = await this.parametersPanel();
		screenshots.push(await this.screenshot(`${name}-3-parameters`));
		const missingParameters = (check.expectParameters ?? []).filter(
			(expected) => !labels.includes(expected),
		);
		if (missingParameters.length) {
			throw new Error(`"${check.search}": parameters ${JSON.stringify(missingParameters)} missing; the panel shows ${JSON.stringify(labels)}`);
		}
		await this.closePanels();
		return { search: check.search, iconSource, actions, parameters: labels, screenshots };
	}
}

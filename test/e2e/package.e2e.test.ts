/**
 * The built package, packed and installed the way n8n's community-package installer does it, loads in a real
 * n8n of the line under test (2.41.1 or 1.123.81). The expectations come from package.json's n8n section, so they tighten as nodes are added.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createInstance, N8nInstance, packPackage, PackedPackage, removePacked } from '../../scripts/n8n/n8n';
import { assertDistBuilt, builtPackage, packageName } from './builtPackage';
import { lineLabel } from '../../scripts/n8n/lines';
import { exportsOfFolder, missingExports, runtimeImports } from '../../scripts/n8n/workflowExports';

describe(`${packageName} in a real ${lineLabel()}`, () => {
	let n8n: N8nInstance;
	let packed: PackedPackage;
	const expected = (() => {
		assertDistBuilt();
		return builtPackage();
	})();
	const complete = expected.missingFiles.length === 0;

	beforeAll(async () => {
		if (!complete) {
			console.warn(
				`package.json declares files that dist/ does not have, so n8n will refuse the whole package:\n  ${expected.missingFiles.join('\n  ')}\n` +
					'Until they exist, only the install and the start are checked.',
			);
		}
		packed = packPackage();
		n8n = await createInstance({ packTgz: packed });
	});

	afterAll(async () => {
		await n8n?.dispose();
		removePacked(packed);
	});

	test('the packed package is installed under .n8n/nodes the way n8n installs community packages', () => {
		const installed = JSON.parse(fs.readFileSync(path.join(n8n.packageDir!, 'package.json'), 'utf8'));
		expect(installed).toMatchObject({ name: packageName, n8n: expect.any(Object) });
		expect(installed.peerDependencies).toBeUndefined();
		for (const file of [...installed.n8n.nodes, ...installed.n8n.credentials].filter((f: string) => !expected.missingFiles.includes(f))) {
			expect(fs.existsSync(path.join(n8n.packageDir!, file))).toBe(true);
		}
		const manifest = JSON.parse(fs.readFileSync(path.join(n8n.folder, '.n8n', 'nodes', 'package.json'), 'utf8'));
		expect(manifest.dependencies).toHaveProperty(packageName);
	});

	test("every n8n-workflow name the package uses at run time is exported by this n8n's own n8n-workflow", () => {
		const live = exportsOfFolder(path.join(n8n.install.installDir, 'node_modules', 'n8n-workflow'));
		console.log(`${lineLabel()} ships n8n-workflow ${live.version} (${live.exports.length} exports)`);
		expect(missingExports(runtimeImports(), live.exports)).toEqual([]);
	});

	test('export:nodes lists every node type the package declares', async () => {
		const ours = (await n8n.exportNodes()).filter((node) => node.name.startsWith(`${packageName}.`));
		const names = [...new Set(ours.map((node) => node.name))].sort();
		if (complete) {
			expect(names).toEqual([...expected.nodeTypes].sort());
		} else {
			console.warn(`node types n8n loaded from ${packageName}: ${JSON.stringify(names)}; expected once complete: ${JSON.stringify(expected.nodeTypes)}`);
		}
	});

	test('n8n starts with the package and serves its node types, credential types and icons to the editor', async () => {
		await n8n.start();
		const nodeTypes = await n8n.rest<Array<Record<string, unknown> & { name: string }>>('GET', '/types/nodes.json');
		const credentialTypes = await n8n.rest<Array<{ name: string }>>('GET', '/types/credentials.json');
		expect(nodeTypes.some((node) => node.name === 'n8n-nodes-base.httpRequest')).toBe(true);
		if (!complete) return;

		expect(n8n.serverLogTail(400)).not.toMatch(/Failed to load package|Cannot find module|SyntaxError/);

		const ours = nodeTypes.filter((node) => node.name.startsWith(`${packageName}.`));
		expect([...new Set(ours.map((node) => node.name))].sort()).toEqual([...expected.nodeTypes].sort());
		expect(credentialTypes.map((credential) => credential.name)).toEqual(expect.arrayContaining(expected.credentialTypes));

		// Each node's icon (light and dark) is served, so the nodes panel shows it.
		for (const node of ours) {
			const iconUrl = node.iconUrl as string | { light: string; dark: string } | undefined;
			const urls = typeof iconUrl === 'string' ? [iconUrl] : iconUrl ? [iconUrl.light, iconUrl.dark] : [];
			expect({ node: node.name, hasIcon: urls.length > 0 }).toEqual({ node: node.name, hasIcon: true });
			for (const url of urls) {
				const response = await fetch(`${n8n.baseUrl}/${url.replace(/^\//, '')}`, { headers: n8n.headers });
				expect({ url, status: response.status }).toEqual({ url, status: 200 });
			}
		}
	});
});

/**
 * Each one-service package (npm run pack:services) installed ALONE in a real n8n of the line under test, as n8n's
 * community installer does it: n8n loads exactly its node, trigger and credential (`n8n export:nodes`), and its
 * example runs against the sandbox with only its own credential imported. Informatica runs its Data Integration
 * example; CData Sync and Relational Migrator run their step of the ETL-chain example behind a Manual Trigger.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { adaptToSandbox, EXAMPLES, outputOf, readExample, sandboxCredentials } from '../../scripts/lib/examples';
import { lineLabel } from '../../scripts/n8n/lines';
import { createInstance, type Json, N8nInstance, repoRoot } from '../../scripts/n8n/n8n';
import { entryPoints, packServices, type PackedService } from '../../scripts/services/pack';
import { SERVICES, type Service } from '../../scripts/services/services';
import { assertDistBuilt, packageName as mainPackage } from './builtPackage';

type Node = Json & { name: string; type: string; credentials?: Record<string, unknown> };

/** The workflow with every node of the main package retyped to the service package's name. */
function retyped(workflow: Json, service: Service): Json {
	const nodes = (workflow.nodes as Node[]).map((node) =>
		node.type.startsWith(`${mainPackage}.`) ? { ...node, type: `${service.name}.${node.type.slice(mainPackage.length + 1)}` } : node,
	);
	return { ...workflow, nodes };
}

/** "Run now" (the chain's Manual Trigger) followed by one node of the ETL chain. */
function chainStep(nodeName: string, workflowName: string): Json {
	const chain = readExample(EXAMPLES.etlChain);
	const nodes = chain.nodes as Node[];
	const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	const step = nodes.find((node) => node.name === nodeName)!;
	return {
		name: workflowName,
		nodes: [trigger, step],
		connections: { [trigger.name]: { main: [[{ node: step.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

interface ServiceCase {
	workflow: () => Json;
	/** The node whose single output item is checked, and what it must hold. */
	node: string;
	expected: Json;
}

const CASES: Record<string, ServiceCase> = {
	'n8n-nodes-informatica-idmc': {
		workflow: () => readExample(EXAMPLES.dataIntegration),
		node: 'Informatica: start mapping task',
		expected: { taskName: 'm_load_orders', outcome: 'succeeded' },
	},
	'n8n-nodes-cdata-sync': {
		workflow: () => chainStep('CData Sync: execute job', 'CData Sync: execute a job and wait'),
		node: 'CData Sync: execute job',
		expected: { name: 'SalesforceToSnowflake', outcome: 'succeeded', rawStatus: 'Successful' },
	},
	'n8n-nodes-mongodb-relational-migrator': {
		workflow: () => chainStep('Relational Migrator: migrate to MongoDB', 'Relational Migrator: run a snapshot and wait'),
		node: 'Relational Migrator: migrate to MongoDB',
		expected: { outcome: 'succeeded' },
	},
};

/** The node types n8n must list for a service package: each node's name, plus `<name>Tool` when usable as a tool. */
function expectedNodeTypes(service: Service): string[] {
	return entryPoints(service).nodes.flatMap((file) => {
		const exported = require(path.join(repoRoot, file)) as Record<string, new () => { description: { name: string; usableAsTool?: boolean } }>;
		const { name, usableAsTool } = new exported[path.basename(file).split('.')[0]]().description;
		const type = `${service.name}.${name}`;
		return usableAsTool ? [type, `${type}Tool`] : [type];
	}).sort();
}

describe(`one-service packages, each alone in a real ${lineLabel()}`, () => {
	let sandbox: Sandbox;
	let outDir: string;
	let packed: PackedService[];

	beforeAll(async () => {
		assertDistBuilt();
		outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-services-'));
		packed = packServices(outDir);
		sandbox = await startSandbox({ runTimeMs: 300 });
	});

	afterAll(async () => {
		await sandbox?.close();
		if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
	});

	describe.each(SERVICES.map((service) => [service.name, service] as const))('%s', (name, service) => {
		let n8n: N8nInstance;

		beforeAll(async () => {
			const tgz = packed.find((entry) => entry.service.name === name)!.tgz;
			n8n = await createInstance({ packTgz: tgz });
		});

		afterAll(async () => {
			await n8n?.dispose();
		});

		beforeEach(() => sandbox.reset());

		test('is the only community package installed, and n8n loads exactly its node types', async () => {
			const manifest = JSON.parse(fs.readFileSync(path.join(n8n.folder, '.n8n', 'nodes', 'package.json'), 'utf8'));
			expect(Object.keys(manifest.dependencies)).toEqual([name]);
			const installed = JSON.parse(fs.readFileSync(path.join(n8n.packageDir!, 'package.json'), 'utf8'));
			expect(installed.dependencies).toBeUndefined();

			const community = (await n8n.exportNodes()).filter((node) => !node.name.startsWith('n8n-nodes-base.') && !node.name.startsWith('@n8n/'));
			expect([...new Set(community.map((node) => node.name))].sort()).toEqual(expectedNodeTypes(service));
		});

		test('its example runs against the sandbox with its own credential only', async () => {
			const credentialType = installedCredentialType(n8n);
			await n8n.importCredentials(sandboxCredentials(sandbox.url).filter((credential) => credential.type === credentialType));
			const workflow = retyped(adaptToSandbox(CASES[name].workflow(), sandbox), service);
			const id = await n8n.importWorkflow(workflow);

			const result = await n8n.execute(id);
			console.log(`${name} on ${lineLabel()}: ${workflow.name as string} in ${result.durationMs} ms`);

			expect(result.error).toBeUndefined();
			const items = outputOf(result.run, CASES[name].node);
			expect(items).toHaveLength(1);
			expect(items![0]).toMatchObject(CASES[name].expected);
			expect(Object.values(sandbox.counters.snapshot().starts)).toEqual([1]);
		});
	});
});

/**
 * The credential type the installed package declares: its one credential file's class, read from the same compiled
 * file in dist/ (the installed copy has no n8n-workflow beside it outside n8n).
 */
function installedCredentialType(n8n: N8nInstance): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(n8n.packageDir!, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
	expect(pkg.n8n.credentials).toHaveLength(1);
	const file = path.join(repoRoot, pkg.n8n.credentials[0]);
	const exported = require(file) as Record<string, new () => { name: string }>;
	return new exported[path.basename(file).split('.')[0]]().name;
}

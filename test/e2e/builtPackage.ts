/** What the built package (dist/) promises, read the way n8n reads it: package.json's n8n section and the classes. */
import * as fs from 'fs';
import * as path from 'path';
import { declaredN8nFiles, repoRoot } from '../../scripts/n8n/n8n';

export const packageName: string = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).name;

export interface BuiltPackage {
	/** Declared in package.json but not in dist/: n8n then refuses the whole package. */
	missingFiles: string[];
	/**
	 * Node type names n8n must list: `<package>.<description.name>` of each built node file, plus the
	 * `<package>.<name>Tool` variant n8n adds for a node with `usableAsTool`.
	 */
	nodeTypes: string[];
	/** Credential type names of each built credential file. */
	credentialTypes: string[];
}

/** The class n8n takes from a node or credential file: the export named like the file (Foo.node.js -> Foo). */
function instancesOf(file: string): Array<Record<string, unknown>> {
	const exported = require(path.join(repoRoot, file)) as Record<string, unknown>;
	const className = path.basename(file).split('.')[0];
	const Class = exported[className];
	if (typeof Class !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return [new (Class as new () => Record<string, unknown>)()];
}

export function builtPackage(): BuiltPackage {
	const declared = declaredN8nFiles();
	const exists = (file: string) => fs.existsSync(path.join(repoRoot, file));
	const missingFiles = [...declared.nodes, ...declared.credentials].filter((file) => !exists(file));
	const nodeTypes = declared.nodes
		.filter(exists)
		.flatMap(instancesOf)
		.flatMap((node) => {
			const description = node.description as { name?: string; usableAsTool?: unknown } | undefined;
			if (typeof description?.name !== 'string') return [];
			const type = `${packageName}.${description.name}`;
			return description.usableAsTool ? [type, `${type}Tool`] : [type];
		});
	const credentialTypes = declared.credentials
		.filter(exists)
		.flatMap(instancesOf)
		.map((credential) => credential.name)
		.filter((name): name is string => typeof name === 'string');
	return { missingFiles, nodeTypes, credentialTypes };
}

export function assertDistBuilt(): void {
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
	}
}

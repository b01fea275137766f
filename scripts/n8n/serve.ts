/**
 * A real n8n with this package for a person (or a debugging session): installs n8n if needed, packs the built
 * package (run `npm run build` first), starts on 127.0.0.1 and waits until Ctrl+C.
 *
 *   npx ts-node --transpile-only scripts/n8n/serve.ts [--port=5678] [--no-package] [--workflow=examples/x.json ...]
 */
import * as fs from 'fs';
import { createInstance, OWNER, packPackage, removePacked } from './n8n';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const port = Number(args.find((arg) => arg.startsWith('--port='))?.split('=')[1] ?? 5678);
	const withPackage = !args.includes('--no-package');
	const workflows = args.filter((arg) => arg.startsWith('--workflow=')).map((arg) => arg.slice('--workflow='.length));

	const packed = withPackage ? packPackage() : undefined;
	const n8n = await createInstance({ packTgz: packed });
	const shutdown = async () => {
		await n8n.dispose();
		removePacked(packed);
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	for (const file of workflows) {
		const id = await n8n.importWorkflow(JSON.parse(fs.readFileSync(file, 'utf8')));
		process.stdout.write(`imported ${file} as ${id}\n`);
	}
	await n8n.start({ port });
	process.stdout.write(
		`n8n ${n8n.install.n8nVersion} ready in ${n8n.startMs} ms: ${n8n.baseUrl}  (sign in as ${OWNER.email} / ${OWNER.password})\n` +
			`user folder ${n8n.folder}; log ${n8n.folder}/logs/start.log; Ctrl+C stops it\n`,
	);
	await new Promise(() => undefined);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});

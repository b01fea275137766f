/**
 * npm run sandbox -- [--port 8787] [--run-time-ms 3000] [--session-idle-ms 1800000] [--seed 42] [--no-seed-data] [--quiet]
 * Starts the emulated vendor APIs on 127.0.0.1 and prints what to type into each credential.
 */
import { CDATA_SYNC, DEFAULT_CLI_PORT, DEFAULT_RUN_TIME_MS, INFORMATICA } from './core/constants';
import { startSandbox } from './server';

function parseArgs(argv: string[]): Record<string, string | boolean> {
	const args: Record<string, string | boolean> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) continue;
		const [key, inline] = arg.slice(2).split('=', 2);
		if (inline !== undefined) args[key] = inline;
		else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[key] = argv[++i];
		else args[key] = true;
	}
	return args;
}

function numberArg(args: Record<string, string | boolean>, key: string, fallback?: number): number | undefined {
	const value = args[key];
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) {
		console.error(`--${key} must be a number`);
		process.exit(2);
	}
	return n;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help || args.h) {
		console.log('npm run sandbox -- [--port 8787] [--run-time-ms 3000] [--session-idle-ms 1800000] [--seed 42] [--no-seed-data] [--quiet]');
		return;
	}
	const sandbox = await startSandbox({
		port: numberArg(args, 'port', DEFAULT_CLI_PORT),
		runTimeMs: numberArg(args, 'run-time-ms', DEFAULT_RUN_TIME_MS),
		sessionIdleMs: numberArg(args, 'session-idle-ms'),
		seed: numberArg(args, 'seed'),
		seedData: !args['no-seed-data'],
		log: args.quiet ? undefined : (line) => console.log(`[sandbox] ${line}`),
	});
	const u = sandbox.urls;
	console.log(`Data-replication sandbox listening on ${sandbox.url}

Informatica IDMC credential   login URL (custom): ${u.informaticaLoginUrl}
                              user ${INFORMATICA.username} / password ${INFORMATICA.password}
                              serverUrl returned: ${u.informaticaServerUrl}   Database Ingestion: ${u.informaticaDbmiUrl}
CData Sync credential         base URL: ${u.cdataSyncBaseUrl}   token: ${CDATA_SYNC.token} (header x-cdata-authtoken, or Basic ${CDATA_SYNC.user}:${CDATA_SYNC.token})
Relational Migrator           base URL: ${u.relationalMigratorBaseUrl}   (API under ${u.relationalMigratorApiUrl}, no authentication)
Control API                   ${u.controlUrl}   (faults, scripts, counters, requests, reset)

Job run time ${sandbox.ctx.config.runTimeMs} ms. Ctrl-C to stop.`);

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping the sandbox...');
		sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});

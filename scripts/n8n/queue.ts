/**
 * n8n in queue mode on 127.0.0.1, for the queue-mode suite (test/queue): a private Postgres 15 cluster in a temporary
 * folder, a Redis without persistence, one main (`n8n start`, EXECUTIONS_MODE=queue), workers
 * (`n8n worker --concurrency N`) and a webhook processor (`n8n webhook`), each with its own user folder holding the
 * package (the manual install of ./pack.ts), all with the same encryption key, database and Redis.
 *
 *   const cluster = await startQueueCluster({ packTgz, workers: 2, webhook: true, env });
 *   cluster.main            // an N8nInstance (REST API, CLI)
 *   cluster.workerOf(id)    // which worker ran an execution (from its "Worker started execution" log line)
 *   await cluster.dispose() // every process group it started, Postgres, Redis, every folder
 *
 * Every process runs in its own process group (./process.ts): all are killed when the test process exits.
 */
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { N8nInstance } from './instance';
import { createInstance } from './n8n';
import type { PackedPackage } from './pack';
import { exited, freePort, isGroupAlive, killGroup, releaseGroup, sleep, spawnInGroup, tail } from './process';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * When N8N_QUEUE_REGISTRY names a file, every folder, process group and Postgres cluster made here is appended to it
 * (`dir <path>`, `group <pid>`, `pg <data dir>`), so that a jest globalTeardown can clean up after a run that died.
 */
function register(kind: 'dir' | 'group' | 'pg', value: string | number): void {
	const file = process.env.N8N_QUEUE_REGISTRY;
	if (file) fs.appendFileSync(file, `${kind} ${value}\n`);
}

/** Everything a registry file lists: process groups killed, Postgres clusters stopped, folders removed. */
export function cleanUpRegistry(file: string): string[] {
	if (!fs.existsSync(file)) return [];
	const done: string[] = [];
	const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
	for (const line of lines) {
		const [kind, ...rest] = line.split(' ');
		const value = rest.join(' ');
		if (kind === 'group' && isGroupAlive(Number(value))) {
			killGroup(Number(value), 'SIGKILL');
			done.push(line);
		}
		if (kind === 'pg' && fs.existsSync(path.join(value, 'postmaster.pid'))) {
			const asRoot = process.getuid?.() === 0;
			const args = [path.join(PG_BIN, 'pg_ctl'), '-D', value, '-m', 'immediate', '-w', 'stop'];
			spawnSync(asRoot ? 'runuser' : args[0], asRoot ? ['-u', 'postgres', '--', ...args] : args.slice(1), { timeout: 30_000 });
			done.push(line);
		}
	}
	for (const line of lines) {
		const [kind, ...rest] = line.split(' ');
		const value = rest.join(' ');
		if (kind === 'dir' && fs.existsSync(value)) {
			fs.rmSync(value, { recursive: true, force: true });
			done.push(line);
		}
	}
	fs.rmSync(file, { force: true });
	return done;
}

function run(command: string, args: string[], options: { timeoutMs?: number } = {}): string {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${result.error?.message ?? ''}\n${result.stdout}${result.stderr}`);
	}
	return result.stdout;
}

function which(command: string): string | undefined {
	const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `redis-server` from PATH, installed with apt-get when this user is root; else one line with the command. */
export function ensureRedis(): string {
	const found = which('redis-server');
	if (found) return found;
	if (process.getuid?.() === 0 && which('apt-get')) {
		const install = spawnSync('apt-get', ['install', '-y', 'redis-server'], {
			encoding: 'utf8',
			timeout: 300_000,
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (install.status !== 0) spawnSync('apt-get', ['update'], { timeout: 300_000 });
		if (install.status !== 0) spawnSync('apt-get', ['install', '-y', 'redis-server'], { timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		// The package registers a boot service; this suite runs its own redis-server only.
		spawnSync('systemctl', ['disable', '--now', 'redis-server'], { timeout: 30_000 });
		const installed = which('redis-server');
		if (installed) return installed;
	}
	throw new Error('redis-server is missing: install it with `sudo apt-get install -y redis-server` (then `sudo systemctl disable --now redis-server`)');
}

export interface Postgres {
	port: number;
	dir: string;
	stop(): void;
}

/**
 * A private Postgres cluster in a temporary folder (data and unix socket there), listening on 127.0.0.1:<free port>,
 * trust auth for user `postgres`. Postgres refuses to run as root: then it runs as the `postgres` user (runuser).
 */
export async function startPostgres(): Promise<Postgres> {
	if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
		throw new Error(`Postgres 15 is missing (${PG_BIN}/initdb): install it with \`sudo apt-get install -y postgresql-15\`, or set PG_BIN`);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const data = path.join(dir, 'data');
	register('dir', dir);
	register('pg', data);
	const asRoot = process.getuid?.() === 0;
	const as = (args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]) as [string, string[]];
	if (asRoot) run('chown', ['postgres', dir]);
	const port = await freePort();
	run(...as([path.join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), { timeoutMs: 120_000 });
	run(
		...as([
			path.join(PG_BIN, 'pg_ctl'),
			'-D',
			data,
			'-l',
			path.join(dir, 'postgres.log'),
			'-o',
			`-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
			'-w',
			'start',
		]),
		{ timeoutMs: 60_000 },
	);
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		spawnSync(...as([path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']), { timeoutMs: 30_000 } as never);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	onExit(stop);
	return { port, dir, stop };
}

export interface Redis {
	port: number;
	stop(): Promise<void>;
}

export async function startRedis(): Promise<Redis> {
	const bin = ensureRedis();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	register('dir', dir);
	const child = spawnInGroup(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	register('group', child.pid!);
	let log = '';
	child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const deadline = Date.now() + 20_000;
	while (!/Ready to accept connections/.test(log)) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${tail(log)}`);
		await sleep(50);
	}
	const stop = async () => {
		releaseGroup(child.pid!);
		await exited(child, 5_000);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	onExit(() => fs.rmSync(dir, { recursive: true, force: true }));
	return { port, stop };
}

const exitHooks: Array<() => void> = [];
process.on('exit', () => {
	for (const hook of exitHooks.splice(0)) {
		try {
			hook();
		} catch {
			// best effort at exit
		}
	}
});
function onExit(hook: () => void): void {
	exitHooks.push(hook);
}

/** One `n8n worker` or `n8n webhook` process with its own user folder. */
export class N8nProcess {
	child: ChildProcess | undefined;
	log = '';
	private logStream: fs.WriteStream | undefined;

	constructor(
		readonly name: string,
		readonly instance: N8nInstance,
		readonly command: string[],
		readonly env: NodeJS.ProcessEnv,
		/** The health URL answering 200 once the process is ready. */
		readonly healthUrl: string,
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	async start(timeoutMs = 120_000): Promise<number> {
		const started = Date.now();
		const install = this.instance.install;
		this.logStream = fs.createWriteStream(path.join(this.instance.folder, 'logs', `${this.name}.log`), { flags: 'a' });
		const child = spawnInGroup(install.nodeBin, [install.n8nBin, ...this.command], {
			cwd: this.instance.folder,
			env: this.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child = child;
		register('group', child.pid!);
		const onData = (chunk: Buffer) => {
			this.log = (this.log + chunk.toString()).slice(-2_000_000);
			this.logStream?.write(chunk);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} ended before it was ready:\n${tail(this.log)}`);
			if (Date.now() - started > timeoutMs) throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${tail(this.log)}`);
			try {
				const response = await fetch(this.healthUrl, { signal: AbortSignal.timeout(2_000) });
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			await sleep(200);
		}
		return Date.now() - started;
	}

	/** kill -9 of the n8n process itself, then of what is left of its group (its task runner). */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		this.child = undefined;
		process.kill(child.pid, 'SIGKILL');
		await exited(child, 10_000);
		releaseGroup(child.pid);
		this.logStream?.end();
	}

	/** SIGTERM (n8n waits for running executions), SIGKILL after graceMs. */
	async stop(graceMs = 35_000): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		this.child = undefined;
		killGroup(child.pid, 'SIGTERM');
		await exited(child, graceMs);
		releaseGroup(child.pid);
		this.logStream?.end();
	}
}

export interface QueueClusterOptions {
	packTgz: PackedPackage;
	workers?: number;
	concurrency?: number;
	webhook?: boolean;
	/** Extra environment for every process. */
	env?: Record<string, string>;
	logLevel?: 'info' | 'debug';
}

export class QueueCluster {
	workers: N8nProcess[] = [];
	webhook: N8nProcess | undefined;
	/** Startup times, ms. */
	readonly times: Record<string, number> = {};

	constructor(
		readonly main: N8nInstance,
		private readonly postgres: Postgres,
		private readonly redis: Redis,
		private readonly makeProcess: (name: string, kind: 'worker' | 'webhook') => Promise<N8nProcess>,
		private readonly folders: N8nInstance[],
	) {}

	get webhookUrl(): string {
		if (!this.webhook) throw new Error('no webhook processor');
		return new URL(this.webhook.healthUrl).origin;
	}

	async addWorker(name = `worker${this.workers.length + 1}`): Promise<N8nProcess> {
		const worker = await this.makeProcess(name, 'worker');
		this.times[name] = await worker.start();
		this.workers.push(worker);
		return worker;
	}

	async addWebhook(): Promise<N8nProcess> {
		this.webhook = await this.makeProcess('webhook', 'webhook');
		this.times.webhook = await this.webhook.start();
		return this.webhook;
	}

	/** The process name whose log says it started this execution ("Worker started execution <id> (job <n>)"). */
	workerOf(executionId: string): string[] {
		const line = new RegExp(`Worker started execution ${executionId} \\(job`);
		return this.workers.filter((worker) => line.test(worker.log)).map((worker) => worker.name);
	}

	/** Every execution id each worker's log says it started. */
	startedBy(): Record<string, string[]> {
		const out: Record<string, string[]> = {};
		for (const worker of this.workers) out[worker.name] = [...worker.log.matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
		return out;
	}

	/** pid of each n8n process (the process-group leader), for mapping a client socket to a component. */
	groups(): Record<number, string> {
		const out: Record<number, string> = {};
		const mainPid = (this.main as unknown as { server?: ChildProcess }).server?.pid;
		if (mainPid) out[mainPid] = 'main';
		for (const p of [...this.workers, ...(this.webhook ? [this.webhook] : [])]) if (p.pid) out[p.pid] = p.name;
		return out;
	}

	async dispose(): Promise<void> {
		await Promise.all([...this.workers, ...(this.webhook ? [this.webhook] : [])].map((p) => p.stop(2_000)));
		for (const instance of this.folders) await instance.dispose();
		await this.redis.stop();
		this.postgres.stop();
	}
}

/** Postgres, Redis, the main (started, owner logged in) and the workers and webhook processor asked for. */
export async function startQueueCluster(options: QueueClusterOptions, beforeMainStart?: (main: N8nInstance) => Promise<void>): Promise<QueueCluster> {
	const postgres = await startPostgres();
	const redis = await startRedis();
	const queueEnv: Record<string, string> = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: 'postgres',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		...(options.env ?? {}),
	};
	const folders: N8nInstance[] = [];
	const main = await createInstance({ packTgz: options.packTgz, env: queueEnv, freshDatabase: true, logLevel: options.logLevel ?? 'info' });
	folders.push(main);
	register('dir', main.folder);
	let webhookPort: number | undefined;
	const makeProcess = async (name: string, kind: 'worker' | 'webhook'): Promise<N8nProcess> => {
		const instance = await createInstance({ packTgz: options.packTgz, env: queueEnv, freshDatabase: true });
		folders.push(instance);
		register('dir', instance.folder);
		const port = await freePort();
		if (kind === 'webhook') webhookPort = port;
		const env: NodeJS.ProcessEnv = {
			...instance.env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...(kind === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: { N8N_PORT: String(port) }),
			// $execution.resumeUrl (computed on the worker) points at the webhook processor when there is one.
			...(webhookPort ? { WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/` } : {}),
		};
		const command = kind === 'worker' ? ['worker', `--concurrency=${options.concurrency ?? 5}`] : ['webhook'];
		return new N8nProcess(name, instance, command, env, `http://127.0.0.1:${port}/healthz`);
	};
	const cluster = new QueueCluster(main, postgres, redis, makeProcess, folders);
	try {
		if (beforeMainStart) await beforeMainStart(main);
		const started = Date.now();
		await main.start();
		const mainPid = (main as unknown as { server?: ChildProcess }).server?.pid;
		if (mainPid) register('group', mainPid);
		cluster.times.main = Date.now() - started;
		if (options.webhook) await cluster.addWebhook();
		for (let i = 0; i < (options.workers ?? 2); i++) await cluster.addWorker();
	} catch (error) {
		await cluster.dispose();
		throw error;
	}
	return cluster;
}

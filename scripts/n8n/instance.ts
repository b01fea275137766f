/**
 * One n8n instance: its user folder, the CLI commands run against it while stopped, `n8n start` with a logged-in
 * owner session, and the REST routes the tests read. Made by createInstance() in ./n8n.ts.
 * The CLI commands and REST routes used here were read from n8n 2.41.1's dist (commands/, controllers/,
 * workflows/workflows.controller.js, executions/executions.controller.js, auth/auth.service.js).
 */
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OWNER } from './environment';
import type { N8nInstall } from './install';
import { exited, freePort, isGroupAlive, killGroup, releaseGroup, sleep, spawnInGroup, tail } from './process';

export type Json = Record<string, unknown>;

export interface ExecuteResult {
	/** True when n8n printed a whole run without resultData.error (see exitSignal). */
	ok: boolean;
	/** The run exactly as n8n printed it (IRun): data.resultData.runData[nodeName][runIndex].data.main... */
	run: Json | undefined;
	/** resultData.error, when the run failed. */
	error: Json | undefined;
	exitCode: number | null;
	/**
	 * Set when n8n died by a signal after printing the whole run: n8n 2.41.1's `execute` on Node 24 ends with
	 * SIGSEGV in about one run of four while tearing down its isolated-vm expression engine (never seen with
	 * N8N_EXPRESSION_ENGINE=legacy). The run it printed is complete, so it is still returned.
	 */
	exitSignal: string | undefined;
	/** Wall time of the whole `n8n execute` process (boot included). */
	durationMs: number;
	output: string;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	[key: string]: unknown;
}

export interface CliResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Statuses of an execution that has not finished yet. */
const UNFINISHED = ['new', 'running', 'waiting'];

export class N8nInstance {
	port: number | undefined;
	private server: ChildProcess | undefined;
	private serverLog = '';
	private cookie: string | undefined;
	private readonly browserId = `e2e-${process.pid}-${Date.now()}`;
	private readonly children = new Set<number>();

	constructor(
		readonly install: N8nInstall,
		/** N8N_USER_FOLDER; n8n keeps its database and nodes in <folder>/.n8n. */
		readonly folder: string,
		readonly env: NodeJS.ProcessEnv,
		readonly packageName: string | undefined,
		readonly packageDir: string | undefined,
		private readonly logLevel: string,
	) {}

	get baseUrl(): string {
		if (!this.port) throw new Error('n8n is not started: call start() first');
		return `http://127.0.0.1:${this.port}`;
	}

	get isRunning(): boolean {
		return this.server !== undefined;
	}

	/** Session cookie of the owner (after start()), for a browser or custom requests. */
	get sessionCookie(): { name: string; value: string } | undefined {
		if (!this.cookie) return undefined;
		const [name, ...value] = this.cookie.split('=');
		return { name, value: value.join('=') };
	}

	get headers(): Record<string, string> {
		return { 'browser-id': this.browserId, ...(this.cookie ? { cookie: this.cookie } : {}) };
	}

	/** Any n8n CLI command, bounded, in its own process group. */
	async cli(args: string[], options: { timeoutMs?: number; logLevel?: string } = {}): Promise<CliResult> {
		if (this.server) {
			// The CLI and the server would share one SQLite file and one task-broker setup; n8n warns against it.
			throw new Error(`n8n ${args[0]} while n8n start is running: call it before start() or after stop()`);
		}
		const timeoutMs = options.timeoutMs ?? 120_000;
		const started = Date.now();
		const env = {
			...this.env,
			N8N_LOG_LEVEL: options.logLevel ?? 'warn',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		const child = spawnInGroup(this.install.nodeBin, [this.install.n8nBin, ...args], {
			cwd: this.folder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const pid = child.pid!;
		this.children.add(pid);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		let signal: NodeJS.Signals | null = null;
		const exitCode = await new Promise<number | null>((resolve, reject) => {
			const timer = setTimeout(() => {
				killGroup(pid, 'SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms\n${tail(stdout + stderr)}`));
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code, endedBy) => {
				clearTimeout(timer);
				signal = endedBy;
				if (endedBy) stderr += `\n[n8n-e2e] n8n ${args[0]} ended by ${endedBy}\n`;
				resolve(code);
			});
		});
		// Whatever the command left behind (a task runner) goes with it.
		releaseGroup(pid);
		this.children.delete(pid);
		const result: CliResult = { exitCode, signal, stdout, stderr, durationMs: Date.now() - started };
		fs.appendFileSync(
			path.join(this.folder, 'logs', 'cli.log'),
			`\n$ n8n ${args.join(' ')}  (exit ${exitCode}, ${result.durationMs} ms)\n${stdout}${stderr}`,
		);
		return result;
	}

	/**
	 * A CLI command that must succeed. n8n's commands exit 1 when they throw (BaseCommand.finally). Like
	 * `execute`, they can die by SIGSEGV while tearing down after their work is done (see
	 * ExecuteResult.exitSignal): that counts as success only when `done` proves the work was done.
	 */
	private async cliOrThrow(args: string[], done: (output: string) => boolean, timeoutMs?: number): Promise<CliResult> {
		const result = await this.cli(args, { timeoutMs, logLevel: 'info' });
		const output = result.stdout + result.stderr;
		const succeeded = (result.exitCode === 0 || result.signal === 'SIGSEGV') && done(output);
		if (!succeeded) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${result.exitCode ?? result.signal}):\n${tail(output)}`);
		}
		return result;
	}

	private writeInput(kind: string, data: unknown): string {
		const file = path.join(this.folder, `${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/**
	 * `n8n import:credentials`: one credential or an array, `data` as a plain object (n8n encrypts it).
	 * Give each an `id` so that workflows can refer to it. Returns the ids.
	 */
	async importCredentials(credentials: Json | Json[]): Promise<string[]> {
		const list = (Array.isArray(credentials) ? credentials : [credentials]).map((credential) => ({
			id: credential.id ?? newId(),
			...credential,
		}));
		await this.cliOrThrow(['import:credentials', `--input=${this.writeInput('credentials', list)}`], (output) =>
			/Successfully imported/.test(output),
		);
		return list.map((credential) => String(credential.id));
	}

	/** `n8n import:workflow`; gives the workflow an id when it has none. Imported workflows are inactive. */
	async importWorkflow(workflow: Json): Promise<string> {
		const id = typeof workflow.id === 'string' && workflow.id ? workflow.id : newId();
		const data = { active: false, settings: {}, ...workflow, id };
		await this.cliOrThrow(['import:workflow', `--input=${this.writeInput('workflow', data)}`], (output) =>
			/Successfully imported/.test(output),
		);
		return id;
	}

	/**
	 * `n8n execute --id --rawOutput`: runs the workflow from its trigger/start node and returns the run.
	 * A failed run is returned too (ok: false, error set), parsed from the JSON n8n logs on failure.
	 */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		// --rawOutput prints through n8n's logger at level info: a quieter level would print nothing.
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs: options.timeoutMs ?? 180_000,
			logLevel: 'info',
		});
		const output = result.stdout + result.stderr;
		const run = parseTopLevelJson(result.stdout) ?? parseTopLevelJson(output);
		const resultData = (run?.data as Json | undefined)?.resultData as Json | undefined;
		const error = resultData?.error as Json | undefined;
		if (!run) {
			throw new Error(`n8n execute --id=${workflowId} printed no run (exit ${result.exitCode}):\n${tail(output)}`);
		}
		// A whole run followed by a crash is n8n's teardown failing, not the run (see ExecuteResult.exitSignal).
		const finished = result.exitCode === 0 || result.signal !== null;
		return {
			ok: finished && !error,
			run,
			error,
			exitCode: result.exitCode,
			exitSignal: result.signal ?? undefined,
			durationMs: result.durationMs,
			output,
		};
	}

	/** `n8n export:nodes`: every node type description this instance loaded, community packages included. */
	async exportNodes(): Promise<Array<Json & { name: string; displayName: string; version: number | number[] }>> {
		const file = path.join(this.folder, `nodes-${Date.now()}.json`);
		await this.cliOrThrow(['export:nodes', `--output=${file}`], () => fs.existsSync(file));
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}

	/**
	 * Marks the workflow active for the next start(): `n8n publish:workflow --id` on 2.x, `n8n update:workflow --id
	 * --active=true` on 1.x (the line decides: ./lines.ts).
	 */
	async publish(workflowId: string): Promise<void> {
		const { args, done } = this.install.line.activateCommand(workflowId);
		await this.cliOrThrow(args, (output) => done.test(output));
	}

	/** Activates (publishes) a workflow: through the REST API while running, with the CLI before start(). */
	async activate(workflowId: string): Promise<Json> {
		if (!this.server) {
			await this.publish(workflowId);
			return { id: workflowId };
		}
		const workflow = await this.rest<Json>('GET', `/rest/workflows/${workflowId}`);
		return await this.rest<Json>('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: workflow.versionId,
		});
	}

	async deactivate(workflowId: string): Promise<Json> {
		return await this.rest<Json>('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * `n8n start` on 127.0.0.1:<port>; waits for /healthz/readiness, sets up the owner account and logs in.
	 */
	async start(options: { port?: number; timeoutMs?: number } = {}): Promise<void> {
		if (this.server) throw new Error('n8n is already started');
		const timeoutMs = options.timeoutMs ?? 120_000;
		this.port = options.port ?? (await freePort());
		const logFile = path.join(this.folder, 'logs', 'start.log');
		const logStream = fs.createWriteStream(logFile, { flags: 'a' });
		const env = {
			...this.env,
			N8N_PORT: String(this.port),
			N8N_LOG_LEVEL: this.logLevel,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}`,
			WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
		};
		const started = Date.now();
		const server = spawnInGroup(this.install.nodeBin, [this.install.n8nBin, 'start'], {
			cwd: this.folder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server = server;
		this.serverLog = '';
		this.children.add(server.pid!);
		const onData = (chunk: Buffer) => {
			this.serverLog = (this.serverLog + chunk.toString()).slice(-200_000);
			logStream.write(chunk);
		};
		server.stdout!.on('data', onData);
		server.stderr!.on('data', onData);
		let exited: string | undefined;
		server.on('exit', (code, signal) => {
			exited = `exit ${code ?? signal}`;
			logStream.end();
		});

		const deadline = started + timeoutMs;
		for (;;) {
			if (exited) throw new Error(`n8n start ended (${exited}) before it was ready:\n${tail(this.serverLog)}`);
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n start was not ready within ${timeoutMs} ms:\n${tail(this.serverLog)}`);
			}
			try {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
				// n8n 1.x answers readiness before its REST controllers are mounted: wait for those too.
				if (response.ok && (await fetch(`${this.baseUrl}/rest/settings`, { signal: AbortSignal.timeout(2_000) })).ok) break;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		this.startMs = Date.now() - started;
		await this.setupOwnerAndLogin();
	}

	/** Milliseconds the last start() took until /healthz/readiness answered. */
	startMs: number | undefined;

	private async setupOwnerAndLogin(): Promise<void> {
		const setup = await this.request('POST', '/rest/owner/setup', OWNER);
		// 400 "Instance owner already setup" when a database is reused across starts.
		if (!setup.ok && !/already/i.test(setup.text)) {
			throw new Error(`owner setup failed: HTTP ${setup.status} ${setup.text.slice(0, 500)}`);
		}
		const login = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (!login.ok) throw new Error(`login failed: HTTP ${login.status} ${login.text.slice(0, 500)}`);
		const setCookie = login.setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (!setCookie) throw new Error(`login returned no n8n-auth cookie (got: ${login.setCookie.join('; ')})`);
		this.cookie = setCookie.split(';')[0];
	}

	private async request(
		method: string,
		route: string,
		body?: unknown,
		timeoutMs = 30_000,
	): Promise<{ ok: boolean; status: number; text: string; setCookie: string[] }> {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		const setCookie = response.headers.getSetCookie?.() ?? [];
		return { ok: response.ok, status: response.status, text, setCookie };
	}

	/** The editor's REST API (/rest/...) as the logged-in owner; returns the `data` n8n wraps answers in. */
	async rest<T = unknown>(method: string, route: string, body?: unknown, timeoutMs?: number): Promise<T> {
		if (!this.cookie) throw new Error('not logged in: call start() first');
		const response = await this.request(method, route, body, timeoutMs);
		if (!response.ok) {
			throw new Error(`${method} ${route}: HTTP ${response.status} ${response.text.slice(0, 1000)}`);
		}
		const parsed = response.text ? (JSON.parse(response.text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** GET /rest/executions filtered by workflow, newest first (at most 100). */
	async listExecutions(workflowId: string, filter: { status?: string[] } = {}): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ filter: JSON.stringify({ workflowId, ...filter }), limit: '100' });
		const page = await this.rest<{ results: ExecutionSummary[] }>('GET', `/rest/executions?${query.toString()}`);
		return page.results;
	}

	/** GET /rest/executions/:id: the execution, its `data` (a flatted string) parsed into the run data. */
	async getExecution(executionId: string): Promise<Json & { data: Json }> {
		const execution = await this.rest<Json>('GET', `/rest/executions/${executionId}`);
		// n8n serialises execution data with flatted (circular references); use n8n's own copy to read it.
		const flatted = require(path.join(this.install.installDir, 'node_modules', 'flatted')) as { parse(text: string): Json };
		const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : (execution.data as Json);
		return { ...execution, data };
	}

	/** Polls listExecutions until `count` finished executions exist (any status but running/new/waiting). */
	async waitForExecutions(
		workflowId: string,
		options: { count?: number; timeoutMs?: number; intervalMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const count = options.count ?? 1;
		const timeoutMs = options.timeoutMs ?? 60_000;
		const deadline = Date.now() + timeoutMs;
		let last: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			last = (await this.listExecutions(workflowId)).filter((execution) => !UNFINISHED.includes(execution.status));
			if (last.length >= count) return last;
			await sleep(options.intervalMs ?? 500);
		}
		throw new Error(
			`workflow ${workflowId}: ${last.length} of ${count} executions finished within ${timeoutMs} ms\n${tail(this.serverLog)}`,
		);
	}

	/** The status n8n gives one execution now (GET /rest/executions/:id): new, running, success, error, crashed... */
	async executionStatus(executionId: string): Promise<string> {
		const execution = await this.rest<{ status: string }>('GET', `/rest/executions/${executionId}`);
		return execution.status;
	}

	/** Polls one execution until it has finished (any status but new/running/waiting); returns its summary. */
	async waitForExecution(executionId: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<ExecutionSummary> {
		const timeoutMs = options.timeoutMs ?? 60_000;
		const deadline = Date.now() + timeoutMs;
		let status = 'unknown';
		while (Date.now() < deadline) {
			const execution = await this.rest<ExecutionSummary>('GET', `/rest/executions/${executionId}`);
			status = execution.status;
			if (!UNFINISHED.includes(status)) return execution;
			await sleep(options.intervalMs ?? 500);
		}
		throw new Error(`execution ${executionId} still ${status} after ${timeoutMs} ms\n${tail(this.serverLog)}`);
	}

	/**
	 * Calls the production webhook of an active workflow (POST <baseUrl>/webhook/<path>, JSON body), as an outside
	 * system would. The answer is n8n's ("Workflow was started" for a Webhook node that responds immediately).
	 */
	async callWebhook(webhookPath: string, body: unknown = {}, method = 'POST'): Promise<{ status: number; body: unknown }> {
		const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * Calls a workflow's webhook and waits until the execution it started is listed; returns that execution's id
	 * (it may still be running). n8n 2.41 activates published workflows after it reports ready (its publication
	 * reconciler runs at startup without being awaited), so a 404 "is not registered" is retried for a while: such
	 * a call started nothing. Fails on any other answer than 200, or when no new execution appears in time.
	 */
	async startByWebhook(workflowId: string, webhookPath: string, body: unknown = {}, options: { timeoutMs?: number } = {}): Promise<string> {
		const timeoutMs = options.timeoutMs ?? 30_000;
		const deadline = Date.now() + timeoutMs;
		const before = new Set((await this.listExecutions(workflowId)).map((execution) => execution.id));
		let answer = await this.callWebhook(webhookPath, body);
		while (answer.status === 404 && /not registered/.test(JSON.stringify(answer.body)) && Date.now() < deadline) {
			await sleep(500);
			answer = await this.callWebhook(webhookPath, body);
		}
		if (answer.status !== 200) {
			throw new Error(`webhook ${webhookPath}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
		}
		while (Date.now() < deadline) {
			const added = (await this.listExecutions(workflowId)).find((execution) => !before.has(execution.id));
			if (added) return added.id;
			await sleep(250);
		}
		throw new Error(`webhook ${webhookPath} answered but no new execution of ${workflowId} appeared within ${timeoutMs} ms\n${tail(this.serverLog)}`);
	}

	/** startByWebhook(), then waitForExecution(): the finished execution. */
	async runByWebhook(workflowId: string, webhookPath: string, body: unknown = {}, options: { timeoutMs?: number } = {}): Promise<ExecutionSummary> {
		const id = await this.startByWebhook(workflowId, webhookPath, body);
		return await this.waitForExecution(id, { timeoutMs: options.timeoutMs ?? 120_000 });
	}

	/** Cancels a running execution as the editor's stop button does (POST /rest/executions/:id/stop). */
	async stopExecution(executionId: string): Promise<Json> {
		return await this.rest<Json>('POST', `/rest/executions/${executionId}/stop`, {});
	}

	/**
	 * A crash: SIGKILL to the `n8n start` process, with no chance to shut down (running executions stay as they
	 * were in the database), then to what is left of its group (the task runner). The user folder and its database
	 * are kept: start() boots n8n again on them.
	 */
	async kill(): Promise<void> {
		const server = this.server;
		if (!server?.pid) throw new Error('n8n is not started: nothing to kill');
		this.server = undefined;
		this.cookie = undefined;
		process.kill(server.pid, 'SIGKILL');
		if (!(await exited(server, 10_000))) throw new Error(`n8n start (pid ${server.pid}) survived SIGKILL for 10 s`);
		releaseGroup(server.pid);
		this.children.delete(server.pid);
	}

	/** The tail of `n8n start`'s output (for failure messages). */
	serverLogTail(lines = 60): string {
		return tail(this.serverLog, lines);
	}

	/** Stops n8n start (SIGTERM to its process group, SIGKILL after graceMs) and any CLI command still running. */
	async stop(options: { graceMs?: number } = {}): Promise<void> {
		const graceMs = options.graceMs ?? 10_000;
		const server = this.server;
		this.server = undefined;
		this.cookie = undefined;
		for (const pid of this.children) killGroup(pid, 'SIGTERM');
		const deadline = Date.now() + graceMs;
		while ([...this.children].some(isGroupAlive) && Date.now() < deadline) await sleep(100);
		for (const pid of this.children) releaseGroup(pid);
		this.children.clear();
		if (server) await exited(server, 5_000);
	}

	/** stop(), then remove the user folder unless keepFolder (or N8N_E2E_KEEP=1) asks to keep it for a post-mortem. */
	async dispose(options: { keepFolder?: boolean } = {}): Promise<void> {
		await this.stop();
		if (options.keepFolder || process.env.N8N_E2E_KEEP === '1') {
			process.stderr.write(`[n8n-e2e] kept ${this.folder}\n`);
			return;
		}
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

/** n8n-style id: 16 letters and digits. */
export function newId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
	return id;
}

/**
 * n8n prints the run with JSON.stringify(run, null, 2) among its log lines: the run starts at a line that is
 * exactly "{" and ends at the next line that is exactly "}" (nested lines are indented).
 */
export function parseTopLevelJson(text: string): Json | undefined {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start].trimEnd() !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end].trimEnd() !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n')) as Json;
			} catch {
				break;
			}
		}
	}
	return undefined;
}

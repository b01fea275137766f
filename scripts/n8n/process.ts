/**
 * Process control for the n8n processes: each one runs in its own process group, so that stopping it also stops
 * what it started (its task runner); every group still alive when this process exits is killed with SIGKILL.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as net from 'net';

const liveGroups = new Set<number>();

process.on('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

/** spawn() as the leader of a new process group, remembered until releaseGroup(). */
export function spawnInGroup(command: string, args: string[], options: Omit<SpawnOptions, 'detached'>): ChildProcess {
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid !== undefined) liveGroups.add(child.pid);
	return child;
}

/** SIGKILL to the whole group (whatever is left of it) and forget it. */
export function releaseGroup(pid: number): void {
	killGroup(pid, 'SIGKILL');
	liveGroups.delete(pid);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

export function isGroupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Resolves when the child has exited (at once if it already has), or after timeoutMs. */
export async function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	return await new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

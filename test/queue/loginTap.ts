/**
 * A TCP forwarder in front of the sandbox that tells which n8n process sent each Informatica login. The Informatica
 * credential's login URL points here; the login answer names the sandbox itself as the pod (serverUrl), so only logins
 * pass through. Each connection's client is found with `ss -tnpH` (its local port is our remote port), its pid mapped
 * to the process group of the n8n process that owns it (a task runner belongs to its n8n process's group).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

export interface LoginTap {
	url: string;
	/** Login requests seen, by component name (unknown: a client not in any group given). */
	logins(): Record<string, number>;
	reset(): void;
	close(): Promise<void>;
}

function ownerPid(clientPort: number): number | undefined {
	const ss = spawnSync('ss', ['-tnpH', 'state', 'established', `( sport = :${clientPort} )`], { encoding: 'utf8', timeout: 5_000 });
	const match = /pid=(\d+)/.exec(ss.stdout ?? '');
	return match ? Number(match[1]) : undefined;
}

function processGroup(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing parenthesis.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return undefined;
	}
}

export async function startLoginTap(target: { port: number }, groups: () => Record<number, string>): Promise<LoginTap> {
	let counts: Record<string, number> = {};
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		sockets.add(client);
		const owner = ownerPid(client.remotePort!);
		const group = owner !== undefined ? processGroup(owner) : undefined;
		const name = (group !== undefined && groups()[group]) || 'unknown';
		const upstream = net.connect(target.port, '127.0.0.1');
		sockets.add(upstream);
		client.on('data', (chunk: Buffer) => {
			const text = chunk.toString('latin1');
			for (const match of text.matchAll(/(^|\r\n)POST (\S*\/(user\/login|core\/v3\/login))\b/g)) {
				void match;
				counts[name] = (counts[name] ?? 0) + 1;
			}
			upstream.write(chunk);
		});
		upstream.pipe(client);
		const end = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		client.on('close', end).on('error', end);
		upstream.on('close', end).on('error', end);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		logins: () => ({ ...counts }),
		reset: () => (counts = {}),
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

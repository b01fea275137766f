/** Small fetch helpers for the sandbox tests. */
import { INFORMATICA } from '../core/constants';
import type { Sandbox } from '../server';

export async function call(
	base: string,
	method: string,
	path: string,
	options: { json?: unknown; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<{ status: number; headers: Headers; text: string; json: any }> {
	const headers: Record<string, string> = { ...options.headers };
	let body: string | undefined = options.body;
	if (options.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	}
	const res = await fetch(base + path, { method, headers, body, signal: options.signal });
	const text = await res.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** Logs in to the sandbox's Informatica v2 login; the session id (one id serves v2, v3 and dbmi). */
export async function informaticaSession(base: string): Promise<string> {
	const res = await call(base, 'POST', INFORMATICA.loginPathV2, {
		json: { '@type': 'login', username: INFORMATICA.username, password: INFORMATICA.password },
	});
	return res.json.icSessionId as string;
}

/** The `beforeEach` of the Informatica suites: seed data back, then a fresh session. */
export async function resetAndLogIn(sandbox: Sandbox): Promise<string> {
	sandbox.reset();
	return informaticaSession(sandbox.url);
}

/** Polls `check` every 10 ms until it holds; throws after `ms`. */
export async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 10));
	}
	throw new Error('condition not reached');
}

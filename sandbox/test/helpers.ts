/** Small fetch helpers for the sandbox tests. */
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

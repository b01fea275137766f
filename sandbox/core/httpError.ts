/** Thrown by a handler to answer with `status` and `body` (object -> JSON, string -> text). */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body === 'string' ? body : `HTTP ${status}`);
		this.name = 'HttpError';
	}
}

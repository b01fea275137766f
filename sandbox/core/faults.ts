import type { Rng } from './rng';

export type FaultKind = 'expireSession' | 'status' | 'slow' | 'timeout' | 'truncatedJson' | 'html' | 'empty' | 'dropField';
export const FAULT_KINDS: FaultKind[] = ['expireSession', 'status', 'slow', 'timeout', 'truncatedJson', 'html', 'empty', 'dropField'];

export interface FaultMatch {
	/** HTTP method, any case. */
	method?: string;
	/** A substring of the path, or a regex written as `/.../flags`. Matched against the path without the query. */
	path?: string;
	/** Family name (see FAMILY in constants.ts). */
	family?: string;
}

export interface FaultSpec {
	match?: FaultMatch;
	kind: FaultKind;
	/** Chance (0..1) that a matching request is hit. Default 1. Drawn from the seeded RNG. */
	share?: number;
	/** Stop after this many injections (counted only when the fault actually fires). Default: no limit. */
	next?: number;
	/** `status`: the status (429, 500, 502, 503, 504...). `html`: default 502. `empty`: default 200 (else the handler's). */
	status?: number;
	/** Seconds, sent as a Retry-After header (`status` and `html` faults). */
	retryAfter?: number;
	/** `slow`: how long the answer is held back. Default 1000. */
	delayMs?: number;
	/** `dropField`: dotted path of the field to remove; arrays on the way are walked element by element. */
	field?: string;
}

export interface Fault extends FaultSpec {
	id: number;
	/** How many times it fired. */
	injected: number;
}

export class FaultStore {
	private faults: Fault[] = [];
	private nextId = 1;

	constructor(private readonly rng: Rng) {}

	add(spec: FaultSpec): Fault {
		validate(spec);
		const fault: Fault = { ...spec, id: this.nextId++, injected: 0 };
		this.faults.push(fault);
		return fault;
	}

	list(): Fault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	remove(id: number): boolean {
		const before = this.faults.length;
		this.faults = this.faults.filter((f) => f.id !== id);
		return this.faults.length !== before;
	}

	clear(): void {
		this.faults = [];
	}

	/** The fault that fires for this request, if any: the first matching one whose share draw succeeds. */
	pick(method: string, path: string, family: string | undefined): Fault | undefined {
		for (const fault of this.faults) {
			if (!matches(fault.match, method, path, family)) continue;
			const share = fault.share ?? 1;
			if (share < 1 && this.rng() >= share) continue;
			fault.injected++;
			if (fault.next !== undefined && fault.injected >= fault.next) this.remove(fault.id);
			return { ...fault };
		}
		return undefined;
	}
}

function matches(match: FaultMatch | undefined, method: string, path: string, family: string | undefined): boolean {
	if (!match) return true;
	if (match.method && match.method.toUpperCase() !== method) return false;
	if (match.family && match.family !== family) return false;
	if (match.path) {
		const regex = /^\/(.*)\/([a-z]*)$/.exec(match.path);
		if (regex) {
			if (!new RegExp(regex[1], regex[2]).test(path)) return false;
		} else if (!path.includes(match.path)) return false;
	}
	return true;
}

function validate(spec: FaultSpec): void {
	if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`);
	if (spec.share !== undefined && !(spec.share >= 0 && spec.share <= 1)) throw new Error('share must be between 0 and 1');
	if (spec.next !== undefined && !(Number.isInteger(spec.next) && spec.next > 0)) throw new Error('next must be a positive integer');
	if (spec.kind === 'status' && !(Number.isInteger(spec.status) && spec.status! >= 100 && spec.status! <= 599))
		throw new Error('a status fault needs status (e.g. 429, 500, 502, 503, 504)');
	if (spec.kind === 'dropField' && !spec.field) throw new Error('a dropField fault needs field');
	if (spec.match?.path) {
		const regex = /^\/(.*)\/([a-z]*)$/.exec(spec.match.path);
		if (regex) new RegExp(regex[1], regex[2]);
	}
}

/** Removes the field at a dotted path, walking into arrays element by element. */
export function dropField(value: unknown, path: string): unknown {
	const [head, ...rest] = path.split('.');
	if (Array.isArray(value)) return value.map((item) => dropField(item, path));
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
	if (rest.length === 0) delete copy[head];
	else if (head in copy) copy[head] = dropField(copy[head], rest.join('.'));
	return copy;
}

const REASONS: Record<number, string> = {
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
	return REASONS[status] ?? `HTTP ${status}`;
}

/** What a proxy or load balancer in front of the vendor answers: not JSON. */
export function htmlErrorPage(status: number): string {
	const title = `${status} ${reasonPhrase(status)}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

import type { IDataObject } from 'n8n-workflow';

import { setField } from './records';

/** Header and field names whose values are secrets, matched case-insensitively. */
const SECRET_KEY = /(session-?id|sessionid|password|passwd|secret|token|authorization|api-?key|cookie|connectionstring|connection_string)/i;

const REDACTED = '[redacted]';

/** SECRET_KEY's verdict by key: answers repeat the same few dozen keys on every item and every poll. */
const keyVerdicts = new Map<string, boolean>();
const MAX_KEY_VERDICTS = 5000;

/** Whether a field or header name names a secret (case-insensitive). */
export function isSecretKey(key: string): boolean {
	let verdict = keyVerdicts.get(key);
	if (verdict === undefined) {
		verdict = SECRET_KEY.test(key);
		// A bounded memo: a server that invents keys (ids as keys) only stops being remembered.
		if (keyVerdicts.size < MAX_KEY_VERDICTS) keyVerdicts.set(key, verdict);
	}
	return verdict;
}

/** Replaces every occurrence of the given secret values (and credentials in URLs) inside a text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		// Very short values (a 1-char password) would blank out ordinary words: leave those alone.
		if (typeof secret === 'string' && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
	}
	// user:password@ inside connection strings and URLs (scheme://user:password@host, jdbc:...://)
	// (the patterns need an "@" or an "=": most texts have neither, and skip both scans)
	if (out.includes('@')) out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)([^\s@"']+)(@)/gi, `$1${REDACTED}$3`);
	// key=value pairs such as password=... in JDBC URLs
	if (out.includes('=')) out = out.replace(/\b(password|pwd)=([^;&\s"']+)/gi, `$1=${REDACTED}`);
	return out;
}

/** Deep copy of a value with secret-named fields and known secret values removed. */
export function redactValue<T>(value: T, secrets: readonly string[] = [], depth = 0): T {
	if (depth > 20) return value;
	if (typeof value === 'string') return redactText(value, secrets) as unknown as T;
	if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
	if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1)) as unknown as T;
	return redactFields(value as IDataObject, secrets, depth) as T;
}

/**
 * `redactValue` of a record with the `omit` fields left out: they are not copied, rather than copied and deleted
 * (a delete turns the copy into a slow dictionary for every later read).
 */
export function redactRecord(record: IDataObject, secrets: readonly string[] = [], omit?: ReadonlySet<string>): IDataObject {
	return redactFields(record, secrets, 0, omit);
}

function redactFields(source: IDataObject, secrets: readonly string[], depth: number, omit?: ReadonlySet<string>): IDataObject {
	const out: IDataObject = {};
	// Every field of every answer goes through here: a number, boolean or null is copied without a call.
	for (const key of Object.keys(source)) {
		if (omit?.has(key)) continue;
		const v = source[key];
		if (typeof v === 'string' || typeof v === 'number') {
			setField(out, key, isSecretKey(key) ? REDACTED : typeof v === 'string' ? redactText(v, secrets) : v);
		} else if (v === null || typeof v !== 'object') {
			setField(out, key, v);
		} else {
			setField(out, key, redactValue(v, secrets, depth + 1));
		}
	}
	return out;
}

/** Header values that carry a secret, collected so they can be scrubbed from any text built later. */
export function secretsFromHeaders(headers: Record<string, unknown> | undefined): string[] {
	if (!headers) return [];
	const found: string[] = [];
	for (const [key, value] of Object.entries(headers)) {
		if (typeof value === 'string' && isSecretKey(key)) {
			found.push(value);
			// "Basic xxx" / "Bearer xxx": the part after the scheme is the secret too
			const parts = value.split(' ');
			if (parts.length === 2) found.push(parts[1]);
		}
	}
	return found;
}

/** The Basic authorization value (base64 of "user:password") a user name and a secret make, and the header's whole value. */
export function basicAuthSecrets(user: unknown, password: unknown): string[] {
	if (typeof password !== 'string' || password === '') return [];
	const encoded = Buffer.from(`${typeof user === 'string' ? user : ''}:${password}`).toString('base64');
	return [encoded, `Basic ${encoded}`];
}

/**
 * The secrets a credential's data holds (secret-named fields: a password, token, session ID, header secret) and the
 * Basic header value each would make with the credential's user name: what its requests carry, for an answer whose
 * request is not at hand (a 2xx answer that is not JSON).
 */
export function secretsFromCredentials(data: Record<string, unknown> | undefined): string[] {
	if (!data || typeof data !== 'object') return [];
	const user = data.user ?? data.username;
	const found: string[] = [];
	for (const [key, value] of Object.entries(data)) {
		if (typeof value !== 'string' || value === '' || !isSecretKey(key)) continue;
		found.push(value, ...basicAuthSecrets(user, value));
	}
	return found;
}

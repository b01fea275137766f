/** The trigger's event ids: stable across polls, processes and restarts for the same watch, run, state and change count. */

/** Two 32-bit FNV-1a hashes: a short, stable id without a crypto import. */
function hash(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193) >>> 0;
		b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
	}
	return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The same run in the same state, reached by the same number of changes, under the same watch: the same id. */
export function eventId(watchId: string, key: string, state: string, changes: number): string {
	return `ev_${hash([watchId, key, String(changes), state].join('\u0000'))}`;
}

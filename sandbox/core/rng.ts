import { createHash } from 'node:crypto';

/** A small seeded RNG (mulberry32): the same seed gives the same fault pattern and ids. */
export interface Rng {
	(): number;
	/** `length` characters from `alphabet` (default: letters and digits). */
	string(length: number, alphabet?: string): string;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	reseed(seed: number): void;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createRng(seed: number): Rng {
	let state = seed >>> 0;
	const next = (() => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}) as Rng;
	next.string = (length, alphabet = ALNUM) => {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
		return out;
	};
	next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
	next.reseed = (s) => {
		state = s >>> 0;
	};
	return next;
}

/** A 22-character letters-and-digits id derived from `seed` (Informatica's federated-id shape): the same seed, the same id. */
export function idFromSeed(seed: string): string {
	const hash = createHash('sha256').update(seed).digest();
	let id = '';
	for (let i = 0; i < 22; i++) id += ALNUM[hash[i] % ALNUM.length];
	return id;
}

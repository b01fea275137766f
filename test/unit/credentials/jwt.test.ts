/** Reading a JWT session's expiry (credentials/shared.ts): renew before `exp`, never for opaque session ids. */
import { jwtNeedsRenewal, jwtTimes } from '../../../credentials/shared';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;

describe('JWT session expiry', () => {
	const now = Date.UTC(2026, 0, 1, 12, 0, 0);
	const s = (ms: number) => Math.floor(ms / 1000);

	it('reads exp and iat of a JWT; an opaque id or a payload without exp is not a JWT session', () => {
		expect(jwtTimes(jwt({ exp: s(now) + 1800, iat: s(now) }))).toEqual({ expiresAt: (s(now) + 1800) * 1000, issuedAt: s(now) * 1000 });
		expect(jwtTimes('4Ch2mQ8x5Zb1Yw9LkP0r3T7uVf6Ns2Dj')).toBeUndefined();
		expect(jwtTimes(jwt({ sub: 'u' }))).toBeUndefined();
		expect(jwtTimes('a.!!!.c')).toBeUndefined();
		expect(jwtTimes('a.bm90IGpzb24.c')).toBeUndefined();
	});

	it('renews 60 s before exp, or a quarter of a shorter lifetime before it; never an opaque id', () => {
		const token = jwt({ iat: s(now), exp: s(now) + 1800 });
		expect(jwtNeedsRenewal(token, now + 1000 * 1000)).toBe(false);
		expect(jwtNeedsRenewal(token, (s(now) + 1800 - 61) * 1000)).toBe(false);
		expect(jwtNeedsRenewal(token, (s(now) + 1800 - 59) * 1000)).toBe(true);
		expect(jwtNeedsRenewal(token, (s(now) + 1900) * 1000)).toBe(true);
		const short = jwt({ iat: s(now), exp: s(now) + 8 });
		expect(jwtNeedsRenewal(short, s(now) * 1000 + 5000)).toBe(false);
		expect(jwtNeedsRenewal(short, s(now) * 1000 + 6500)).toBe(true);
		expect(jwtNeedsRenewal('4Ch2mQ8x5Zb1Yw9LkP0r3T7uVf6Ns2Dj', now)).toBe(false);
	});
});

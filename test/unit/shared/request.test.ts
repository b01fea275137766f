import { parseErrorBody } from '../../../nodes/shared/apiError';
import { backoffMs, decideRetry, DEFAULT_RETRY, retryAfterMs } from '../../../nodes/shared/retry';
import { informaticaErrorBody } from '../../../nodes/InformaticaIdmc/transport';

describe('error bodies: the shared reader and the vendors\' own', () => {
	it('Informatica v2: @type error with description (Informatica\'s transport reads it)', () => {
		expect(informaticaErrorBody('{"@type":"error","code":"AUTH_01","description":"Invalid user name or password.","statusCode":401}')).toEqual({
			message: 'Invalid user name or password.',
			code: 'AUTH_01',
		});
	});
	it('Informatica v3 and CData Sync: nested error object with request id', () => {
		expect(parseErrorBody('{"error":{"code":"CORE_001","message":"Object not found","requestId":"abc","details":null}}')).toEqual({
			message: 'Object not found',
			code: 'CORE_001',
			requestId: 'abc',
		});
	});
	it('Database Ingestion: status, numeric code and message', () => {
		expect(parseErrorBody('{"status":"failed","code":409,"message":"Job is not deployed"}')).toEqual({ message: 'Job is not deployed', code: '409' });
	});
	it('Relational Migrator: message plus description', () => {
		expect(parseErrorBody('{"jobId":"j1","message":"Job already running","description":"Only one job at a time","timestamp":"2026-01-01"}').message).toBe(
			'Job already running: Only one job at a time',
		);
	});
	it('an HTML error page gives its title, plain text its first characters, empty nothing', () => {
		expect(parseErrorBody('<html><head><title>502 Bad Gateway</title></head></html>').message).toBe('HTML page: 502 Bad Gateway');
		expect(parseErrorBody('upstream timed out').message).toBe('upstream timed out');
		expect(parseErrorBody('')).toEqual({});
	});
});

describe('retry decisions', () => {
	const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
	const half = () => 0.5;

	it.each([429, 502, 503, 504])('retries an idempotent call on %i', (status) => {
		expect(decideRetry({ status, headers: {} }, true, 0, policy, half).retry).toBe(true);
	});
	it.each([400, 401, 403, 404, 409, 422, 500])('never retries %i', (status) => {
		expect(decideRetry({ status, headers: {} }, true, 0, policy, half).retry).toBe(false);
	});
	it('retries idempotent calls on network errors, starts only where the request never left', () => {
		expect(decideRetry({ headers: {}, networkCode: 'ECONNRESET' }, true, 0, policy, half).retry).toBe(true);
		expect(decideRetry({ headers: {}, networkCode: 'ECONNRESET' }, false, 0, policy, half).retry).toBe(false);
		expect(decideRetry({ headers: {}, networkCode: 'ETIMEDOUT' }, false, 0, policy, half).retry).toBe(false);
		expect(decideRetry({ headers: {}, networkCode: 'ECONNREFUSED' }, false, 0, policy, half).retry).toBe(true);
	});
	it('a start is retried on 429 and on 503 with Retry-After only', () => {
		expect(decideRetry({ status: 429, headers: {} }, false, 0, policy, half).retry).toBe(true);
		expect(decideRetry({ status: 503, headers: { 'retry-after': '1' } }, false, 0, policy, half)).toEqual({ retry: true, delayMs: 1000 });
		expect(decideRetry({ status: 503, headers: {} }, false, 0, policy, half).retry).toBe(false);
		expect(decideRetry({ status: 502, headers: {} }, false, 0, policy, half).retry).toBe(false);
	});
	it('honours Retry-After in seconds and as a date, and refuses absurd waits', () => {
		expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
		expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 5_000)).toBe(5000);
		expect(retryAfterMs({})).toBeUndefined();
		expect(decideRetry({ status: 429, headers: { 'retry-after': '3600' } }, true, 0, policy, half).retry).toBe(false);
	});
	it('stops after maxRetries', () => {
		expect(decideRetry({ status: 503, headers: {} }, true, policy.maxRetries, policy, half).retry).toBe(false);
	});
	it('backs off exponentially with full jitter and a cap', () => {
		expect(backoffMs(0, policy, () => 1)).toBe(100);
		expect(backoffMs(3, policy, () => 1)).toBe(800);
		expect(backoffMs(10, policy, () => 1)).toBe(1000);
		expect(backoffMs(3, policy, () => 0)).toBe(0);
	});
	it('retries enough that a 1,000-item run of two-request status reads survives 20% transient faults (bug: 4 retries lost ~1 item)', () => {
		const failPerRequest = 0.2 ** (DEFAULT_RETRY.maxRetries + 1);
		expect(failPerRequest * 2 * 1000).toBeLessThan(0.05);
		expect(decideRetry({ status: 502, headers: {} }, true, DEFAULT_RETRY.maxRetries - 1, DEFAULT_RETRY, half).retry).toBe(true);
	});
});

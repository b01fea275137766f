/** When a failed attempt may be sent again, and after how long. */
import type { FailureDetails } from './failure';
import { neverSent, tlsFailure } from './failure';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step; doubles per attempt, with full jitter. */
	baseDelayMs: number;
	/** Cap of one backoff step. */
	maxDelayMs: number;
	/** Cap on a server's Retry-After; longer asks fail the request instead of stalling the workflow. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	// 6, not 4: with 20% transient faults, 4 retries still failed 1 request in 3,000 (0.2^5), about one item per
	// 1,000 two-request status reads (test:reliability scenario 2); 0.2^7 is 1 in 78,000.
	maxRetries: 6,
	baseDelayMs: 300,
	maxDelayMs: 10_000,
	maxRetryAfterMs: 60_000,
};

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
	const value = headers['retry-after'];
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^attempt)]. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(random() * ceiling);
}

export interface RetryDecision {
	retry: boolean;
	delayMs: number;
}

/**
 * Whether a failed attempt may be sent again. Idempotent calls retry on 429/502/503/504 and network errors;
 * a call that starts something retries only where the server said it did not process it
 * (429, 503 with Retry-After, or a connection that never opened).
 */
export function decideRetry(
	failure: Pick<FailureDetails, 'status' | 'headers' | 'networkCode' | 'failedRequest'>,
	idempotent: boolean,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): RetryDecision {
	if (attempt >= policy.maxRetries) return { retry: false, delayMs: 0 };
	if (failure.networkCode && tlsFailure(failure.networkCode)) return { retry: false, delayMs: 0 };
	// The credential's login failed before this request went out (a session renewed after a 401 included): the request
	// itself was not sent, so even a start may be sent again.
	if (failure.failedRequest) idempotent = true;
	const asked = retryAfterMs(failure.headers);
	if (asked !== undefined && asked > policy.maxRetryAfterMs) return { retry: false, delayMs: 0 };
	const delay = asked !== undefined ? asked : backoffMs(attempt, policy, random);
	if (failure.status !== undefined) {
		if (!RETRYABLE_STATUS.has(failure.status)) return { retry: false, delayMs: 0 };
		if (idempotent) return { retry: true, delayMs: delay };
		const notProcessed = failure.status === 429 || (failure.status === 503 && asked !== undefined);
		return { retry: notProcessed, delayMs: delay };
	}
	if (failure.networkCode) {
		if (idempotent || neverSent(failure.networkCode)) return { retry: true, delayMs: delay };
	}
	return { retry: false, delayMs: 0 };
}

/**
 * A request whose answer may have been lost: a transient server error (500, 502, 503, 504), no answer or a dropped
 * connection, or a 2xx answer that could not be read. For a start call the service may or may not have started
 * the run; the run engine (jobRun.ts) reads the status to tell which. 429 is not here: the server says it did not
 * process the call, and request.ts retried it already.
 */
const LOST_ANSWER_STATUS = new Set([500, 502, 503, 504]);
const ANSWER_LOST = Symbol.for('n8n-nodes-data-replication.answerLost');

export function markAnswerLost<E extends object>(error: E, failure: Pick<FailureDetails, 'status' | 'networkCode' | 'failedRequest'> | 'unreadable'): E {
	// Not sent at all: the credential's login failed first, or the TLS handshake did.
	const notSent = failure !== 'unreadable' && (failure.failedRequest !== undefined || (failure.networkCode !== undefined && tlsFailure(failure.networkCode)));
	const lost = !notSent && (failure === 'unreadable' || (failure.status !== undefined ? LOST_ANSWER_STATUS.has(failure.status) : !!failure.networkCode));
	if (lost) Object.defineProperty(error, ANSWER_LOST, { value: true, enumerable: false });
	return error;
}

/** Whether the error is one of those `markAnswerLost` marked. */
export function answerMayBeLost(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[ANSWER_LOST] === true;
}

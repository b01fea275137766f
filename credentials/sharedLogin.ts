import { jwtNeedsRenewal } from './shared';

export interface SessionAnswer {
	sessionId: string;
	serverUrl: string;
}

/**
 * Logins shared by every request that saw the same session expire. n8n renews a session per failed request, so ten
 * items in flight when a session expires would log in ten times; keyed by the expired session id, they share one.
 * A first login (no session yet) is shared while in flight and for FIRST_LOGIN_REUSE_MS after it: n8n stores the new
 * session in the credential only after the login, so an execution that read the credential in between still sees it
 * empty (seen in queue mode: two executions on one worker, two logins). A reused session that the vendor no longer
 * accepts costs one 401 and one login, as any expired session does.
 */
interface SharedLogin {
	login: Promise<SessionAnswer>;
	at: number;
	/** A first login (no session before it), and when it ended. */
	first: boolean;
	done?: number;
	session?: SessionAnswer;
	/** When the vendor refused this login (wrong credentials): the refusal is shared for REFUSED_LOGIN_REUSE_MS. */
	refusedAt?: number;
}
const sharedLogins = new Map<string, SharedLogin>();
const SHARED_LOGIN_TTL_MS = 60_000;
export const FIRST_LOGIN_REUSE_MS = 10_000;
/**
 * A login the vendor refused (400, 401, 403: wrong user name or password) is handed to every request of the same
 * credential for this long instead of trying again: twenty items would otherwise make twenty failed logins, enough for
 * an IDMC password policy to lock the user. The key holds the password, so a corrected credential logs in at once.
 */
export const REFUSED_LOGIN_REUSE_MS = 10_000;

function refusedByVendor(error: unknown): boolean {
	const status = (error as { cause?: { response?: { status?: unknown } } })?.cause?.response?.status;
	return status === 400 || status === 401 || status === 403;
}

/** `refusedSession`: the session being renewed ('' for a first login, with no session before it). */
export function shareLogin(key: string, login: () => Promise<SessionAnswer>, now = Date.now(), refusedSession = ''): Promise<SessionAnswer> {
	for (const [k, entry] of sharedLogins) {
		// A session the vendor just refused (the one being renewed) is never handed out again by any entry.
		if (refusedSession !== '' && entry.session?.sessionId === refusedSession) {
			sharedLogins.delete(k);
			continue;
		}
		const firstLoginOver = entry.first && entry.done !== undefined && now - entry.done > FIRST_LOGIN_REUSE_MS;
		const refusalOver = entry.refusedAt !== undefined && now - entry.refusedAt > REFUSED_LOGIN_REUSE_MS;
		// A JWT that is due for renewal is never handed out again.
		const renewalDue = entry.session !== undefined && jwtNeedsRenewal(entry.session.sessionId, now);
		if (now - entry.at > SHARED_LOGIN_TTL_MS || firstLoginOver || renewalDue || refusalOver) sharedLogins.delete(k);
	}
	const existing = sharedLogins.get(key);
	if (existing) return existing.login;
	const entry: SharedLogin = { login: login(), at: now, first: refusedSession === '' };
	sharedLogins.set(key, entry);
	// A failed login is not shared afterwards, except the vendor's refusal of the credentials, for a short while.
	entry.login.then(
		(session) => {
			entry.done = Math.max(now, Date.now());
			entry.session = session;
		},
		(error: unknown) => {
			if (refusedByVendor(error)) entry.refusedAt = Math.max(now, Date.now());
			else if (sharedLogins.get(key) === entry) sharedLogins.delete(key);
		},
	);
	return entry.login;
}

/** Forgets every shared login: for tests that reset the vendor (a sandbox) between runs in one process. */
export function forgetSharedLogins(): void {
	sharedLogins.clear();
}

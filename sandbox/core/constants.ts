/**
 * Fixed values shared by the sandbox core, its families, the CLI and the tests.
 * Change them here only: the node tests read them from this file, and docs/sandbox.md quotes them.
 */

/** The sandbox never listens on anything but the loopback interface. */
export const SANDBOX_HOST = '127.0.0.1';
/** CLI default port (n8n itself uses 5678). */
export const DEFAULT_CLI_PORT = 8787;
/** Default simulated job run time; tests usually pass something like 50. */
export const DEFAULT_RUN_TIME_MS = 3000;
/** Informatica drops a session after 30 minutes without a request. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
/** Seed of the RNG that decides fault shares and random ids. */
export const DEFAULT_SEED = 42;
/** How many requests GET /__sandbox/requests keeps. */
export const REQUEST_LOG_SIZE = 2000;
/** Everything under this prefix is the control API: never faulted, counted or logged. */
export const CONTROL_PREFIX = '/__sandbox';

/** Family names: used in fault matches, scripts, start counters and forced transitions. */
export const FAMILY = {
	informaticaLogin: 'informaticaLogin',
	informaticaDbmi: 'informaticaDbmi',
	informaticaDataIntegration: 'informaticaDataIntegration',
	informaticaImport: 'informaticaImport',
	informaticaExport: 'informaticaExport',
	informaticaTaskflow: 'informaticaTaskflow',
	cdataSync: 'cdataSync',
	relationalMigrator: 'relationalMigrator',
} as const;
export type FamilyName = (typeof FAMILY)[keyof typeof FAMILY];

/** Informatica IDMC: the sandbox host plays both the login host and the pod host. */
export const INFORMATICA = {
	username: 'sandbox',
	password: 'sandbox',
	loginPathV2: '/ma/api/v2/user/login',
	loginPathV3: '/saas/public/core/v3/login',
	/** serverUrl / baseApiUrl returned by the logins is `<sandbox url>` + this. */
	serverPath: '/saas',
	/** `<serverUrl>/api/v2/...` (header icSessionId). */
	v2Prefix: '/saas/api/v2',
	/** `<baseApiUrl>/public/core/v3/...` (header INFA-SESSION-ID). */
	v3Prefix: '/saas/public/core/v3',
	/** `<serverUrl>/dbmi/public/api/v2/...` (header IDS-SESSION-ID or icSessionId). */
	dbmiPrefix: '/saas/dbmi/public/api/v2',
	/** Taskflow services: `<pod host>/active-bpel/...`, without /saas (header IDS-SESSION-ID or INFA-SESSION-ID). */
	taskflowPrefix: '/active-bpel',
	userId: '0100000300000000000F',
	userUuid: 'b5gHyqR2FkUhBn6tXW5Cw2',
	userName: 'sandbox',
	orgId: '010000',
	orgUuid: '3tJmKqQTtWdjAcXs9Wk0qL',
	orgName: 'Sandbox Org',
} as const;

/** CData Sync: header `x-cdata-authtoken: <token>`, or HTTP Basic `<user>:<token>`. */
export const CDATA_SYNC = {
	basePath: '/api.rsc',
	v2Prefix: '/api.rsc/v2',
	user: 'sandbox',
	token: 'sandbox-token',
} as const;

/** MongoDB Relational Migrator: no authentication; the base URL is the sandbox URL itself. */
export const RELATIONAL_MIGRATOR = {
	basePath: '',
	apiPrefix: '/api/v1',
} as const;

/** The URLs a user (or a test) types into each credential, for a sandbox running at `baseUrl`. */
export function vendorUrls(baseUrl: string) {
	return {
		informaticaLoginUrl: baseUrl,
		informaticaServerUrl: baseUrl + INFORMATICA.serverPath,
		informaticaDbmiUrl: baseUrl + INFORMATICA.dbmiPrefix,
		cdataSyncBaseUrl: baseUrl + CDATA_SYNC.basePath,
		relationalMigratorBaseUrl: baseUrl + RELATIONAL_MIGRATOR.basePath,
		relationalMigratorApiUrl: baseUrl + RELATIONAL_MIGRATOR.apiPrefix,
		controlUrl: baseUrl + CONTROL_PREFIX,
	};
}

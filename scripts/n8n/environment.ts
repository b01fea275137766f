/** The environment every n8n process of an instance gets, and the fixed secrets the e2e instances share. */
import * as path from 'path';
import type { N8nInstall } from './install';

/** Fixed so that credentials encrypted by one command decrypt in the next (and in a copied database). */
export const ENCRYPTION_KEY = 'n8n-nodes-data-replication-e2e-key';

export const OWNER = {
	email: 'owner@e2e.example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eOwnerPassw0rd',
};

/** This process's environment without its n8n, npm-run or jest settings, plus n8n's headless loopback setup. */
export function n8nEnvironment(install: N8nInstall, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|npm_|JEST_|NODE_OPTIONS$|NODE_ENV$|TS_NODE_|GENERIC_TIMEZONE$|WEBHOOK_URL$)/.test(key)) continue;
		env[key] = value;
	}
	return {
		...env,
		PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		// jest sets NODE_ENV=test, and n8n refuses to load nodes in tests.
		NODE_ENV: 'production',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_SECURE_COOKIE: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// What the install's line needs (scripts/n8n/lines.ts), e.g. the legacy expression engine on 1.x.
		...install.env,
		...extra,
	};
}

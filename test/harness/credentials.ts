/**
 * What a user types into each vendor's credential to reach the sandbox: one place for the tests, the reliability
 * scenarios and the bench.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CDATA_SYNC, INFORMATICA } from '../../sandbox/core/constants';
import type { Sandbox } from '../../sandbox/server';

export const informaticaCredential = (sandbox: Sandbox): ICredentialDataDecryptedObject => ({
	region: 'custom',
	customLoginUrl: sandbox.url,
	username: INFORMATICA.username,
	password: INFORMATICA.password,
});

export const cdataSyncCredential = (sandbox: Sandbox): ICredentialDataDecryptedObject => ({ baseUrl: sandbox.urls.cdataSyncBaseUrl, authToken: CDATA_SYNC.token });

export const relationalMigratorCredential = (sandbox: Sandbox): ICredentialDataDecryptedObject => ({ baseUrl: sandbox.url });

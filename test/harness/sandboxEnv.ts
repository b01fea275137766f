// This module registers jest hooks; the bench's tsconfig, which compiles test/harness without jest's types, needs them named.
/// <reference types="jest" />
/**
 * The setup every vendor's tests share: a sandbox with the vendor's families and a harness whose credentials point at
 * it. `useSandboxEnv` also registers the jest hooks: start once, close at the end, and before each test a reset
 * sandbox and a fresh harness (fresh credentials: no session carried over from the last test).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { forgetSharedLogins } from '../../credentials/InformaticaIdmcApi.credentials';
import { N8nHarness, type HarnessOptions } from './n8n';

export interface SandboxEnvSetup {
	sandbox: SandboxOptions;
	nodeTypes: HarnessOptions['nodeTypes'];
	credentialTypes: HarnessOptions['credentialTypes'];
	/** Credential data by credential type name, for this sandbox. */
	credentials(sandbox: Sandbox): Record<string, ICredentialDataDecryptedObject>;
}

export interface SandboxEnv {
	sandbox: Sandbox;
	harness: N8nHarness;
	/** A fresh harness with fresh credentials (as after an n8n restart: a vendor session is gone). */
	newHarness(): N8nHarness;
}

export async function startSandboxEnv(setup: SandboxEnvSetup): Promise<SandboxEnv> {
	const sandbox = await startSandbox(setup.sandbox);
	const newHarness = () => new N8nHarness({ nodeTypes: setup.nodeTypes, credentialTypes: setup.credentialTypes, credentials: setup.credentials(sandbox) });
	return { sandbox, harness: newHarness(), newHarness };
}

export interface UseSandboxEnvOptions {
	/** Called whenever the env changes (after the start and after each reset), for tests that keep `sandbox` and `harness` in variables of their own. */
	bind?(env: SandboxEnv): void;
	/** Reset the sandbox and make a fresh harness before each test (default true). */
	resetEachTest?: boolean;
}

/** Registers the hooks and returns the env, filled in by beforeAll. */
export function useSandboxEnv(setup: SandboxEnvSetup, options: UseSandboxEnvOptions = {}): SandboxEnv {
	const env = {} as SandboxEnv;
	beforeAll(async () => {
		Object.assign(env, await startSandboxEnv(setup));
		options.bind?.(env);
	});
	afterAll(() => env.sandbox.close());
	if (options.resetEachTest ?? true) {
		beforeEach(() => {
			env.sandbox.reset();
			// The sandbox forgot its sessions: so does the credential's login sharing (one n8n process, one vendor).
			forgetSharedLogins();
			env.harness = env.newHarness();
			options.bind?.(env);
		});
	}
	return env;
}

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { CDataSyncApi } from '../../../credentials/CDataSyncApi.credentials';
import { CDataSync } from '../../../nodes/CDataSync/CDataSync.node';
import { CDataSyncTrigger } from '../../../nodes/CDataSync/CDataSyncTrigger.node';
import { CDATA_SYNC, FAMILY } from '../../../sandbox/core/constants';
import * as cdataSyncFamily from '../../../sandbox/families/cdataSync';
import { cdataSyncCredential } from '../../harness/credentials';
import type { N8nHarness } from '../../harness/n8n';
import { rl } from '../../harness/resourceLocator';
import { useSandboxEnv, type SandboxEnv } from '../../harness/sandboxEnv';

export { CDATA_SYNC, FAMILY };

export interface SandboxJob {
	id: string;
	name: string;
	workspace_id: string;
	tasks: Array<{ id: string; index: number; query: string; is_active: boolean }>;
	status: IDataObject;
}

export interface CDataEnv extends SandboxEnv {
	/** The credential as the tests first type it (tests change copies of it). */
	credential: ICredentialDataDecryptedObject;
	job(name: string): SandboxJob;
	workspace(name: string): { id: string; name: string };
	/** Runs the action node with `parameters` (resource/operation included). */
	run(parameters: INodeParameters, options?: { items?: IDataObject[]; continueOnFail?: boolean }): ReturnType<N8nHarness['runNode']>;
	/** Vendor requests counted since the last reset, by "METHOD pattern". */
	requests(): Record<string, number>;
	waitForStatus(jobName: string, test: (status: string) => boolean, ms?: number): Promise<string>;
}

/** A job picked "by ID" in a resource locator. */
export const byId = (value: string) => rl(value);
/** A job picked "from list" (the list's value is the id). */
export const fromList = (value: string) => rl(value, 'list');

/** The sandbox and harness, reset before each test with a fresh harness (see useSandboxEnv), and the helpers above. */
export function useCDataEnv(): CDataEnv {
	const env = useSandboxEnv({
		sandbox: { runTimeMs: 150, families: [cdataSyncFamily] },
		nodeTypes: [CDataSync, CDataSyncTrigger],
		credentialTypes: [CDataSyncApi],
		credentials: (s) => ({ cDataSyncApi: cdataSyncCredential(s) }),
	}) as CDataEnv;
	const state = () => env.sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; name: string }>; jobs: SandboxJob[] };
	beforeAll(() => {
		env.credential = cdataSyncCredential(env.sandbox);
	});
	Object.assign(env, {
		job(name: string) {
			const job = state().jobs.find((j) => j.name === name);
			if (!job) throw new Error(`no sandbox job ${name}`);
			return job;
		},
		workspace(name: string) {
			const ws = state().workspaces.find((w) => w.name === name);
			if (!ws) throw new Error(`no sandbox workspace ${name}`);
			return ws;
		},
		run(parameters: INodeParameters, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) {
			return env.harness.runNode({ type: 'cDataSync', parameters, items: options.items, continueOnFail: options.continueOnFail });
		},
		requests() {
			return { ...(env.sandbox.counters.snapshot() as { requests: Record<string, number> }).requests };
		},
		async waitForStatus(jobName: string, test: (status: string) => boolean, ms = 5000) {
			const end = Date.now() + ms;
			for (;;) {
				const status = String(env.job(jobName).status.status);
				if (test(status)) return status;
				if (Date.now() > end) throw new Error(`job ${jobName} stayed ${status}`);
				await new Promise((r) => setTimeout(r, 10));
			}
		},
	} satisfies Omit<CDataEnv, keyof SandboxEnv | 'credential'>);
	return env;
}

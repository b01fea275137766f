import type { INodeType } from 'n8n-workflow';

import { InformaticaIdmcApi } from '../../../credentials/InformaticaIdmcApi.credentials';
import { InformaticaIdmc } from '../../../nodes/InformaticaIdmc/InformaticaIdmc.node';
import type { SandboxFamily } from '../../../sandbox/server';
import * as informaticaLogin from '../../../sandbox/families/informaticaLogin';
import { informaticaCredential } from '../../harness/credentials';
import { useSandboxEnv, type SandboxEnv, type UseSandboxEnvOptions } from '../../harness/sandboxEnv';

export interface InformaticaEnvOptions extends Pick<UseSandboxEnvOptions, 'bind'> {
	runTimeMs?: number;
	/** The node types to load (default: the action node). */
	nodeTypes?: Array<new () => INodeType>;
}

/**
 * A sandbox with the login family and `families`, and a harness with the Informatica credential, reset before each
 * test (see useSandboxEnv).
 */
export function useInformaticaEnv(families: SandboxFamily[], options: InformaticaEnvOptions = {}): SandboxEnv {
	return useSandboxEnv(
		{
			sandbox: { runTimeMs: options.runTimeMs ?? 150, families: [informaticaLogin, ...families] },
			nodeTypes: options.nodeTypes ?? [InformaticaIdmc],
			credentialTypes: [InformaticaIdmcApi],
			credentials: (sandbox) => ({ informaticaIdmcApi: informaticaCredential(sandbox) }),
		},
		{ bind: options.bind },
	);
}

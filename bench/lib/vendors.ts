/**
 * The vendor nodes the benchmark drives, loaded only when their files exist (the vendors land one by one).
 * Everything vendor-specific the sections need lives here: how to build a harness against the sandbox, which
 * "get status" operation to run, and the bare URL the same request goes to.
 */
import http from 'node:http';

import axios from 'axios';
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { CDATA_SYNC, FAMILY, INFORMATICA } from '../../sandbox/server';
import { N8nHarness } from '../../test/harness/n8n';
import { rl } from '../../test/harness/resourceLocator';

/** Requires a module by path; undefined when it (or its export) does not exist yet. */
export function optionalRequire<T = Record<string, unknown>>(path: string): T | undefined {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(path) as T;
	} catch (error) {
		const e = error as { code?: string };
		if (e.code === 'MODULE_NOT_FOUND') return undefined;
		throw error;
	}
}

type Ctor<T> = new () => T;

function exported<T>(path: string, name: string): Ctor<T> | undefined {
	const mod = optionalRequire<Record<string, unknown>>(path);
	return mod?.[name] as Ctor<T> | undefined;
}

export interface VendorKit {
	vendor: 'Informatica IDMC' | 'CData Sync' | 'Relational Migrator';
	node?: Ctor<INodeType>;
	trigger?: Ctor<INodeType>;
	credential?: Ctor<ICredentialType>;
	credentialName: string;
	credentialData(sandbox: Sandbox): ICredentialDataDecryptedObject;
	harness(sandbox: Sandbox, extraNodes?: Array<Ctor<INodeType>>): N8nHarness;
}

function kit(
	vendor: VendorKit['vendor'],
	folder: string,
	nodeClass: string,
	credentialFile: string,
	credentialClass: string,
	credentialName: string,
	credentialData: (sandbox: Sandbox) => ICredentialDataDecryptedObject,
): VendorKit {
	const k: VendorKit = {
		vendor,
		node: exported<INodeType>(`../../nodes/${folder}/${nodeClass}.node.ts`, nodeClass),
		trigger: exported<INodeType>(`../../nodes/${folder}/${nodeClass}Trigger.node.ts`, `${nodeClass}Trigger`),
		credential: credentialFile ? exported<ICredentialType>(`../../credentials/${credentialFile}.credentials.ts`, credentialClass) : undefined,
		credentialName,
		credentialData,
		harness(sandbox, extraNodes = []) {
			const nodeTypes = [k.node, k.trigger, ...extraNodes].filter((c): c is Ctor<INodeType> => !!c);
			return new N8nHarness({
				nodeTypes,
				credentialTypes: k.credential ? [k.credential] : [],
				credentials: k.credential ? { [credentialName]: credentialData(sandbox) } : {},
			});
		},
	};
	return k;
}

export const informatica = (): VendorKit =>
	kit('Informatica IDMC', 'InformaticaIdmc', 'InformaticaIdmc', 'InformaticaIdmcApi', 'InformaticaIdmcApi', 'informaticaIdmcApi', (s) => ({
		region: 'custom',
		customLoginUrl: s.urls.informaticaLoginUrl,
		username: INFORMATICA.username,
		password: INFORMATICA.password,
		sessionId: '',
		serverUrl: '',
	}));

export const cdataSync = (): VendorKit =>
	kit('CData Sync', 'CDataSync', 'CDataSync', 'CDataSyncApi', 'CDataSyncApi', 'cDataSyncApi', (s) => ({
		baseUrl: s.urls.cdataSyncBaseUrl,
		authToken: CDATA_SYNC.token,
	}));

export const relationalMigrator = (): VendorKit =>
	kit('Relational Migrator', 'MongoDbRelationalMigrator', 'MongoDbRelationalMigrator', 'MongoDbRelationalMigratorApi', 'MongoDbRelationalMigratorApi', 'mongoDbRelationalMigratorApi', (s) => ({
		baseUrl: s.urls.relationalMigratorBaseUrl,
	}));

/** An operation module (nodes/shared/operations.ts) as its file exports it. */
export interface OperationFile {
	execute: unknown;
	concurrency?: number;
}

/** The operation object the node's router dispatches to (the resource index's `operations` map), so overrides reach it. */
function routedOperation(resourceIndex: string, name: string): OperationFile | undefined {
	const index = optionalRequire<{ operations?: Record<string, OperationFile> }>(resourceIndex);
	return index?.operations?.[name];
}

/** A plain GET "status" operation, and the same request for the bare axios loop. */
export interface StatusTarget {
	label: string;
	kit: VendorKit;
	/** The operation file: its `concurrency` export is what the node ships with (and what the bench may override). */
	operation: OperationFile;
	nodeType: string;
	/** Node parameters; the id comes from each item (`$json.id`). */
	parameters: INodeParameters;
	/** Sandbox path substring of the status request (for the emulated-latency fault and the request count). */
	pathMatch: string;
	/** Ids the items cycle over. */
	ids(sandbox: Sandbox): Promise<string[]>;
	/** The same request without n8n: URL per id and the headers (auth done once, outside the timing); also the floor node's URL. */
	bare(sandbox: Sandbox): Promise<{ url: (id: string) => string; headers: Record<string, string> }>;
}

export function statusTargets(): StatusTarget[] {
	const targets: StatusTarget[] = [];
	const cdata = cdataSync();
	const cdataOp = routedOperation('../../nodes/CDataSync/actions/job', 'getStatus');
	if (cdata.node && cdata.credential && cdataOp) {
		targets.push({
			label: 'CData Sync Job > Get Status',
			kit: cdata,
			operation: cdataOp,
			nodeType: new cdata.node().description.name,
			parameters: { resource: 'job', operation: 'getStatus', job: rl('={{ $json.id }}') },
			pathMatch: '/status',
			async ids(sandbox) {
				const state = sandbox.state(FAMILY.cdataSync) as { jobs: Array<{ id: string }> };
				return state.jobs.map((j) => j.id);
			},
			async bare(sandbox) {
				return {
					url: (id) => `${sandbox.urls.cdataSyncBaseUrl}/v2/jobs/${encodeURIComponent(id)}/status`,
					headers: { 'x-cdata-authtoken': CDATA_SYNC.token, accept: 'application/json' },
				};
			},
		});
	}
	const infa = informatica();
	const dbmiOp = routedOperation('../../nodes/InformaticaIdmc/actions/databaseIngestionJob', 'getStatus');
	if (infa.node && infa.credential && dbmiOp) {
		let session: string | undefined;
		targets.push({
			label: 'Informatica Database Ingestion Job > Get Status',
			kit: infa,
			operation: dbmiOp,
			nodeType: new infa.node().description.name,
			parameters: { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: '={{ $json.id }}' },
			pathMatch: '/job/status',
			async ids(sandbox) {
				const state = sandbox.state(FAMILY.informaticaDbmi) as { jobs: Array<{ jobId: number | string }> };
				return state.jobs.map((j) => String(j.jobId));
			},
			async bare(sandbox) {
				if (!session) {
					const { data } = await bareClient().post<{ icSessionId: string }>(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
						'@type': 'login',
						username: INFORMATICA.username,
						password: INFORMATICA.password,
					});
					session = data.icSessionId;
				}
				return {
					url: (id) => `${sandbox.url}${INFORMATICA.dbmiPrefix}/job/status?jobId=${encodeURIComponent(id)}`,
					headers: { 'IDS-SESSION-ID': session, accept: 'application/json' },
				};
			},
		});
	}
	const rm = relationalMigrator();
	const rmOp = routedOperation('../../nodes/MongoDbRelationalMigrator/actions/job', 'get');
	if (rm.node && rmOp) {
		targets.push({
			label: 'Relational Migrator Job > Get',
			kit: rm,
			operation: rmOp,
			nodeType: new rm.node().description.name,
			parameters: { resource: 'job', operation: 'get', jobId: '={{ $json.id }}' },
			pathMatch: '/api/v1/jobs/',
			async ids(sandbox) {
				const state = sandbox.state(FAMILY.relationalMigrator) as { jobs: Array<{ id: string }> };
				return state.jobs.map((j) => j.id);
			},
			async bare(sandbox) {
				return { url: (id) => `${sandbox.urls.relationalMigratorApiUrl}/jobs/${encodeURIComponent(id)}`, headers: { accept: 'application/json' } };
			},
		});
	}
	return targets;
}

/** An axios client with a keep-alive agent (the baseline every ratio is taken against), or one connection per request. */
export function bareClient(keepAlive = true) {
	return axios.create({ httpAgent: new http.Agent({ keepAlive, maxSockets: 64 }), validateStatus: (s) => s < 400 });
}

export type { IDataObject };

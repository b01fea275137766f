/**
 * Runs this package's nodes through n8n-core's real engine (WorkflowExecute, PollContext, LoadOptionsContext), with a
 * credentials helper that behaves like n8n's own (packages/cli/src/credentials-helper.ts): defaults filled,
 * `preAuthentication` run when the expirable field is empty and again after a 401, its result stored.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

type NodeTypeClass = new () => INodeType;

/**
 * Everything a user would see (outputs, errors with descriptions) is appended here when CAPTURE_FILE is set, so the
 * reliability suite can scan the whole test run for leaked secrets.
 */
function capture(kind: string, type: string, payload: unknown): void {
	const file = process.env.CAPTURE_FILE;
	if (!file) return;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require('node:fs').appendFileSync(file, `${JSON.stringify({ kind, type, payload })}\n`);
}

function errorView(error: unknown): unknown {
	if (!error || typeof error !== 'object') return error;
	const e = error as { message?: string; description?: unknown; httpCode?: unknown; context?: unknown; errorResponse?: unknown; messages?: unknown };
	return { message: e.message, description: e.description, httpCode: e.httpCode, context: e.context, errorResponse: e.errorResponse, messages: e.messages };
}
type CredentialTypeClass = new () => ICredentialType;

const INPUT_NODE_TYPE = 'harness.input';

/** A start node that emits the items the test gives it. */
class HarnessInput implements INodeType {
	description = {
		displayName: 'Harness Input',
		name: INPUT_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }] as INodeProperties[],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string;
		const items = JSON.parse(raw) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

function resolveCredentialValue(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const template = value.slice(1);
	const whole = /^\{\{\s*\$credentials\??\.(\w+)\s*\}\}$/.exec(template);
	if (whole) return credentials[whole[1]];
	return template.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
}

export interface CredentialEvents {
	preAuthentications: number;
	updates: number;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly events: CredentialEvents = { preAuthentications: 0, updates: 0 };

	constructor(
		private readonly types: Map<string, ICredentialType>,
		/** Stored credentials by credential type (one credential per type in a test). */
		readonly store: Map<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		this.events.preAuthentications++;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.type(typeName);
		const authenticate = type.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const options: IHttpRequestOptions = { ...requestOptions };
		const props = authenticate.properties as Record<string, IDataObject>;
		for (const [target, values] of Object.entries(props)) {
			if (target === 'auth') {
				options.auth = {
					username: String(resolveCredentialValue(values.username, credentials) ?? ''),
					password: String(resolveCredentialValue(values.password, credentials) ?? ''),
				};
				continue;
			}
			const resolved: IDataObject = {};
			for (const [key, v] of Object.entries(values)) resolved[key] = resolveCredentialValue(v, credentials) as string;
			const existing = (options as unknown as Record<string, IDataObject | undefined>)[target] ?? {};
			(options as unknown as Record<string, IDataObject>)[target] = { ...existing, ...resolved };
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.events.preAuthentications++;
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		await this.updateCredentials({ id: typeName, name: typeName }, typeName, { ...credentials, ...output });
		return output;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		typeName: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(typeName);
		if (!stored) throw new Error(`No credential of type ${typeName} in the harness`);
		const type = this.type(typeName);
		const withDefaults = NodeHelpers.getNodeParameters(type.properties, stored as INodeParameters, true, false, null, null);
		return { ...(withDefaults as unknown as ICredentialDataDecryptedObject), ...stored };
	}

	async updateCredentials(_node: INodeCredentialsDetails, typeName: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.events.updates++;
		this.store.set(typeName, { ...data });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		return this.type(typeName).properties;
	}
}

export interface HarnessOptions {
	nodeTypes: NodeTypeClass[];
	credentialTypes: CredentialTypeClass[];
	/** Credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
}

export interface RunNodeOptions {
	/** The node's type name as in its description (e.g. 'informaticaIdmc'). */
	type: string;
	parameters: INodeParameters;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** n8n's "On Error" setting; overrides continueOnFail. */
	onError?: INode['onError'];
	typeVersion?: number;
	/**
	 * Cancels the execution when this promise settles, as n8n's Stop button and its workflow timeout do
	 * (WorkflowExecute's PCancelable run: the abort signal fires, the node's promise runs on to its end).
	 */
	cancelWhen?: Promise<unknown>;
}

export interface RunNodeResult {
	/** Items of the node's first output. */
	items: INodeExecutionData[];
	/** All outputs of the node. */
	outputs: INodeExecutionData[][];
	/** The node's error when the run failed (what n8n shows the user). */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

export interface PollOptions {
	type: string;
	parameters: INodeParameters;
	/** The node's saved static data; mutated in place as n8n would save it. */
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	/** What the poll context's getPollBudgetMs() answers (n8n-core's default: 5 minutes). */
	pollBudgetMs?: number;
}

export class N8nHarness {
	readonly credentialsHelper: HarnessCredentialsHelper;

	private readonly nodeTypes: Map<string, INodeType>;

	private readonly credentialTypes: Map<string, ICredentialType>;

	constructor(options: HarnessOptions) {
		this.nodeTypes = new Map();
		for (const Cls of [...options.nodeTypes, HarnessInput]) {
			const instance = new Cls();
			this.nodeTypes.set(instance.description.name, instance);
		}
		this.credentialTypes = new Map(options.credentialTypes.map((Cls) => {
			const instance = new Cls();
			return [instance.name, instance];
		}));
		this.credentialsHelper = new HarnessCredentialsHelper(
			this.credentialTypes,
			new Map(Object.entries(options.credentials ?? {}).map(([k, v]) => [k, { ...v }])),
		);
	}

	credentialType(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	/** Replaces a stored credential (e.g. to test a wrong password). */
	setCredential(typeName: string, data: ICredentialDataDecryptedObject): void {
		this.credentialsHelper.store.set(typeName, { ...data });
	}

	/** The workflow the harness runs: the node under test (after the input node, when given), nothing saved. */
	private workflow(nodes: INode[], connections: IConnections = {}, active = false): Workflow {
		return new Workflow({ id: 'harness-workflow', name: 'harness', nodes, connections, active, nodeTypes: this.nodeTypesProvider, staticData: {} });
	}

	private get nodeTypesProvider(): INodeTypes {
		const types = this.nodeTypes;
		return {
			getByName: (name: string) => (types.get(name) ?? types.get(name.replace(/^.*\./, ''))) as INodeType | IVersionedNodeType,
			getByNameAndVersion: (name: string) => (types.get(name) ?? types.get(name.replace(/^.*\./, ''))) as INodeType,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
	}

	additionalData(mode: WorkflowExecuteMode = 'manual', workflowData?: import('n8n-workflow').IWorkflowBase): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks(mode, 'harness-execution', workflowData ?? ({ id: 'wf', name: 'harness', nodes: [], connections: {}, active: false, createdAt: new Date(), updatedAt: new Date(), settings: {} } as unknown as import('n8n-workflow').IWorkflowBase));
		return {
			credentialsHelper: this.credentialsHelper,
			hooks,
			executeWorkflow: async () => {
				throw new Error('sub-workflows are not used');
			},
			getRunExecutionData: async () => undefined,
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			formBaseUrl: 'http://127.0.0.1:5678/form',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
			mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
			currentNodeExecutionIndex: 0,
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('runner tasks are not used');
			},
			getRuntimeCredential: async () => undefined,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private nodeUnderTest(type: string, parameters: INodeParameters, typeVersion?: number, continueOnFail = false): INode {
		const nodeType = this.nodeTypes.get(type);
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		const credentials: INode['credentials'] = {};
		for (const cred of nodeType.description.credentials ?? []) credentials[cred.name] = { id: cred.name, name: cred.name };
		return {
			id: 'node-under-test',
			name: nodeType.description.defaults.name ?? type,
			type: `n8n-nodes-data-replication.${type}`,
			typeVersion: typeVersion ?? (Array.isArray(nodeType.description.version) ? Math.max(...nodeType.description.version) : nodeType.description.version),
			position: [200, 0],
			parameters,
			credentials,
			continueOnFail,
			onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		};
	}

	/** Runs the node on the given items through WorkflowExecute, as a manual execution in n8n does. */
	async runNode(options: RunNodeOptions): Promise<RunNodeResult> {
		const node = this.nodeUnderTest(options.type, options.parameters, options.typeVersion, options.continueOnFail);
		if (options.onError) node.onError = options.onError;
		const input: INode = {
			id: 'input',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		};
		const workflow = this.workflow([input, node], { Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] } });
		const execute = new WorkflowExecute(this.additionalData('manual'), 'manual');
		const running = execute.run({ workflow, startNode: input, destinationNode: { nodeName: node.name, mode: 'inclusive' } } as never);
		if (options.cancelWhen) void options.cancelWhen.then(() => running.cancel(), () => running.cancel());
		const run = await running;
		if (run.data.resultData.error && !run.data.resultData.runData[node.name]) {
			throw run.data.resultData.error;
		}
		const taskData = run.data.resultData.runData[node.name]?.[0];
		const outputs = (taskData?.data?.main ?? []).map((o) => o ?? []);
		capture('run', options.type, { outputs, error: errorView(taskData?.error ?? run.data.resultData.error) });
		return {
			items: outputs[0] ?? [],
			outputs,
			error: (taskData?.error ?? run.data.resultData.error) as RunNodeResult['error'],
			run,
		};
	}

	/** One poll of a trigger through n8n-core's PollContext; `staticData` is read and written like n8n's saved state. */
	async poll(options: PollOptions): Promise<INodeExecutionData[] | null> {
		const node = this.nodeUnderTest(options.type, options.parameters);
		const staticData = options.staticData ?? {};
		const workflow = this.workflow([node], {}, true);
		const mode = options.mode ?? 'trigger';
		const context = new PollContext(
			workflow,
			node,
			this.additionalData(mode),
			mode,
			'activate',
			undefined,
			undefined,
			undefined,
			undefined,
			() => staticData,
			...(options.pollBudgetMs === undefined ? [] : [() => options.pollBudgetMs as number]),
		);
		const nodeType = this.nodeTypes.get(options.type);
		if (!nodeType?.poll) throw new Error(`${options.type} is not a polling trigger`);
		let result: INodeExecutionData[][] | null;
		try {
			result = await nodeType.poll.call(context);
		} catch (error) {
			capture('pollError', options.type, errorView(error));
			throw error;
		}
		capture('poll', options.type, result);
		return result ? result[0] : null;
	}

	/** What n8n's credential test does: log in if needed, apply the credential, send its test request. */
	async testCredential(typeName: string, nodeType: string): Promise<unknown> {
		const type = this.credentialType(typeName);
		const test = type.test;
		if (!test || !('request' in test)) throw new Error(`${typeName} has no test request`);
		const node = this.nodeUnderTest(nodeType, {});
		const workflow = this.workflow([node]);
		const context = new LoadOptionsContext(workflow, node, this.additionalData('manual'), '');
		const stored = this.credentialsHelper.store.get(typeName) ?? {};
		const request = test.request as IHttpRequestOptions;
		const baseURL = resolveCredentialValue(request.baseURL, stored) as string | undefined;
		const url = resolveCredentialValue(request.url, stored) as string;
		return await context.helpers.httpRequestWithAuthentication.call(context, typeName, { ...request, baseURL, url, json: true });
	}

	/** Calls a node's loadOptions or listSearch method through LoadOptionsContext (a list search with its filter and page token). */
	async loadOptions(
		type: string,
		method: string,
		parameters: INodeParameters = {},
		filter?: string,
		paginationToken?: string,
	): Promise<INodePropertyOptions[] | INodeListSearchResult> {
		const node = this.nodeUnderTest(type, parameters);
		const workflow = this.workflow([node]);
		const additionalData = this.additionalData('manual');
		additionalData.currentNodeParameters = parameters;
		const context = new LoadOptionsContext(workflow, node, additionalData, '');
		const nodeType = this.nodeTypes.get(type)!;
		const listSearch = nodeType.methods?.listSearch?.[method];
		if (listSearch) return await listSearch.call(context, filter, paginationToken);
		const loader = nodeType.methods?.loadOptions?.[method];
		if (loader) return await loader.call(context);
		throw new Error(`${type} has no method ${method}`);
	}
}

export { createRunExecutionData };
export type { IRunExecutionData };

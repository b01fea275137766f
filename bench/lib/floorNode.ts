/**
 * The n8n floor: the least a node can do for one "get status" item in n8n — resolve its parameter (the same
 * expression), call `httpRequestWithAuthentication` with the vendor's credential, return the JSON. No retries, no
 * error mapping, no outcome. node / floor is then the package's own share of the per-item cost.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

export const FLOOR_NODE = 'benchFloor';

export function floorNode(credentialName: string): new () => INodeType {
	return class BenchFloor implements INodeType {
		description = {
			displayName: 'Bench Floor',
			name: FLOOR_NODE,
			group: ['transform'],
			version: 1,
			description: 'A bare n8n node making one authenticated GET per item',
			defaults: { name: 'Bench Floor' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialName, required: true }],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 1 },
			],
		} as unknown as INodeTypeDescription;

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const count = this.getInputData().length;
			const concurrency = this.getNodeParameter('concurrency', 0) as number;
			const out: INodeExecutionData[] = new Array(count);
			let next = 0;
			const worker = async () => {
				while (next < count) {
					const i = next++;
					const url = this.getNodeParameter('url', i) as string;
					const json = await this.helpers.httpRequestWithAuthentication.call(this, credentialName, { method: 'GET', url, json: true });
					out[i] = { json, pairedItem: { item: i } };
				}
			};
			await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
			return [out];
		}
	};
}

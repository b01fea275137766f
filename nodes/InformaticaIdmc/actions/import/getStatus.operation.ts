import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { importOutcome } from '../../outcome';
import { readImport } from './api';
import { importJobIdField } from '../fields';
import { requiredId } from '../../../shared/parameters';

export const description: INodeProperties[] = [
	importJobIdField(['getStatus']),
	{
		displayName: 'Include Objects',
		name: 'includeObjects',
		type: 'boolean',
		default: false,
		description: 'Whether to include each object\'s import state (expand=objects)',
		displayOptions: { show: { resource: ['import'], operation: ['getStatus'] } },
	},
];

export const concurrency = 4;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = requiredId(this, itemIndex, 'importJobId', 'Import Job ID');
	const withObjects = this.getNodeParameter('includeObjects', itemIndex, false) as boolean;
	const answer = await readImport(this, itemIndex, id, withObjects);
	const outcome = importOutcome(answer);
	return { ...answer, outcome: outcome.status, rawStatus: outcome.rawStatus, ...(outcome.details ? { summary: outcome.details } : {}) };
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readJobId } from './api';
import { NodeOperationError } from 'n8n-workflow';
import { jobIdField, jobRunProperties } from '../fields';
import { startOrResumeJob } from './wait';


const show = { resource: ['databaseIngestionJob'], operation: ['resume'] };

export const description: INodeProperties[] = [
	jobIdField(['resume']),
	{
		displayName: 'Schema Change Options',
		name: 'schemaChangeOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Rule',
		default: {},
		description: 'How to handle source schema changes (DDL) detected while the job was stopped. Sent as parameters.resumeOptions.schemaChangeOptions.',
		displayOptions: { show },
		options: [
			{
				displayName: 'Rule',
				name: 'rules',
				values: [
					{
						displayName: 'Table Pattern',
						name: 'pattern',
						type: 'string',
						default: '*.*',
						description: 'Schema.table pattern the rule applies to; * matches anything',
					},
					{
						displayName: 'Action',
						name: 'changeAction',
						type: 'options',
						default: 'REPLICATE',
						options: [
							{ name: 'Ignore', value: 'IGNORE', description: 'Skip the change and keep replicating' },
							{ name: 'Replicate', value: 'REPLICATE', description: 'Apply the change to the target (the value the page documents)' },
							{ name: 'Stop Table', value: 'STOP_TABLE', description: 'Stop replicating the changed tables' },
						],
					},
				],
			},
		],
	},
	...jobRunProperties(show),
];

/** Resumes a stopped, failed or aborted job (409 when it is running or in another state). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	const rules = ((this.getNodeParameter('schemaChangeOptions', itemIndex, {}) as IDataObject).rules ?? []) as IDataObject[];
	const schemaChangeOptions = rules.map((rule, index) => {
		const pattern = String(rule.pattern ?? '').trim();
		if (!pattern) {
			throw new NodeOperationError(this.getNode(), `Schema Change Options rule ${index + 1}: "Table Pattern" is empty`, { itemIndex });
		}
		return { pattern, action: String(rule.changeAction ?? 'REPLICATE') };
	});
	const parameters = schemaChangeOptions.length ? { resumeOptions: { schemaChangeOptions } } : undefined;
	return await startOrResumeJob(this, itemIndex, 'resume', jobId, parameters);
}

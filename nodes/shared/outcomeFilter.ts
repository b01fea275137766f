import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobStatus } from './jobOutcome';
import { JOB_STATUSES } from './jobOutcome';

/** The triggers' "Fire On Outcomes": the property and its checked value. */
export function outcomeFilterProperty(): INodeProperties {
	return {
		displayName: 'Fire On Outcomes',
		name: 'outcomes',
		type: 'multiOptions',
		default: [],
		description: 'Fire only when a run changes into one of these outcomes. Leave empty to fire on every status change.',
		options: JOB_STATUSES.map((status) => ({
			name: status.charAt(0).toUpperCase() + status.slice(1),
			value: status,
		})),
	};
}

/**
 * The trigger's "Fire On Outcomes", checked: an expression can give a text (comma-separated) or a list, and a value that
 * is not an outcome would make the trigger fire never, silently.
 */
export function outcomeFilter(ctx: IPollFunctions): JobStatus[] {
	const raw = ctx.getNodeParameter('outcomes', []) as unknown;
	const values = raw === undefined || raw === null || raw === '' ? [] : Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
	const outcomes: JobStatus[] = [];
	for (const value of values) {
		const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
		if (text === '') continue;
		if (typeof text !== 'string' || !(JOB_STATUSES as readonly string[]).includes(text)) {
			throw new NodeOperationError(ctx.getNode(), `"Fire On Outcomes" has an unknown outcome: ${JSON.stringify(value)}`, {
				description: `Use any of: ${JOB_STATUSES.join(', ')}.`,
			});
		}
		outcomes.push(text as JobStatus);
	}
	return outcomes;
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchTaskIds } from '../databaseIngestionJob/api';
import { readTaskLocation, taskLocationFields } from '../fields';

export const description: INodeProperties[] = [...taskLocationFields(['getId'])];

/** One item per task with that name (usually one); none when no task matches. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const location = readTaskLocation(this, itemIndex);
	const matches = await fetchTaskIds(this, itemIndex, location);
	return matches.map((match) => ({
		taskId: match.taskId,
		taskName: match.name,
		project: match.project ?? null,
		folder: match.folder ?? null,
		parentInfo: match.raw.parentInfo ?? [],
	}));
}

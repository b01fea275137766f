import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveTask, stopTask } from './api';
import { taskProperties } from '../fields';

export const description: INodeProperties[] = taskProperties(['stop']);

/** POST job/stop: stops the task's running job now. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const task = await resolveTask(this, itemIndex);
	const answer = await stopTask(this, itemIndex, task, false);
	return { ...task, stopRequested: true, cleanStop: false, response: answer };
}

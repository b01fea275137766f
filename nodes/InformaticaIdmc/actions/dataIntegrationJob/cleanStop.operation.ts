import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveTask, stopTask } from './api';
import { taskProperties } from '../fields';

export const description: INodeProperties[] = taskProperties(['cleanStop']);

/** POST job/stop?cleanStop=true: lets the running job end its current work cleanly before it stops. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const task = await resolveTask(this, itemIndex);
	const answer = await stopTask(this, itemIndex, task, true);
	return { ...task, stopRequested: true, cleanStop: true, response: answer };
}

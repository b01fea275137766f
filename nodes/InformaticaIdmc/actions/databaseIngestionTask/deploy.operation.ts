import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { waitResultToJson } from '../../../shared/waitForJob';
import { deployTask, fetchJobId } from '../databaseIngestionJob/api';
import { waitForDeployment } from '../databaseIngestionJob/wait';
import { requiredId } from '../../../shared/parameters';

const show = { resource: ['databaseIngestionTask'], operation: ['deploy'] };

const [waitSwitch, waitOptions] = waitForCompletionProperties(show, { timeoutSeconds: 900 });

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2',
		description: 'The task ID from Get ID or Create (repoHandle)',
		displayOptions: { show },
	},
	{
		...waitSwitch,
		displayName: 'Wait Until Deployed',
		description: 'Whether to poll the job status until the deployment has finished ("deployed") before passing the item on',
	},
	waitOptions,
];

/** Deployment is asynchronous: the answer says "processing_deploy" and carries the job ID. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = requiredId(this, itemIndex, 'taskId', 'Task ID');
	const wait = readWaitOptions(this, itemIndex, { timeoutSeconds: 900 });
	const { jobId: deployedJobId, answer } = await deployTask(this, itemIndex, taskId);
	const data = (answer.data ?? {}) as IDataObject;
	const out: IDataObject = { taskId, jobId: deployedJobId ?? null, deploymentStatus: data.deploymentStatus ?? null, message: answer.message ?? null, answer };
	if (!wait) return out;
	const jobId = deployedJobId ?? (await fetchJobId(this, itemIndex, taskId)).jobId;
	const result = await waitForDeployment(this, itemIndex, jobId, wait);
	return { ...out, ...waitResultToJson(result), deploymentStatus: result.outcome.rawStatus };
}

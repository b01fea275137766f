import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy } from '../../../shared/jobRunDescription';
import { DEFAULT_WAIT } from '../../../shared/waitForJob';
import { deployTask, fetchJobId, fetchTaskIds, readJobStatus } from '../databaseIngestionJob/api';
import type { WaitUntil } from '../fields';
import { jobRunProperties, readTaskLocation, taskLocationFields } from '../fields';
import { databaseIngestionJobControl, readStartWaitOptions, waitForDeployment } from '../databaseIngestionJob/wait';

const show = { resource: ['databaseIngestionTask'], operation: ['runTask'] };

export const description: INodeProperties[] = [
	...taskLocationFields(['runTask']),
	{
		displayName: 'Run Options',
		name: 'runOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Deploy If Needed',
				name: 'deployIfNeeded',
				type: 'boolean',
				default: true,
				description: 'Whether to deploy the task when it has no deployed job yet (otherwise that fails the item)',
			},
			{
				displayName: 'Deployment Poll Interval (Seconds)',
				name: 'deployPollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
			},
			{
				displayName: 'Deployment Timeout (Seconds)',
				name: 'deployTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 900,
				description: 'Longest time to wait for the deployment to finish before giving up',
			},
		],
	},
	...jobRunProperties(show),
];

interface RunOptions {
	deployIfNeeded?: boolean;
	deployPollIntervalSeconds?: number;
	deployTimeoutSeconds?: number;
}

type StepResult = 'done' | 'skipped';

/**
 * The documented sequence in one action (see docs/vendor-apis.md, Database Ingestion run a task): look the task up by name, deploy it if it has no deployed job (and wait for
 * the deployment), get the job ID, start the job (or attach to its run going, as Database Ingestion Start does),
 * and optionally wait. The output lists each step.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const location = readTaskLocation(this, itemIndex);
	const runOptions = this.getNodeParameter('runOptions', itemIndex, {}) as RunOptions;
	// "No Visible Effect After (Polls)": a start that never shows a new run ends after that many polls, as on Start.
	const { wait, noVisibleEffectPolls } = readStartWaitOptions(this, itemIndex);
	const steps: IDataObject[] = [];
	const step = (name: string, result: StepResult, detail: string) => steps.push({ step: name, result, detail });
	const where = [location.projectId && `project ${location.projectId}`, location.folderId && `folder ${location.folderId}`].filter(Boolean).join(', ');

	// 1. Look the task up.
	const matches = await fetchTaskIds(this, itemIndex, location);
	if (matches.length === 0) {
		throw new NodeOperationError(this.getNode(), `No Database Ingestion task named "${location.taskName}"${where ? ` in ${where}` : ''}`, {
			itemIndex,
			description: 'Check the task name (case matters) and the project and folder IDs.',
		});
	}
	if (matches.length > 1) {
		throw new NodeOperationError(this.getNode(), `${matches.length} tasks are named "${location.taskName}"`, {
			itemIndex,
			description: `Set the Project ID and Folder ID to pick one. Found: ${matches.map((m) => `${m.taskId} (${[m.project, m.folder].filter(Boolean).join('/')})`).join(', ')}.`,
		});
	}
	const taskId = matches[0].taskId;
	step('lookUpTask', 'done', `Found task ${taskId}`);

	// 2. Is there a deployed job?
	let jobId: string | undefined;
	let status: IDataObject | undefined;
	let lookupFailure: unknown;
	try {
		jobId = (await fetchJobId(this, itemIndex, taskId)).jobId;
		status = await readJobStatus(this, itemIndex, jobId);
	} catch (error) {
		lookupFailure = error;
	}
	// A 404 means the task was never deployed; any other failure (a NodeApiError, status kept) ends the item.
	if (lookupFailure && !(lookupFailure instanceof NodeApiError && String(lookupFailure.httpCode) === '404')) throw lookupFailure;
	if (lookupFailure) jobId = undefined;
	const rawStatus = String(status?.status ?? '').toLowerCase();
	const needsDeploy = !jobId || rawStatus === 'undeployed';
	const deploying = rawStatus === 'processing_deploy' || rawStatus === 'deploying';

	// 3. Deploy when needed, and wait until deployed.
	const deployWait = {
		...DEFAULT_WAIT,
		pollIntervalSeconds: runOptions.deployPollIntervalSeconds ?? wait?.pollIntervalSeconds ?? 10,
		timeoutSeconds: runOptions.deployTimeoutSeconds ?? 900,
		maxConsecutivePollFailures: wait?.maxConsecutivePollFailures ?? DEFAULT_WAIT.maxConsecutivePollFailures,
		failOnJobFailure: true,
	};
	if (needsDeploy) {
		if (runOptions.deployIfNeeded === false) {
			throw new NodeOperationError(this.getNode(), `Task "${location.taskName}" (${taskId}) is not deployed`, {
				itemIndex,
				description: 'Deploy it first, or turn on "Deploy If Needed".',
			});
		}
		const deployed = await deployTask(this, itemIndex, taskId);
		jobId = deployed.jobId ?? jobId;
		step('deploy', 'done', `Deployment started${jobId ? ` (job ${jobId})` : ''}`);
	} else {
		step('deploy', 'skipped', deploying ? `Job ${jobId} is being deployed` : `Already deployed as job ${jobId} (status ${rawStatus || 'unknown'})`);
	}
	if (needsDeploy || deploying) {
		if (!jobId) jobId = (await fetchJobId(this, itemIndex, taskId)).jobId;
		const result = await waitForDeployment(this, itemIndex, jobId, deployWait);
		step('waitForDeployment', 'done', `Deployed after ${result.waitedSeconds}s (${result.polls} status reads)`);
	} else {
		step('waitForDeployment', 'skipped', 'Already deployed');
	}

	// 4. Get the job ID (again after a deployment, as the documented sequence does).
	if (needsDeploy || deploying) {
		jobId = (await fetchJobId(this, itemIndex, taskId)).jobId;
		step('getJobId', 'done', `Job ${jobId}`);
	} else {
		step('getJobId', 'skipped', `Job ${jobId} (found in step 2)`);
	}
	const jobIdFinal = jobId as string;

	// 5. Start, or attach to the job's run going (the job's status, read again right before the start, tells).
	const waitUntil = this.getNodeParameter('waitUntil', itemIndex, 'auto') as WaitUntil;
	const control = databaseIngestionJobControl(this, itemIndex, 'start', jobIdFinal, waitUntil, undefined, noVisibleEffectPolls);
	const result = await startOrAttach(control, readRunPolicy(this, itemIndex), wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const message = result.answer?.message ?? null;
	if (result.attached) step('start', 'skipped', `Job ${jobIdFinal} was already running: attached to its run`);
	else step('start', 'done', `${result.previousRun ? 'After the running run ended: ' : ''}${String(message ?? 'Job accepted to start')}`);

	const out: IDataObject = { taskName: location.taskName, taskId, jobId: jobIdFinal, message, steps };
	// 6. Wait (inside startOrAttach).
	if (!wait) {
		step('wait', 'skipped', '"Wait for Completion" is off');
		return { ...out, ...(result.attached ? jobRunToJson(result) : { attached: false, startedByThisItem: true }) };
	}
	const { wait: waited } = result;
	if (waited) {
		step('wait', 'done', `${waited.end === 'goalReached' ? 'Job running' : `Job ${waited.outcome.rawStatus}`} after ${waited.waitedSeconds}s`);
	}
	return { ...out, ...jobRunToJson(result), jobId: jobIdFinal, waitedUntil: control.goal(), steps };
}

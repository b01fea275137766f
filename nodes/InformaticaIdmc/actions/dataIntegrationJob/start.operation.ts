import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { isFailure } from '../../../shared/jobOutcome';
import { readWaitOptions, waitForCompletionProperties } from '../../../shared/waitDescription';
import { waitForJob, waitResultToJson } from '../../../shared/waitForJob';
import { informaticaRequest } from '../../transport';
import { readRunStatus, readSessionLog, resolveTask, stopTask, taskBody } from './api';
import { taskProperties } from '../fields';

const show = { resource: ['dataIntegrationJob'], operation: ['start'] };

export const description: INodeProperties[] = [
	...taskProperties(['start']),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/informatica-job',
		description:
			'A publicly reachable URL Informatica POSTs the job status to when the run ends (it may call it more than once). Leave empty for none.',
		displayOptions: { show },
	},
	...waitForCompletionProperties(show),
	{
		displayName: 'Include Session Log on Failure',
		name: 'includeSessionLog',
		type: 'boolean',
		default: true,
		description: 'Whether to read the session log of a run that ended failed or with warnings and put its text in the output',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
];

function validCallbackUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callbackUrl = String(this.getNodeParameter('callbackUrl', itemIndex, '') ?? '').trim();
	if (callbackUrl && !validCallbackUrl(callbackUrl)) {
		throw new NodeOperationError(this.getNode(), '"Callback URL" must be an http(s) URL', { itemIndex, description: `Got "${callbackUrl}".` });
	}
	const wait = readWaitOptions(this, itemIndex);
	const task = await resolveTask(this, itemIndex);
	const body = taskBody(task);
	if (callbackUrl) body.callbackURL = callbackUrl;
	const started = await informaticaRequest<IDataObject>(
		this,
		{ family: 'v2', method: 'POST', path: '/job', body, action: `starting task ${task.taskFederatedId ?? task.taskId ?? task.taskName}` },
		{ itemIndex },
	);
	const taskId = String(started.taskId ?? task.taskId ?? '');
	const runId = started.runId !== undefined && started.runId !== null ? String(started.runId) : '';
	const job: IDataObject = {
		taskId,
		taskFederatedId: started.taskFederatedId ?? task.taskFederatedId ?? null,
		taskName: started.taskName ?? task.taskName ?? null,
		taskType: started.taskType ?? task.taskType,
		runId,
		callbackURL: started.callbackURL ?? null,
	};
	if (task.path) job.taskPath = task.path;
	if (!wait) return { ...job, outcome: 'running', rawStatus: 'STARTED' };
	if (!taskId || !runId) {
		throw new NodeOperationError(this.getNode(), 'Informatica started the task but answered without a task ID and run ID to wait on', {
			itemIndex,
			description: JSON.stringify(started),
		});
	}

	const label = `task ${job.taskName ?? taskId} run ${runId}`;
	const includeSessionLog = this.getNodeParameter('includeSessionLog', itemIndex, true) as boolean;
	const addSessionLog = async (outcome: JobOutcome): Promise<void> => {
		const activityLogId = outcome.details?.activityLogId;
		if (!includeSessionLog || !activityLogId || !(isFailure(outcome.status) || outcome.status === 'warning')) return;
		try {
			outcome.details = { ...outcome.details, sessionLog: await readSessionLog(this, itemIndex, String(activityLogId)) };
		} catch (error) {
			outcome.details = { ...outcome.details, sessionLogError: (error as Error).message };
		}
	};

	const result = await waitForJob(
		{
			readStatus: async () => (await readRunStatus(this, itemIndex, taskId, runId)).outcome,
			cancelJob: async () => {
				await stopTask(this, itemIndex, task, false);
			},
			initial: { status: 'running', rawStatus: 'STARTED', jobId: taskId, runId },
			label,
			// The session log joins the outcome before the failure rules run, so a failed item carries it too.
			onEnd: async (outcome, end) => {
				if (end === 'finished') await addSessionLog(outcome);
			},
			failureHint: (outcome) => (outcome.details?.sessionLog ? `Session log (last lines):\n${tail(String(outcome.details.sessionLog))}` : undefined),
			context: job,
		},
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	return { ...job, ...waitResultToJson(result), errorMessage: result.outcome.error?.message ?? null };
}

/** The last lines of a log, for an error description. */
function tail(text: string, lines = 20): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

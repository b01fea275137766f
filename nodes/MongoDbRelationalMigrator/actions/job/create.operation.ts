import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactValue } from '../../../shared/redact';
import { readWaitOptions } from '../../../shared/waitDescription';
import type { WaitOptions } from '../../../shared/waitForJob';
import { waitForJob, waitResultToJson } from '../../../shared/waitForJob';
import type { MigratorJob, WaitGoal } from '../../outcome';
import { alreadyRunningHint, goalReached, isJobAlreadyRunning, jobOutcome, jobToJson, runningJobIdFrom, sanitizeJob, withHint } from '../../outcome';
import { locatorValue } from '../fields';
import { findRunningJobId, readJob, startJob, stopJob } from './api';
import type { CreateJobRequest } from './createJobBody';
import { readCreateJobRequest } from './createJobBody';

export { description } from './create.properties';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const request = readCreateJobRequest(this, itemIndex);
	const wait = readWaitOptions(this, itemIndex);
	const goal = (this.getNodeParameter('waitGoal', itemIndex, 'snapshotCompleted') as WaitGoal) ?? 'snapshotCompleted';
	const { job, attached } = await startOrAttach(this, itemIndex, request);
	if (!wait) return { ...jobToJson(job, request.secrets), attached };
	return { ...(await waitForGoal(this, itemIndex, job, goal, wait, request.secrets)), attached };
}

/** Starts the job; on a 470 attaches to the running one when the user chose so. */
async function startOrAttach(ctx: IExecuteFunctions, itemIndex: number, request: CreateJobRequest): Promise<{ job: MigratorJob; attached: boolean }> {
	try {
		return { job: await startJob(ctx, itemIndex, request.body, request.secrets), attached: false };
	} catch (error) {
		// Re-wrapping a NodeApiError hands back the same error: its status code and vendor message stay.
		const failure = new NodeApiError(ctx.getNode(), error as JsonObject);
		if (!isJobAlreadyRunning(failure)) throw failure;
		if (ctx.getNodeParameter('ifJobRunning', itemIndex, 'fail') !== 'attach') throw withHint(failure, alreadyRunningHint(failure));
		return { job: await attachToRunningJob(ctx, itemIndex, failure, request.projectId), attached: true };
	}
}

/**
 * 470: the running job's id comes from the answer (or, when the server left it out, from the in-progress listing);
 * attaching happens only when that job belongs to the same project, otherwise the 470 stands.
 */
async function attachToRunningJob(ctx: IExecuteFunctions, itemIndex: number, conflict: NodeApiError, projectId: string): Promise<MigratorJob> {
	const runningId = runningJobIdFrom(conflict) ?? (await findRunningJobId(ctx, itemIndex, projectId));
	if (!runningId) throw withHint(conflict, `A job is running, but none of project ${projectId}; not attaching.`);
	const running = await readJob(ctx, itemIndex, runningId, `reading the running job ${runningId}`);
	if (locatorValue(running.projectId) !== projectId) {
		throw withHint(conflict, `The running job ${runningId} belongs to project ${running.projectId}, not ${projectId}; not attaching.`);
	}
	return running;
}

/** Polls the job until it ends or reaches the goal; the output is the last read of the job plus the wait's result. */
async function waitForGoal(
	ctx: IExecuteFunctions,
	itemIndex: number,
	job: MigratorJob,
	goal: WaitGoal,
	options: WaitOptions,
	secrets: string[],
): Promise<IDataObject> {
	let latest = job;
	const result = await waitForJob(
		{
			label: `Migration job ${job.id}`,
			initial: jobOutcome(job),
			readStatus: async () => {
				latest = await readJob(ctx, itemIndex, job.id);
				return jobOutcome(latest);
			},
			cancelJob: async () => {
				await stopJob(ctx, itemIndex, job.id);
			},
			goal: () => goalReached(latest, goal),
		},
		options,
		{ node: ctx.getNode(), itemIndex, cancelSignal: ctx.getExecutionCancelSignal() },
	);
	const json = { ...sanitizeJob(latest, secrets), ...redactValue(waitResultToJson(result), secrets) };
	json.wait = { goal, ...(json.wait as IDataObject) };
	return json;
}

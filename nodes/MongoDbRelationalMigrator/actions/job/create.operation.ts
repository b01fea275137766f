import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { contextOutlivingCancel } from '../../../shared/afterCancel';
import type { JobOutcome } from '../../../shared/jobOutcome';
import type { JobControl } from '../../../shared/jobRun';
import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { redactValue } from '../../../shared/redact';
import type { MigratorJob, WaitGoal } from '../../outcome';
import { goalReached, isJobAlreadyRunning, isMissingDatabaseName, isModeRefused, jobOutcome, jobToJson, missingDatabaseSide, runningJobIdFrom, sanitizeJob, withHint } from '../../outcome';
import { locatorValue } from '../fields';
import { findRunningJobId, readJob, startJob, stopJob } from './api';
import type { CreateJobRequest } from './createJobBody';
import { missingDatabaseHint, readCreateJobRequest } from './createJobBody';

export { description } from './create.properties';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const request = readCreateJobRequest(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const goal = (this.getNodeParameter('waitGoal', itemIndex, 'snapshotCompleted') as WaitGoal) ?? 'snapshotCompleted';
	const control = migrationJobControl(this, itemIndex, request, goal);
	const result = await startOrAttach(control, readRunPolicy(this, itemIndex), wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const { attached, startedByThisItem } = result;
	if (!wait) return { ...jobToJson(control.latest(), request.secrets), attached, startedByThisItem };
	const json = { ...sanitizeJob(control.latest(), request.secrets), ...redactValue(jobRunToJson(result), request.secrets) };
	json.wait = { goal, ...(json.wait as IDataObject) };
	return json;
}

/**
 * The project's migration job as the run engine sees it. Relational Migrator runs one job at a time: the in-progress
 * listing of the project tells a run of this project going, a start meets 470 (409 on servers since June 2026) while any job runs. A running job of
 * another project is not this item's to follow: its refusal stands.
 */
function migrationJobControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: CreateJobRequest,
	goal: WaitGoal,
): JobControl<MigratorJob> & { latest: () => MigratorJob } {
	let latest: MigratorJob | undefined;
	const seen = (job: MigratorJob): JobOutcome => {
		latest = job;
		return jobOutcome(job);
	};
	return {
		latest: () => latest!,
		label: (run) => (run?.jobId ? `Migration job ${run.jobId}` : `the migration job of project ${request.projectId}`),
		// One job at a time on the whole server: items waiting together still start one after another's end.
		slot: () => 'Relational Migrator',
		findRunning: async () => {
			const runningId = await findRunningJobId(ctx, itemIndex, request.projectId);
			if (!runningId) return undefined;
			const running = await readJob(ctx, itemIndex, runningId, `reading the running job ${runningId}`);
			return locatorValue(running.projectId) === request.projectId ? seen(running) : undefined;
		},
		start: async () => {
			const job = await startJob(ctx, itemIndex, request.body, request.secrets).catch((error: unknown) => {
				// Re-wrapping a NodeApiError hands back the same error: its status code and vendor message stay.
				const failure = new NodeApiError(ctx.getNode(), error as JsonObject);
				if (isMissingDatabaseName(failure)) return Promise.reject(withHint(failure, missingDatabaseHint(request.body, missingDatabaseSide(failure))));
				if (isModeRefused(failure, String((request.body.options as IDataObject).mode))) {
					return Promise.reject(
						withHint(failure, 'Relational Migrator runs snapshot migration jobs only since its June 2026 release: CDC modes need a server from before it. Set "Mode" to "Snapshot".'),
					);
				}
				if (!isJobAlreadyRunning(failure)) return Promise.reject(failure);
				const runningId = runningJobIdFrom(failure);
				return Promise.reject(
					withHint(failure, `Another migration job is running${runningId ? ` (${runningId})` : ''}; Relational Migrator runs one job at a time. A job of another project is not attached to.`),
				);
			});
			return { run: seen(job), answer: job };
		},
		isAlreadyRunningRefusal: (error) => error instanceof NodeApiError && isJobAlreadyRunning(error),
		readStatus: async (run) => seen(await readJob(ctx, itemIndex, run.jobId!)),
		stop: async (run) => {
			await stopJob(contextOutlivingCancel(ctx), itemIndex, run.jobId!);
		},
		waitExtras: () => ({ goal: () => (latest ? goalReached(latest, goal) : false) }),
	};
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { contextOutlivingCancel } from '../../../shared/afterCancel';
import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { followRunProperties, readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { requiredId } from '../../../shared/parameters';
import { redactValue } from '../../../shared/redact';
import type { MigratorJob, WaitGoal } from '../../outcome';
import { WAIT_GOALS, goalReached, jobOutcome, jobToJson, sanitizeJob } from '../../outcome';
import { MIGRATOR_ID, jobIdProperty } from '../fields';
import { readJob, stopJob } from './api';

const show = { resource: ['job'], operation: ['get'] };

const [waitSwitch, waitOptions] = followRunProperties(show);

export const description: INodeProperties[] = [
	jobIdProperty(show),
	waitSwitch,
	{
		displayName: 'Wait Until',
		name: 'waitGoal',
		type: 'options',
		default: 'snapshotCompleted',
		options: WAIT_GOALS,
		description: 'A CDC job runs until it is stopped, so the wait ends at the goal picked here (or when the job ends)',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
	waitOptions,
];

/** A read: items run ten at a time (measured by npm run bench, section 1). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = requiredId(this, itemIndex, 'jobId', 'Job ID', MIGRATOR_ID);
	const wait = readRunWaitOptions(this, itemIndex);
	let latest = await readJob(this, itemIndex, jobId);
	if (!wait) return jobToJson(latest);

	// A job started elsewhere, followed until its goal or end; stopped only when the user allowed stopping it.
	const goal = (this.getNodeParameter('waitGoal', itemIndex, 'snapshotCompleted') as WaitGoal) ?? 'snapshotCompleted';
	const seen = (job: MigratorJob) => {
		latest = job;
		return jobOutcome(job);
	};
	const result = await followCurrentRun(
		{
			label: () => `Migration job ${jobId}`,
			readCurrent: async () => jobOutcome(latest),
			readStatus: async () => seen(await readJob(this, itemIndex, jobId)),
			stop: async () => {
				await stopJob(contextOutlivingCancel(this), itemIndex, jobId);
			},
			waitExtras: () => ({ goal: () => goalReached(latest, goal) }),
		},
		readRunPolicy(this, itemIndex),
		wait,
		{ node: this.getNode(), itemIndex, cancelSignal: this.getExecutionCancelSignal() },
	);
	const json = { ...sanitizeJob(latest), ...redactValue(jobRunToJson(result), []) };
	json.wait = { goal, ...(json.wait as IDataObject) };
	return json;
}

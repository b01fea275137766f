import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { followCurrentRun, jobRunToJson } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions } from '../../../shared/jobRunDescription';
import { outcomeToJson } from '../../../shared/jobOutcome';
import { withFields } from '../../../shared/records';
import { databaseIngestionOutcome } from '../../outcome';
import type { WaitUntil } from '../fields';
import { jobFollowProperties, jobIdField } from '../fields';
import { readJobId, readJobStatus } from './api';
import { databaseIngestionJobControl } from './wait';

const show = { resource: ['databaseIngestionJob'], operation: ['getStatus'] };

export const description: INodeProperties[] = [jobIdField(['getStatus']), ...jobFollowProperties(show)];

/** A read: items run ten at a time (the credential shares one renewal when the session expires mid-run). */
export const concurrency = 10;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const jobId = await readJobId(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	if (wait) {
		// The job's current run, started elsewhere: followed until its end or goal, stopped only when the user allowed it.
		const waitUntil = this.getNodeParameter('waitUntil', itemIndex, 'auto') as WaitUntil;
		const control = databaseIngestionJobControl(this, itemIndex, 'start', jobId, waitUntil);
		// Deployed or undeployed is no run to wait for (it maps to "running" only for a wait after a start).
		const active = await control.findRunning!();
		if (!active) {
			return statusJson(await readJobStatus(this, itemIndex, jobId), jobId, { attached: false, startedByThisItem: false });
		}
		const result = await followCurrentRun({ ...control, readCurrent: async () => active }, readRunPolicy(this, itemIndex), wait, {
			node: this.getNode(),
			itemIndex,
			cancelSignal: this.getExecutionCancelSignal(),
		});
		return { jobId, ...jobRunToJson(result), waitedUntil: control.goal() };
	}
	return statusJson(await readJobStatus(this, itemIndex, jobId), jobId);
}

/** The API's answer with the normalised fields on top (outcome, rawStatus, ISO times, durationSeconds, error) and the job ID as text, as every operation gives IDs. */
function statusJson(answer: IDataObject, jobId: string, extra: IDataObject = {}): IDataObject {
	return withFields(answer, Object.assign(outcomeToJson(databaseIngestionOutcome(answer)), { jobId }, extra));
}

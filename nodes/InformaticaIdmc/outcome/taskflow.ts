/**
 * Taskflow run states -> the job model, for taskflows run as services: GET /active-bpel/services/tf/status/{runId}.
 * Part of nodes/InformaticaIdmc/outcome/: the one place this vendor maps its states (see index.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../shared/jobOutcome';
import { statusMapper, toIsoTimestamp } from '../../shared/jobOutcome';

/**
 * Taskflow run statuses. The status page lists Success, Failed, Suspended and Running as filter values and answers
 * them upper case; the mapper compares case-insensitively. Quirk: SUSPENDED is a run stopped on a faulted step that
 * waits for someone to resume it (resumeWithFaultRetry/Skip): it will not end by itself, so a wait ends there and
 * reads it as failed. STOPPED / TERMINATED / ABORTED (a terminate call) read as cancelled. Unknown values: running.
 */
export const mapTaskflowStatus = statusMapper({
	QUEUED: 'running',
	STARTING: 'running',
	RUNNING: 'running',
	SUCCESS: 'succeeded',
	SUCCESSFUL: 'succeeded',
	COMPLETED: 'succeeded',
	WARNING: 'warning',
	FAILED: 'failed',
	FAULTED: 'failed',
	SUSPENDED: 'failed',
	STOPPED: 'cancelled',
	TERMINATED: 'cancelled',
	ABORTED: 'cancelled',
});

/** Quirk: a run id is a Long on the status page (`"runId": 20262247166322413568`), beyond JS numbers: kept as text. */
export function taskflowRunId(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return String(value).trim();
}

/** One taskflow status answer (or one row of the status list) as the normalised outcome. */
export function taskflowOutcome(answer: IDataObject): JobOutcome {
	const raw = String(answer.status ?? answer.runStatus ?? '');
	const { status } = mapTaskflowStatus(raw);
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		runId: taskflowRunId(answer.runId ?? answer.RunId),
		name: answer.assetName !== undefined && answer.assetName !== null ? String(answer.assetName) : undefined,
		startedAt: toIsoTimestamp(answer.startTime),
		endedAt: status === 'running' ? undefined : toIsoTimestamp(answer.endTime),
	};
	const message = typeof answer.errorMessage === 'string' ? answer.errorMessage.trim() : '';
	if (message && status !== 'succeeded' && status !== 'running') outcome.error = { message };
	else if (status === 'failed' && raw.toUpperCase() === 'SUSPENDED') outcome.error = { message: 'The taskflow is suspended on a faulted step' };
	const details: IDataObject = {};
	for (const key of ['location', 'duration', 'runtimeEnv', 'runtimeEnvName', 'startedBy']) {
		if (answer[key] !== undefined && answer[key] !== null) details[key] = answer[key];
	}
	if (Object.keys(details).length) outcome.details = details;
	return outcome;
}

/**
 * Quirk: run ids are Longs (20262247166322413568) that JSON.parse would round. Quotes every `runId`/`RunId` number
 * before parsing, so ids stay exact text; a body that is not JSON comes back undefined.
 */
export function parseTaskflowJson(text: string): unknown {
	const quoted = text.replace(/("(?:runId|RunId|run_id)"\s*:\s*)(-?\d+)/g, '$1"$2"');
	try {
		return JSON.parse(quoted) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * The run id a taskflow service answered with. The pages say only "the service returns the taskflow run ID": a
 * JSON object (`{"RunId": "…"}`, `runId`, `run_id`), or the id alone as plain text, are all read.
 */
export function taskflowRunIdFromAnswer(text: string): string | undefined {
	const parsed = parseTaskflowJson(text);
	if (parsed && typeof parsed === 'object') {
		const b = parsed as IDataObject;
		return taskflowRunId(b.RunId ?? b.runId ?? b.run_id ?? b.runID);
	}
	const bare = text.trim().replace(/^"|"$/g, '');
	return /^\d+$/.test(bare) ? bare : undefined;
}

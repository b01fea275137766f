/**
 * v3 import and export job states -> the job model (an export answers the import's status shape).
 * Part of nodes/InformaticaIdmc/outcome/: the one place this vendor maps its states (see index.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../shared/jobOutcome';
import { statusMapper, toIsoTimestamp } from '../../shared/jobOutcome';

/**
 * Quirk: the docs spell the success state both SUCCESSFUL (job status) and SUCCESS (per-object status); both mean
 * succeeded. NOT_STARTED counts as running (an uploaded package waiting for its start); unknown values too.
 */
export const mapImportState = statusMapper({
	NOT_STARTED: 'running',
	IN_PROGRESS: 'running',
	'IN PROGRESS': 'running',
	SUCCESSFUL: 'succeeded',
	SUCCESS: 'succeeded',
	FAILED: 'failed',
});

/** A GET import/{id} answer (or the start answer) as the normalised outcome. */
export function importOutcome(answer: IDataObject): JobOutcome {
	const statusObject = (answer.status ?? answer.jobStatus ?? {}) as IDataObject;
	const raw = String(statusObject.state ?? '');
	const { status } = mapImportState(raw);
	const outcome: JobOutcome = {
		status,
		rawStatus: raw || 'unknown',
		jobId: answer.id !== undefined ? String(answer.id) : answer.jobId !== undefined ? String(answer.jobId) : undefined,
		name: answer.name !== undefined && answer.name !== null ? String(answer.name) : undefined,
		startedAt: toIsoTimestamp(answer.startTime),
		endedAt: status === 'running' ? undefined : toIsoTimestamp(answer.endTime),
	};
	const message = statusObject.message;
	if (status === 'failed' && message) outcome.error = { message: String(message) };
	if (Array.isArray(answer.objects)) {
		const objects = answer.objects as IDataObject[];
		const failed = objects.filter((o) => mapImportState(((o.status ?? {}) as IDataObject).state).status === 'failed');
		outcome.details = { objects: objects.length, failedObjects: failed.length };
	}
	return outcome;
}

/**
 * An export job answers the import's status shape (`status.state`: IN_PROGRESS, SUCCESSFUL, FAILED; see
 * docs/vendor-apis.md, export): the same table reads it, SUCCESS and NOT_STARTED included.
 */
export const mapExportState = mapImportState;

/** A GET export/{id} answer (or the POST export answer) as the normalised outcome. */
export function exportOutcome(answer: IDataObject): JobOutcome {
	return importOutcome(answer);
}

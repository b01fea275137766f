/** Data Integration and import state mappings in nodes/InformaticaIdmc/outcome/ (dataIntegration.ts, importExport.ts), one test per quirk. */
import {
	activityLogOutcome,
	activityLogRows,
	activityMonitorOutcome,
	activityTime,
	easternToIso,
	importOutcome,
	mapActivityLogState,
	mapExecutionState,
	mapImportState,
} from '../../../nodes/InformaticaIdmc/outcome';

describe('Informatica Data Integration and import outcomes', () => {
	it('quirk: the activity log state is numeric: 1 success, 2 warning (its own outcome), 3 failed; number or string', () => {
		expect(mapActivityLogState(1)).toEqual({ status: 'succeeded', known: true });
		expect(mapActivityLogState('2')).toEqual({ status: 'warning', known: true });
		expect(mapActivityLogState(3)).toEqual({ status: 'failed', known: true });
	});

	it('an unknown numeric state reads as running (not a guessed outcome), and so does an unknown executionState', () => {
		expect(mapActivityLogState(7)).toEqual({ status: 'running', known: false });
		expect(mapActivityLogState(undefined)).toEqual({ status: 'running', known: false });
		expect(mapExecutionState('SUSPENDED')).toEqual({ status: 'running', known: false });
	});

	it('maps every documented executionState, case-insensitively', () => {
		for (const state of ['QUEUED', 'INITIALIZED', 'RUNNING', 'STOPPING', 'running']) expect(mapExecutionState(state).status).toBe('running');
		expect(mapExecutionState('COMPLETED').status).toBe('succeeded');
		expect(mapExecutionState('FAILED').status).toBe('failed');
	});

	it('quirk: a stopped run reads state 3 with isStopped true: cancelled, not failed', () => {
		expect(activityLogOutcome({ state: 3, isStopped: true, errorMsg: 'The job was stopped by the user.' })).toMatchObject({
			status: 'cancelled',
			rawStatus: '3',
			error: { message: 'The job was stopped by the user.' },
		});
		expect(activityLogOutcome({ state: 3, isStopped: false }).status).toBe('failed');
		expect(activityLogOutcome({ state: 3, isStopped: 'true' }).status).toBe('cancelled');
	});

	it('textual run states map (as Airflow\'s provider reads them), in state, runStatus or status, any case', () => {
		const cases: Array<[string, string]> = [
			['SUCCESS', 'succeeded'],
			['COMPLETED', 'succeeded'],
			['OK', 'succeeded'],
			['WARNING', 'warning'],
			['FAILED', 'failed'],
			['FAILURE', 'failed'],
			['error', 'failed'],
			['STOPPED', 'cancelled'],
			['CANCELLED', 'cancelled'],
			['CANCELED', 'cancelled'],
			['ABORTED', 'cancelled'],
			['QUEUED', 'running'],
			['STARTING', 'running'],
			['PENDING', 'running'],
			['RUNNING', 'running'],
		];
		for (const [state, status] of cases) {
			expect({ state, status: mapActivityLogState(state).status }).toEqual({ state, status });
			expect(mapExecutionState(state).status).toBe(status);
		}
		expect(activityLogOutcome({ runStatus: 'FAILED', errorMsg: 'x' })).toMatchObject({ status: 'failed', rawStatus: 'FAILED' });
		expect(activityLogOutcome({ status: 'Success' })).toMatchObject({ status: 'succeeded', rawStatus: 'Success' });
	});

	it('quirk: an activity log answer may be a list, one row as an object, or {entries: [...]}', () => {
		const row = { id: 'a', runId: 2, state: 1 };
		expect(activityLogRows([row])).toEqual([row]);
		expect(activityLogRows(row)).toEqual([row]);
		expect(activityLogRows({ entries: [row] })).toEqual([row]);
		expect(activityLogRows({})).toEqual([]);
		expect(activityLogRows('')).toEqual([]);
	});

	it('quirk: times without a Utc suffix are US Eastern, daylight saving included', () => {
		expect(easternToIso('2024-01-15T10:00:00.000')).toBe('2024-01-15T15:00:00.000Z'); // EST, UTC-5
		expect(easternToIso('2024-07-15T10:00:00.000')).toBe('2024-07-15T14:00:00.000Z'); // EDT, UTC-4
		expect(easternToIso('2024-03-10 12:30:05')).toBe('2024-03-10T16:30:05.000Z'); // the afternoon after the switch
		expect(easternToIso('2024-07-15T10:00:00.000Z')).toBe('2024-07-15T10:00:00.000Z'); // an explicit zone is kept
		expect(easternToIso('')).toBeUndefined();
		expect(easternToIso('not a time')).toBeUndefined();
	});

	it('prefers the startTimeUtc / endTimeUtc twins over the Eastern values', () => {
		const row = { startTime: '2024-07-15T10:00:00.000', startTimeUtc: '2024-07-15T14:00:00.123Z', endTime: '2024-07-15T10:05:00.000' };
		expect(activityTime(row, 'startTime')).toBe('2024-07-15T14:00:00.123Z');
		expect(activityTime(row, 'endTime')).toBe('2024-07-15T14:05:00.000Z');
	});

	it('an activity log row becomes an outcome with errorMsg as the error (not for a success) and row counts', () => {
		const failed = activityLogOutcome({
			id: '000001',
			objectId: 'T1',
			objectName: 'm_orders',
			runId: 4,
			state: 3,
			errorMsg: 'ORA-00942',
			startTimeUtc: '2024-07-15T14:00:00.000Z',
			endTimeUtc: '2024-07-15T14:01:30.000Z',
			failedTargetRows: '2',
			successTargetRows: 98,
			type: 'MTT',
		});
		expect(failed).toMatchObject({ status: 'failed', rawStatus: '3', jobId: 'T1', runId: '4', name: 'm_orders', error: { message: 'ORA-00942' } });
		expect(failed.details).toEqual({ source: 'activityLog', activityLogId: '000001', taskType: 'MTT', failedTargetRows: 2, successTargetRows: 98 });
		expect(activityLogOutcome({ state: 1, errorMsg: 'informational' }).error).toBeUndefined();
		expect(activityLogOutcome({ state: 2, errorMsg: 'rows rejected' }).error).toEqual({ message: 'rows rejected' });
	});

	it('an activity monitor row becomes a running outcome with its start time in UTC', () => {
		const outcome = activityMonitorOutcome({ taskId: 'T1', taskName: 'm_orders', runId: 5, executionState: 'INITIALIZED', startTime: '2024-01-15T10:00:00.000' });
		expect(outcome).toMatchObject({ status: 'running', rawStatus: 'INITIALIZED', jobId: 'T1', runId: '5', startedAt: '2024-01-15T15:00:00.000Z' });
	});

	it('quirk: import success is spelled SUCCESSFUL (job) and SUCCESS (objects): both succeeded; NOT_STARTED is running', () => {
		expect(mapImportState('SUCCESSFUL').status).toBe('succeeded');
		expect(mapImportState('SUCCESS').status).toBe('succeeded');
		expect(mapImportState('NOT_STARTED').status).toBe('running');
		expect(mapImportState('IN_PROGRESS').status).toBe('running');
		expect(mapImportState('FAILED').status).toBe('failed');
		expect(mapImportState('SOMETHING_NEW')).toEqual({ status: 'running', known: false });
	});

	it('an import answer becomes an outcome: upload shape (jobStatus) and job shape (status, objects)', () => {
		expect(importOutcome({ jobId: 'J1', jobStatus: { state: 'NOT_STARTED', message: null }, checksumValid: true })).toMatchObject({ status: 'running', jobId: 'J1' });
		const failed = importOutcome({
			id: 'J1',
			name: 'imp',
			status: { state: 'FAILED', message: 'Runtime environment not found' },
			startTime: '2024-02-26T08:55:53.232Z',
			endTime: '2024-02-26T08:56:03.000Z',
			objects: [{ status: { state: 'SUCCESS' } }, { status: { state: 'FAILED' } }],
		});
		expect(failed).toMatchObject({ status: 'failed', error: { message: 'Runtime environment not found' }, endedAt: '2024-02-26T08:56:03.000Z', details: { objects: 2, failedObjects: 1 } });
		// The docs' own example gives an end time while IN_PROGRESS: a running import has no end yet.
		expect(importOutcome({ id: 'J1', status: { state: 'IN_PROGRESS' }, endTime: '2024-02-26T08:53:03.000Z' }).endedAt).toBeUndefined();
	});
});

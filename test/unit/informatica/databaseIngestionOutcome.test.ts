import {
	databaseIngestionId,
	databaseIngestionOutcome,
	isDatabaseIngestionCdcMode,
	isDatabaseIngestionJobDeployed,
	isDatabaseIngestionJobUp,
	mapDatabaseIngestionStatus,
} from '../../../nodes/InformaticaIdmc/outcome';

describe('Informatica Database Ingestion outcome mapping', () => {
	it('maps the lower-case job/status values', () => {
		expect(mapDatabaseIngestionStatus('completed')).toEqual({ status: 'succeeded', known: true });
		expect(mapDatabaseIngestionStatus('failed').status).toBe('failed');
		expect(mapDatabaseIngestionStatus('running').status).toBe('running');
		expect(mapDatabaseIngestionStatus('stopped').status).toBe('cancelled');
		expect(mapDatabaseIngestionStatus('aborted').status).toBe('cancelled');
		expect(mapDatabaseIngestionStatus('processing_deploy').status).toBe('running');
	});

	it('quirk: maps the upper-case metrics sub-task states with the same table', () => {
		expect(mapDatabaseIngestionStatus('COMPLETED').status).toBe('succeeded');
		expect(mapDatabaseIngestionStatus('RUNNING').status).toBe('running');
		expect(mapDatabaseIngestionStatus('ERROR').status).toBe('failed');
		expect(mapDatabaseIngestionStatus('STOPPED').status).toBe('cancelled');
		expect(mapDatabaseIngestionStatus(' Failed ').status).toBe('failed');
	});

	it('quirk: "deployed" is not an end (a start may still be on its way), and unknown values count as running', () => {
		expect(mapDatabaseIngestionStatus('deployed').status).toBe('running');
		expect(mapDatabaseIngestionStatus('something_new')).toEqual({ status: 'running', known: false });
		expect(mapDatabaseIngestionStatus(undefined)).toEqual({ status: 'running', known: false });
	});

	it('the CDC goal is "up and running", not merely starting', () => {
		expect(isDatabaseIngestionJobUp({ status: 'running', rawStatus: 'running' })).toBe(true);
		expect(isDatabaseIngestionJobUp({ status: 'running', rawStatus: 'RUNNING_WITH_WARNING' })).toBe(true);
		expect(isDatabaseIngestionJobUp({ status: 'running', rawStatus: 'starting' })).toBe(false);
		expect(isDatabaseIngestionJobDeployed({ status: 'running', rawStatus: 'deployed' })).toBe(true);
		expect(isDatabaseIngestionJobDeployed({ status: 'running', rawStatus: 'processing_deploy' })).toBe(false);
	});

	it('quirk: task modes CDC and CDC_COMBINED are change-capture jobs, UNLOAD is an initial load', () => {
		expect(isDatabaseIngestionCdcMode('CDC')).toBe(true);
		expect(isDatabaseIngestionCdcMode('CDC_COMBINED')).toBe(true);
		expect(isDatabaseIngestionCdcMode('UNLOAD')).toBe(false);
		expect(isDatabaseIngestionCdcMode(undefined)).toBe(false);
	});

	it('quirk: ids arrive as numbers or strings and leave as strings', () => {
		expect(databaseIngestionId(15)).toBe('15');
		expect(databaseIngestionId('487797')).toBe('487797');
		expect(databaseIngestionId(null)).toBeUndefined();
		expect(databaseIngestionId('')).toBeUndefined();
	});

	it('builds the outcome from a job/status answer: times in UTC, the error only when the job did not succeed', () => {
		const failed = databaseIngestionOutcome({
			jobId: 7,
			assetName: 'Replication_Task_7',
			status: 'failed',
			startTime: '2026-01-21T06:21:02.847Z',
			endTime: '2026-01-21T06:22:10.496Z',
			errorMessage: 'ORA-00942',
			lastAction: 'Job was started by a user.',
			durationInSeconds: 68,
			jobConfig: { taskMode: 'UNLOAD' },
		});
		expect(failed).toEqual({
			status: 'failed',
			rawStatus: 'failed',
			jobId: '7',
			name: 'Replication_Task_7',
			startedAt: '2026-01-21T06:21:02.847Z',
			endedAt: '2026-01-21T06:22:10.496Z',
			error: { message: 'ORA-00942' },
			details: { lastAction: 'Job was started by a user.', durationInSeconds: 68, taskMode: 'UNLOAD' },
		});
		const ok = databaseIngestionOutcome({ jobId: '8', status: 'completed', errorMessage: 'stale', endTime: null });
		expect(ok.error).toBeUndefined();
		expect(ok.endedAt).toBeUndefined();
	});

	it('reads a metrics jobInfo too (runId and extraData in the CDC example)', () => {
		const cdc = databaseIngestionOutcome({ runId: 47167, assetName: 'date_check', status: 'running', extraData: { taskMode: 'CDC_COMBINED' } });
		expect(cdc).toMatchObject({ status: 'running', jobId: '47167', details: { taskMode: 'CDC_COMBINED' } });
	});
});

import { jdbcNamesDatabase, missingDatabaseHint } from '../../../nodes/MongoDbRelationalMigrator/actions/job/createJobBody';
import type { MigratorJob } from '../../../nodes/MongoDbRelationalMigrator/outcome';
import { goalReached, jobOutcome, jobPhase, jobState, jobToJson, sanitizeJob } from '../../../nodes/MongoDbRelationalMigrator/outcome';

const job = (fields: Partial<MigratorJob>): MigratorJob => ({
	id: 'j-1',
	projectId: 'p-1',
	status: 'RUNNING',
	cdcStatus: 'NOT_STARTED',
	options: { mode: 'SNAPSHOT' },
	submittedAt: '2025-05-04T09:42:00Z',
	...fields,
});

describe('Relational Migrator outcome mapping', () => {
	it.each([
		['RUNNING', 'running'],
		['CLEANING_UP', 'running'],
		['CANCELLING', 'running'],
		['COMPLETED', 'succeeded'],
		['FAILED', 'failed'],
		['CANCELLED', 'cancelled'],
	])('status %s is %s', (status, outcome) => {
		expect(jobOutcome(job({ status })).status).toBe(outcome);
	});

	it('1.15+ statuses NOT_STARTED and PAUSED are still running', () => {
		expect(jobOutcome(job({ status: 'NOT_STARTED' })).status).toBe('running');
		expect(jobOutcome(job({ status: 'PAUSED' })).status).toBe('running');
	});

	it('an unknown status (a newer server) counts as running, raw value kept', () => {
		expect(jobOutcome(job({ status: 'INCREMENTAL_SYNC' }))).toMatchObject({ status: 'running', rawStatus: 'INCREMENTAL_SYNC' });
	});

	it('quirk: cdcStatus FAILED while status still RUNNING is a failure', () => {
		expect(jobOutcome(job({ options: { mode: 'CDC' }, cdcStatus: 'FAILED' })).status).toBe('failed');
	});

	it('quirk: COMPLETED with ERROR or WARNING jobUpdates (1.13) is a warning; INFO only stays succeeded', () => {
		expect(jobOutcome(job({ status: 'COMPLETED', jobUpdates: [{ eventType: 'INFO' }, { eventType: 'WARNING' }] })).status).toBe('warning');
		expect(jobOutcome(job({ status: 'COMPLETED', jobUpdates: [{ eventType: 'ERROR' }] })).status).toBe('warning');
		expect(jobOutcome(job({ status: 'COMPLETED', jobUpdates: [{ eventType: 'INFO' }] })).status).toBe('succeeded');
		expect(jobOutcome(job({ status: 'COMPLETED' })).status).toBe('succeeded');
	});

	it('quirk: no end time in the API: a finished job ends at statistics.startedAt + elapsedSeconds; a running one has none', () => {
		const statistics = { startedAt: '2025-05-04T09:42:00Z', elapsedSeconds: 90 };
		expect(jobOutcome(job({ status: 'COMPLETED', statistics })).endedAt).toBe('2025-05-04T09:43:30.000Z');
		expect(jobOutcome(job({ status: 'RUNNING', statistics })).endedAt).toBeUndefined();
		expect(jobOutcome(job({ statistics: undefined })).startedAt).toBe('2025-05-04T09:42:00.000Z');
	});

	it('rawStatus carries the CDC status for CDC modes only', () => {
		expect(jobOutcome(job({ options: { mode: 'SNAPSHOT' } })).rawStatus).toBe('RUNNING');
		expect(jobOutcome(job({ options: { mode: 'CDC' }, cdcStatus: 'PAUSED' })).rawStatus).toBe('RUNNING/PAUSED');
		expect(jobOutcome(job({ options: { mode: 'CDC_ONLY' }, cdcStatus: undefined })).rawStatus).toBe('RUNNING/NOT_STARTED');
	});

	it('failureError becomes the outcome error; a failed job without one still gets a message', () => {
		const failed = jobOutcome(job({ status: 'FAILED', failureError: { errorType: 'JdbcError', message: 'Connection refused', failureAt: '2025-05-04T09:43:00Z', setupError: true } }));
		expect(failed.error).toEqual({ message: 'Connection refused', code: 'JdbcError', details: { failureAt: '2025-05-04T09:43:00Z', setupError: true } });
		expect(jobOutcome(job({ status: 'FAILED' })).error?.message).toBe('Job j-1 failed (status FAILED, CDC NOT_STARTED)');
		expect(jobOutcome(job({})).error).toBeUndefined();
	});

	it('the trigger state changes with either status', () => {
		expect(jobState(job({}))).toBe('RUNNING/NOT_STARTED');
		expect(jobState(job({ cdcStatus: 'RUNNING' }))).toBe('RUNNING/RUNNING');
		expect(jobState(job({ cdcStatus: undefined, status: 'completed' }))).toBe('COMPLETED/NOT_STARTED');
	});

	it('phases', () => {
		expect(jobPhase(job({}))).toBe('snapshot');
		expect(jobPhase(job({ cdcStatus: 'RUNNING' }))).toBe('cdc');
		expect(jobPhase(job({ status: 'CANCELLED', cdcStatus: 'CANCELLED' }))).toBe('done');
	});

	describe('wait goals', () => {
		it('SNAPSHOT mode: no goal is reached before the job ends (the snapshot flag during CLEANING_UP does not count)', () => {
			const cleaningUp = job({ status: 'CLEANING_UP', statistics: { snapshotCompleted: true } });
			expect(goalReached(cleaningUp, 'snapshotCompleted')).toBe(false);
			expect(goalReached(cleaningUp, 'cdcRunning')).toBe(false);
			expect(goalReached(cleaningUp, 'finished')).toBe(false);
		});
		it('CDC mode: snapshotCompleted by the flag or by a CDC already past NOT_STARTED; cdcRunning only on RUNNING', () => {
			const cdc = { options: { mode: 'CDC' } };
			expect(goalReached(job({ ...cdc }), 'snapshotCompleted')).toBe(false);
			expect(goalReached(job({ ...cdc, statistics: { snapshotCompleted: true } }), 'snapshotCompleted')).toBe(true);
			expect(goalReached(job({ ...cdc, cdcStatus: 'PAUSED' }), 'snapshotCompleted')).toBe(true);
			expect(goalReached(job({ ...cdc, statistics: { snapshotCompleted: true } }), 'cdcRunning')).toBe(false);
			expect(goalReached(job({ ...cdc, cdcStatus: 'RUNNING' }), 'cdcRunning')).toBe(true);
			expect(goalReached(job({ ...cdc, cdcStatus: 'RUNNING' }), 'finished')).toBe(false);
		});
		it('CDC_ONLY: the snapshot goal is the stream starting', () => {
			expect(goalReached(job({ options: { mode: 'CDC_ONLY' }, cdcStatus: 'RUNNING' }), 'snapshotCompleted')).toBe(true);
		});
	});

	it('outputs never carry connection strings or credentials inside text', () => {
		const raw = job({
			jdbcConnectionString: 'jdbc:postgresql://pg:5432/sales?user=a&password=hunter22',
			mongoDbConnectionString: 'mongodb://bob:s3cr3t-pass@m:27017/sales',
			failureError: { errorType: 'X', message: 'cannot reach mongodb://bob:s3cr3t-pass@m:27017/sales', failureAt: '2025-05-04T09:43:00Z', setupError: false },
			status: 'FAILED',
		});
		const text = JSON.stringify([sanitizeJob(raw), jobToJson(raw)]);
		expect(text).not.toContain('s3cr3t-pass');
		expect(text).not.toContain('hunter22');
		expect(jobToJson(raw)).not.toHaveProperty('jdbcConnectionString');
		expect(jobToJson(raw)).toMatchObject({ id: 'j-1', outcome: 'failed', jobId: 'j-1' });
	});
});

describe('which connection names no database (the 440 / 400 hint)', () => {
	it.each([
		['jdbc:postgresql://pg:5432/sales', true],
		['jdbc:postgresql://pg:5432', false],
		['jdbc:sqlserver://sql:1433;databaseName=sales', true],
		['jdbc:sqlserver://sql:1433;encrypt=true', false],
		['jdbc:oracle:thin:@ora:1521/ORCLPDB1', true],
		['jdbc:oracle:thin:@ora:1521:ORCL', true],
		['jdbc:oracle:thin:@ora:1521', false],
		['jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=ora)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=orcl)))', true],
	])('%s names a database: %s', (url, expected) => {
		expect(jdbcNamesDatabase(url)).toBe(expected);
	});
	it('blames the JDBC URL when only it lacks a database, the connection string when only it does, both when unclear', () => {
		const body = (url: string, cs: string) => ({ jdbcConnectionDetails: { url }, mongodbConnectionDetails: { connectionString: cs } });
		expect(missingDatabaseHint(body('jdbc:postgresql://pg:5432', 'mongodb://m:27017/sales'))).toMatch(/^The JDBC URL names no database/);
		expect(missingDatabaseHint(body('jdbc:postgresql://pg:5432/sales', 'mongodb://m:27017/'))).toMatch(/^The MongoDB connection string names no database/);
		expect(missingDatabaseHint(body('', ''))).toMatch(/^A connection names no database/);
		expect(missingDatabaseHint(body('jdbc:postgresql://pg:5432/sales', 'mongodb://m:27017/sales'), 'jdbc')).toMatch(/^The JDBC URL/);
	});
});

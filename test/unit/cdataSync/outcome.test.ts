import { cdataSyncApiRoot } from '../../../credentials/CDataSyncApi.credentials';
import { field, normaliseStatus, outcomeFrom, withOutcome } from '../../../nodes/CDataSync/outcome';
import { asList } from '../../../nodes/CDataSync/transport';

describe('CData Sync status quirks (outcome.ts)', () => {
	it.each([
		['Starting', 'running'],
		['Testing', 'running'],
		['Running', 'running'],
		['In progress', 'running'],
		['In Progress', 'running'],
		['Successful', 'succeeded'],
		['Success', 'succeeded'],
		['SUCCESS', 'succeeded'],
		['Failed', 'failed'],
		['Error', 'failed'],
		['ERROR', 'failed'],
		['Cancelled', 'cancelled'],
		['Canceled', 'cancelled'],
		['Warning', 'warning'],
	])('"%s" is %s', (raw, status) => {
		expect(normaliseStatus(raw)).toMatchObject({ status, rawStatus: raw, known: true });
	});

	it('"7 of 13 Tasks Failed" is a warning (partial failure) and keeps the counts', () => {
		expect(normaliseStatus('7 of 13 Tasks Failed')).toEqual({ status: 'warning', rawStatus: '7 of 13 Tasks Failed', known: true, failedTasks: 7, totalTasks: 13 });
		expect(normaliseStatus('1 of 2 task failed').status).toBe('warning');
	});

	it('"13 of 13 Tasks Failed" is a failure: nothing succeeded', () => {
		expect(normaliseStatus('13 of 13 Tasks Failed').status).toBe('failed');
	});

	it('"0 of 5 Tasks Failed" is a success', () => {
		expect(normaliseStatus('0 of 5 Tasks Failed').status).toBe('succeeded');
	});

	it('a job that never ran has no outcome (None, empty, null)', () => {
		for (const raw of ['None', '', null, undefined, 'Never Run']) expect(normaliseStatus(raw).status).toBeUndefined();
	});

	it('an unknown value stays "running" (a wait never ends on it as a success) and is flagged', () => {
		expect(normaliseStatus('Exploding')).toEqual({ status: 'running', rawStatus: 'Exploding', known: false });
		expect(withOutcome({ status: 'Exploding' })).toMatchObject({ outcome: 'running', rawStatus: 'Exploding', statusRecognised: false });
	});

	it('reads snake_case V2 fields and the PascalCase history fields docs/vendor-apis.md lists alike', () => {
		const history = { Id: '7', JobId: 'j1', JobName: 'Job 1', RunStartDate: '2025-01-01T10:00:00Z', Status: 'Failed', Details: 'ORA-1' };
		const status = { job_id: 'j1', job_name: 'Job 1', run_id: '7', run_start_date: '2025-01-01T10:00:00Z', run_end_date: '2025-01-01T10:01:00Z', status: 'Failed', details: 'ORA-1' };
		const fromHistory = outcomeFrom(history).outcome;
		const fromStatus = outcomeFrom(status).outcome;
		expect(fromHistory).toEqual({ status: 'failed', rawStatus: 'Failed', jobId: 'j1', runId: '7', name: 'Job 1', startedAt: '2025-01-01T10:00:00.000Z', error: { message: 'ORA-1' } });
		expect(fromStatus).toMatchObject({ ...fromHistory, endedAt: '2025-01-01T10:01:00.000Z' });
		expect(field({ Records_Affected: 3 }, 'recordsaffected')).toBe(3);
	});

	it('keeps the raw record and the raw status next to the outcome', () => {
		expect(withOutcome({ status: '2 of 5 Tasks Failed', details: 'x' })).toMatchObject({ status: '2 of 5 Tasks Failed', outcome: 'warning', rawStatus: '2 of 5 Tasks Failed', failedTasks: 2, totalTasks: 5 });
		expect(withOutcome({ status: 'None' })).toMatchObject({ outcome: null, rawStatus: 'None' });
	});
});

describe('CData Sync transport and credential quirks', () => {
	it('lists come as an array or wrapped (value/items/...)', () => {
		expect(asList([{ id: 1 }])).toEqual([{ id: 1 }]);
		expect(asList({ value: [{ id: 2 }] })).toEqual([{ id: 2 }]);
		expect(asList({ jobs: [{ id: 3 }] })).toEqual([{ id: 3 }]);
		expect(asList({})).toEqual([]);
	});

	it.each([
		['http://localhost:8181/api.rsc', 'http://localhost:8181/api.rsc'],
		['http://localhost:8181/api.rsc/', 'http://localhost:8181/api.rsc'],
		['http://localhost:8181/api.rsc/v2', 'http://localhost:8181/api.rsc'],
		['http://localhost:8181', 'http://localhost:8181/api.rsc'],
		['https://sync.example.com/sync/api.rsc', 'https://sync.example.com/sync/api.rsc'],
	])('base URL %s → %s', (given, root) => {
		expect(cdataSyncApiRoot({ baseUrl: given })).toBe(root);
	});
});

describe('field spellings', () => {
	it('the first named spelling present wins; empty values are skipped; the record’s first key of a spelling wins', () => {
		expect(field({ job_status: 'FAILED', Status: '', status: 'RUNNING' }, 'status', 'job_status')).toBe('RUNNING');
		expect(field({ JobStatus: 'X', job_status: 'Y' }, 'status', 'job_status')).toBe('X');
		expect(field({ status: null, State: 'Idle' }, 'status', 'state')).toBe('Idle');
		expect(field(undefined, 'status')).toBeUndefined();
	});
	it('outcomeFrom reads history (PascalCase) and V2 (snake_case) records alike', () => {
		const v2 = outcomeFrom({ status: 'FAILED', details: 'boom', run_start_date: '2026-01-01T00:00:00Z', job_name: 'J' }).outcome;
		const history = outcomeFrom({ Status: 'FAILED', Details: 'boom', RunStartDate: '2026-01-01T00:00:00Z', JobName: 'J' }).outcome;
		expect(history).toEqual(v2);
		expect(v2).toMatchObject({ status: 'failed', name: 'J', startedAt: '2026-01-01T00:00:00.000Z', error: { message: 'boom' } });
	});
});

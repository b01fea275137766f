/** Taskflow and export mappings in nodes/InformaticaIdmc/outcome/ (taskflow.ts, importExport.ts) and the taskflow base URL, one test per quirk. */
import { resourceBaseUrl, sessionHeadersFor } from '../../../credentials/InformaticaIdmcApi.credentials';
import { exportOutcome, mapTaskflowStatus, parseTaskflowJson, taskflowOutcome, taskflowRunIdFromAnswer } from '../../../nodes/InformaticaIdmc/outcome';

describe('Informatica taskflow and export outcomes', () => {
	it('maps the documented taskflow statuses case-insensitively; SUSPENDED (waits for a resume) ends a wait as failed', () => {
		expect(mapTaskflowStatus('RUNNING')).toEqual({ status: 'running', known: true });
		expect(mapTaskflowStatus('Success').status).toBe('succeeded');
		expect(mapTaskflowStatus('FAILED').status).toBe('failed');
		expect(mapTaskflowStatus('SUSPENDED').status).toBe('failed');
		expect(mapTaskflowStatus('STOPPED').status).toBe('cancelled');
		expect(mapTaskflowStatus('SOMETHING_NEW')).toEqual({ status: 'running', known: false });
	});

	it('quirk: a Long run id beyond 2^53 stays exact, quoted or not, in status answers and in the run answer', () => {
		const parsed = parseTaskflowJson('{"runId":20262247166322413568,"status":"RUNNING"}') as { runId: string };
		expect(parsed.runId).toBe('20262247166322413568');
		expect(taskflowRunIdFromAnswer('{"RunId":"20262247166322413568"}')).toBe('20262247166322413568');
		expect(taskflowRunIdFromAnswer('{"runId":20262247166322413568}')).toBe('20262247166322413568');
		expect(taskflowRunIdFromAnswer('20262247166322413568')).toBe('20262247166322413568');
		expect(taskflowRunIdFromAnswer('<html>login</html>')).toBeUndefined();
	});

	it('a taskflow status answer: times, error message of an ended run, and the details Monitor shows', () => {
		const outcome = taskflowOutcome({
			runId: '1',
			assetName: 'tf',
			status: 'FAILED',
			startTime: '2024-06-10T05:48:28Z',
			endTime: '2024-06-10T05:50:00Z',
			errorMessage: 'Step failed',
			location: 'Default/Sales',
			duration: '92',
		});
		expect(outcome).toMatchObject({ status: 'failed', rawStatus: 'FAILED', runId: '1', name: 'tf', endedAt: '2024-06-10T05:50:00.000Z', error: { message: 'Step failed' }, details: { location: 'Default/Sales', duration: '92' } });
		expect(taskflowOutcome({ runId: 2, status: 'RUNNING', endTime: '2024-06-10T05:50:00Z' }).endedAt).toBeUndefined();
	});

	it('an export answer reads like an import answer: SUCCESSFUL and SUCCESS both succeeded, per-object failures counted', () => {
		expect(exportOutcome({ id: 'e1', status: { state: 'SUCCESSFUL' } })).toMatchObject({ status: 'succeeded', jobId: 'e1' });
		expect(exportOutcome({ id: 'e1', status: { state: 'FAILED', message: 'no' }, objects: [{ status: { state: 'SUCCESS' } }, { status: { state: 'FAILED' } }] })).toMatchObject({
			status: 'failed',
			error: { message: 'no' },
			details: { objects: 2, failedObjects: 1 },
		});
	});

	it('quirk: taskflow services hang off the pod host without /saas, and get both session headers', () => {
		expect(resourceBaseUrl('https://na4.dm-us.informaticacloud.com/saas', '/active-bpel/rt/tf')).toBe('https://na4.dm-us.informaticacloud.com');
		expect(resourceBaseUrl('https://na4.dm-us.informaticacloud.com/saas', '/public/core/v3/export')).toBe('https://na4.dm-us.informaticacloud.com/saas');
		expect(sessionHeadersFor('https://na4.dm-us.informaticacloud.com/active-bpel/services/tf/status/1', 's')).toEqual({ 'INFA-SESSION-ID': 's', 'IDS-SESSION-ID': 's' });
	});
});

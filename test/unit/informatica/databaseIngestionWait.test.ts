import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { databaseIngestionJobControl, waitForDatabaseIngestionJob } from '../../../nodes/InformaticaIdmc/actions/databaseIngestionJob/wait';
import { DEFAULT_WAIT } from '../../../nodes/shared/waitForJob';

/** An execute context whose authenticated requests answer the given job/status bodies in turn. */
function contextAnswering(answers: IDataObject[]): { ctx: IExecuteFunctions; urls: string[] } {
	const urls: string[] = [];
	let i = 0;
	const ctx = {
		getNode: () => ({ id: '1', name: 'Informatica IDMC', type: 'informaticaIdmc', typeVersion: 1, position: [0, 0], parameters: {} }),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (_cred: string, options: { url: string; method: string }) => {
				urls.push(`${options.method} ${options.url}`);
				const body = answers[Math.min(i++, answers.length - 1)];
				return { statusCode: 200, headers: {}, body: JSON.stringify(body) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, urls };
}

const options = { ...DEFAULT_WAIT, pollIntervalSeconds: 0, timeoutSeconds: 5 };
const previousRun = { jobId: 15, status: 'completed', startTime: '2026-01-01T10:00:00.000Z', endTime: '2026-01-01T10:05:00.000Z' };

describe('waiting on a Database Ingestion job', () => {
	it('quirk: a first poll that still shows the previous run\'s end is not taken for this run\'s', async () => {
		const thisRun = { jobId: 15, status: 'completed', startTime: '2026-01-02T10:00:00.000Z', endTime: '2026-01-02T10:01:00.000Z' };
		const { ctx, urls } = contextAnswering([previousRun, { jobId: 15, status: 'running', startTime: thisRun.startTime }, thisRun]);
		const result = await waitForDatabaseIngestionJob(ctx, 0, {
			jobId: '15',
			waitUntil: 'finished',
			options,
			previous: { status: 'succeeded', rawStatus: 'completed', startedAt: previousRun.startTime, endedAt: previousRun.endTime },
		});
		expect(result.outcome).toMatchObject({ status: 'succeeded', startedAt: thisRun.startTime });
		expect(result.polls).toBe(3);
		expect(urls[0]).toBe('GET /dbmi/public/api/v2/job/status');
	});

	it('a run that ends differently from the previous one is taken at once', async () => {
		const { ctx } = contextAnswering([{ ...previousRun, status: 'failed', errorMessage: 'boom' }]);
		const result = await waitForDatabaseIngestionJob(ctx, 0, {
			jobId: '15',
			waitUntil: 'finished',
			options: { ...options, failOnJobFailure: false },
			previous: { status: 'succeeded', rawStatus: 'completed', startedAt: previousRun.startTime, endedAt: previousRun.endTime },
		});
		expect(result.outcome).toMatchObject({ status: 'failed', error: { message: 'boom' } });
		expect(result.polls).toBe(1);
	});

	it('automatic goal: a CDC job ends the wait once it is running; an initial load keeps waiting', async () => {
		const cdc = contextAnswering([{ jobId: 16, status: 'starting', jobConfig: { taskMode: 'CDC' } }, { jobId: 16, status: 'running', jobConfig: { taskMode: 'CDC' } }]);
		const up = await waitForDatabaseIngestionJob(cdc.ctx, 0, { jobId: '16', waitUntil: 'auto', options });
		expect(up).toMatchObject({ end: 'goalReached', goal: 'running', polls: 2 });
		const load = contextAnswering([
			{ jobId: 15, status: 'running', jobConfig: { taskMode: 'UNLOAD' } },
			{ jobId: 15, status: 'completed', jobConfig: { taskMode: 'UNLOAD' } },
		]);
		const done = await waitForDatabaseIngestionJob(load.ctx, 0, { jobId: '15', waitUntil: 'auto', options });
		expect(done).toMatchObject({ end: 'finished', goal: 'finished', polls: 2 });
	});
});

describe('Database Ingestion job control: the look for a running run before a start', () => {
	/** A context whose status reads answer with this HTTP status and body, or fail without an answer. */
	function contextReading(answer: { statusCode: number; body: IDataObject } | Error, aborted = false): IExecuteFunctions {
		const signal = { aborted } as AbortSignal;
		return {
			getNode: () => ({ id: '1', name: 'Informatica IDMC', type: 'informaticaIdmc', typeVersion: 1, position: [0, 0], parameters: {} }),
			getExecutionCancelSignal: () => signal,
			helpers: {
				httpRequestWithAuthentication: async () => {
					if (answer instanceof Error) throw answer;
					return { statusCode: answer.statusCode, headers: {}, body: JSON.stringify(answer.body) };
				},
			},
		} as unknown as IExecuteFunctions;
	}

	it('a job whose status the service refuses (404) has no run to attach to: the start\'s own answer decides', async () => {
		const control = databaseIngestionJobControl(contextReading({ statusCode: 404, body: { status: 'failed', code: 404, message: 'not found' } }), 0, 'start', '15', 'finished');
		await expect(control.findRunning!()).resolves.toBeUndefined();
	});

	it('a running job is found', async () => {
		const control = databaseIngestionJobControl(contextReading({ statusCode: 200, body: { jobId: 15, status: 'running' } }), 0, 'start', '15', 'finished');
		await expect(control.findRunning!()).resolves.toMatchObject({ status: 'running', rawStatus: 'running' });
	});

	it('a read cut off by n8n\'s cancel is not "no run going": it fails, so no start follows', async () => {
		const cancelled = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
		const control = databaseIngestionJobControl(contextReading(cancelled, true), 0, 'start', '15', 'finished');
		await expect(control.findRunning!()).rejects.toThrow();
	});
});

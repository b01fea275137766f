/** The first execution of a credential logs in once, however many of its items read the status at the same time. */
import * as informaticaDataIntegration from '../../../sandbox/families/informaticaDataIntegration';
import { useInformaticaEnv } from './setup';

describe('Informatica login once per credential', () => {
	const env = useInformaticaEnv([informaticaDataIntegration], { runTimeMs: 50 });

	it('10 concurrent status reads in a first execution: one login', async () => {
		const { sandbox, harness } = env;
		const items = Array.from({ length: 10 }, () => ({ taskId: '0100000Z000009', runId: '2' }));
		// A slow login keeps it in flight while every item sends its first request.
		sandbox.faults.add({ match: { path: 'api/v2/user/login' }, kind: 'slow', delayMs: 300 });
		const result = await harness.runNode({
			type: 'informaticaIdmc',
			parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: '={{$json.taskId}}', runId: '={{$json.runId}}' },
			items,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		expect(sandbox.counters.snapshot().logins).toBe(1);
	});
});

import type { INode } from 'n8n-workflow';

import { buildApiError } from '../../../nodes/shared/apiError';
import { describeFailure } from '../../../nodes/shared/failure';

const node = { id: 'n', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const timedOut = { headers: {}, networkCode: 'ETIMEDOUT', requestSecrets: [], message: 'timeout' };

describe('network error messages', () => {
	it('a read that timed out says to run it again, not that a start may have happened', () => {
		const error = buildApiError(node, { method: 'GET', url: '/jobs/1', action: 'reading job 1' }, timedOut, 7);
		expect(error.message).toBe('The service did not answer in time');
		expect(error.description).not.toContain('A start that timed out');
		expect(error.description).toContain('run it again');
	});
	it('a status read sent as POST (marked idempotent) is a read too', () => {
		const error = buildApiError(node, { method: 'POST', url: '/job/status', idempotent: true }, timedOut, 1);
		expect(error.description).not.toContain('A start that timed out');
	});
	it('a start (POST, not idempotent) that timed out keeps the warning', () => {
		const error = buildApiError(node, { method: 'POST', url: '/jobs' }, timedOut, 1);
		expect(error.description).toContain('A start that timed out may still have started the job');
	});
	it('connection refused names host and port from the system error, never user, password or query', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:8278'), { code: 'ECONNREFUSED', address: '10.0.0.5', port: 8278 });
		const axiosLike = Object.assign(new Error('connect ECONNREFUSED'), { cause, config: { url: 'http://u:pw@10.0.0.5:8278/api/v1/jobs?token=t0k3n' } });
		const failure = describeFailure(axiosLike);
		expect(failure.target).toBe('10.0.0.5:8278');
		const error = buildApiError(node, { method: 'GET', url: '/jobs' }, failure, 1);
		expect(error.message).toBe('The service at 10.0.0.5:8278 could not be reached');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toMatch(/pw|t0k3n/);
	});
	it('without a system address, the request URL gives host and port only', () => {
		const failure = describeFailure(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND', config: { url: '/api/v1/jobs?token=t0k3n', baseURL: 'https://user:pw@migrator.example.com' } }));
		expect(failure.target).toBe('migrator.example.com:443');
	});
	it('a vendor status outside the standard ones: its own name, never "HTTP 440 (440)"', () => {
		const failure = { status: 440, headers: {}, bodyText: '{"message":"No db"}', requestSecrets: [], message: '' };
		expect(buildApiError(node, { method: 'POST', url: '/jobs' }, failure, 1).message).toBe('HTTP 440: No db');
		const named = buildApiError(node, { method: 'POST', url: '/jobs', errors: { statusText: () => 'No database name' } }, failure, 1);
		expect(named.message).toBe('No database name (440): No db');
	});
});

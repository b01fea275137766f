/**
 * Seeding the sandbox through the vendor APIs it emulates (what a user's own scripts would do), with a bare
 * keep-alive client. Callers reset the counters after seeding.
 */
import type { Sandbox } from '../../sandbox/server';
import { CDATA_SYNC, FAMILY, INFORMATICA, RELATIONAL_MIGRATOR } from '../../sandbox/server';
import { sleepMs } from './stats';
import { bareClient } from './vendors';

const http = bareClient(true);

/** Runs `fn` over `items`, `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, items.length)) }, worker));
	return out;
}

export async function informaticaSession(sandbox: Sandbox): Promise<string> {
	const { data } = await http.post<{ icSessionId: string }>(`${sandbox.url}${INFORMATICA.loginPathV2}`, {
		'@type': 'login',
		username: INFORMATICA.username,
		password: INFORMATICA.password,
	});
	return data.icSessionId;
}

// ── Informatica Data Integration ───────────────────────────────────────────────────────────────────────────

/** Creates `n` mapping tasks; returns their ids. */
export async function seedDiTasks(sandbox: Sandbox, session: string, n: number, prefix: string): Promise<string[]> {
	return await mapLimit(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
		const { data } = await http.post<{ id: string }>(`${sandbox.url}${INFORMATICA.v2Prefix}/mttask`, { '@type': 'mtTask', name: `${prefix}_${i}` }, { headers: { icSessionId: session } });
		return data.id;
	});
}

/** Starts a run of a mapping task; returns the id sandbox.transition takes (`taskId:runId`). */
export async function startDiRun(sandbox: Sandbox, session: string, taskId: string): Promise<string> {
	const { data } = await http.post<{ runId: number }>(`${sandbox.url}${INFORMATICA.v2Prefix}/job`, { '@type': 'job', taskId, taskType: 'MTT' }, { headers: { icSessionId: session } });
	return `${taskId}:${data.runId}`;
}

// ── Informatica Database Ingestion ─────────────────────────────────────────────────────────────────────────

/** Creates and deploys `n` initial-load tasks; returns their job ids once deployed. */
export async function seedDbmiJobs(sandbox: Sandbox, session: string, n: number, prefix: string): Promise<string[]> {
	const base = `${sandbox.url}${INFORMATICA.dbmiPrefix}`;
	const headers = { 'IDS-SESSION-ID': session };
	const jobIds = await mapLimit(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
		const created = await http.post<{ repoInfo: { repoHandle: string } }>(
			`${base}/task/create`,
			{ taskName: `${prefix}_${i}`, nativeData: { loadType: 'INITIAL_LOAD', source: { type: 'ORACLE' }, target: { type: 'SNOWFLAKE' } } },
			{ headers },
		);
		const deployed = await http.post<{ data: { jobId: number } }>(`${base}/task/deploy/${created.data.repoInfo.repoHandle}`, {}, { headers });
		return String(deployed.data.data.jobId);
	});
	await sleepMs(50);
	return jobIds;
}

export async function startDbmiJob(sandbox: Sandbox, session: string, jobId: string): Promise<void> {
	await http.post(`${sandbox.url}${INFORMATICA.dbmiPrefix}/job/start`, { jobId }, { headers: { 'IDS-SESSION-ID': session } });
}

// ── CData Sync ─────────────────────────────────────────────────────────────────────────────────────────────

const cdataHeaders = { 'x-cdata-authtoken': CDATA_SYNC.token };

/** A new workspace-less setup: `n` jobs in the default workspace; returns the workspace id and the job ids. */
export async function seedCdataJobs(sandbox: Sandbox, n: number, prefix: string): Promise<{ workspaceId: string; jobIds: string[] }> {
	const state = sandbox.state(FAMILY.cdataSync) as { workspaces: Array<{ id: string; is_default: boolean }> };
	const workspaceId = state.workspaces.find((w) => w.is_default)!.id;
	const jobIds = await mapLimit(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
		const { data } = await http.post<{ id: string }>(
			`${sandbox.urls.cdataSyncBaseUrl}/v2/workspaces/${workspaceId}/jobs`,
			{ name: `${prefix}_${i}`, queries: ['REPLICATE [Account]'] },
			{ headers: cdataHeaders },
		);
		return data.id;
	});
	return { workspaceId, jobIds };
}

export async function executeCdataJob(sandbox: Sandbox, jobId: string): Promise<void> {
	await http.post(`${sandbox.urls.cdataSyncBaseUrl}/v2/jobs/${jobId}/execute`, {}, { headers: cdataHeaders });
}

// ── Relational Migrator ────────────────────────────────────────────────────────────────────────────────────

export function rmJobBody(projectId: string) {
	return {
		projectId,
		jdbcConnectionDetails: { type: 'POSTGRESQL', url: 'jdbc:postgresql://pg:5432/sales', user: 'bench', password: 'bench-secret' },
		mongodbConnectionDetails: { connectionString: 'mongodb://mongo:27017/sales' },
		options: { mode: 'SNAPSHOT', dropCollections: false, errorHandling: 'FAIL' },
		verification: { enabled: false },
	};
}

/** Creates a migration job (one may run at a time: a 470 answer is retried shortly). Returns its id. */
export async function createRmJob(sandbox: Sandbox, projectId: string): Promise<string> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const res = await http.post<{ id: string }>(`${sandbox.url}${RELATIONAL_MIGRATOR.apiPrefix}/jobs`, rmJobBody(projectId), { validateStatus: () => true });
		if (res.status === 200) return res.data.id;
		if (res.status !== 470) throw new Error(`Relational Migrator job create answered ${res.status}`);
		await sleepMs(2);
	}
	throw new Error('Relational Migrator: a job kept running');
}

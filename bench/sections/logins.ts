/**
 * 2. Logins: how many Informatica logins 1,000 requests cost when they are spread over items, executions and trigger
 * polls sharing one credential (as n8n shares the stored credential), while the session stays valid; and, as a
 * second figure, how many logins each expired session costs with items read concurrently.
 */
import type { Row } from '../lib/report';
import type { BenchContext, Section } from '../lib/context';
import { fmt, round, stat } from '../lib/stats';
import { informatica } from '../lib/vendors';

const SECTION = '2. Logins';
const TARGET_REQUESTS = 1000;
/** Database Ingestion job and Data Integration run the seed data holds. */
const DBMI_JOB = '15';
const DI_TASK = '0100000Z000009';

interface LoginRun {
	requests: number;
	logins: number;
	expiries: number;
	executions: number;
	polls: number;
	items: number;
}

async function mixedLoad(ctx: BenchContext, expireEvery: number): Promise<LoginRun> {
	const kit = informatica();
	ctx.sandbox.reset();
	ctx.sandbox.config.set({ sessionExpireEvery: expireEvery });
	const harness = kit.harness(ctx.sandbox);
	const node = new kit.node!().description.name;
	const trigger = kit.trigger ? new kit.trigger().description.name : undefined;
	const diRun = (ctx.sandbox.state('informaticaDataIntegration') as { runs: Array<{ taskId: string; runId: number }> }).runs.find((r) => r.taskId === DI_TASK);
	const staticData = {};
	let executions = 0;
	let polls = 0;
	let items = 0;
	const requests = () => ctx.sandbox.counters.snapshot().total;
	for (let round = 0; requests() < TARGET_REQUESTS; round++) {
		// An execution of Database Ingestion Get Status over 40 items (read 10 at a time as the operation ships).
		const dbmi = await harness.runNode({
			type: node,
			parameters: { resource: 'databaseIngestionJob', operation: 'getStatus', jobId: DBMI_JOB },
			items: Array.from({ length: 40 }, () => ({})),
		});
		if (dbmi.error) throw new Error(`Database Ingestion Get Status failed: ${dbmi.error.message}`);
		executions++;
		items += 40;
		// An execution of Data Integration Get Status over 20 items.
		if (diRun) {
			const di = await harness.runNode({
				type: node,
				parameters: { resource: 'dataIntegrationJob', operation: 'getStatus', taskId: DI_TASK, runId: String(diRun.runId) },
				items: Array.from({ length: 20 }, () => ({})),
			});
			if (di.error) throw new Error(`Data Integration Get Status failed: ${di.error.message}`);
			executions++;
			items += 20;
		}
		// Five trigger polls.
		if (trigger) {
			for (let p = 0; p < 5; p++) {
				await harness.poll({ type: trigger, parameters: { watch: ['dataIntegration'], dataIntegrationTasks: 'all', outcomes: [], options: {} }, staticData });
				polls++;
			}
		}
	}
	const c = ctx.sandbox.counters.snapshot();
	return { requests: c.total, logins: c.logins, expiries: c.expiries, executions, polls, items };
}

export const logins: Section = {
	id: 2,
	title: SECTION,
	async run(ctx: BenchContext): Promise<Row[]> {
		const kit = informatica();
		if (!kit.node || !kit.credential) {
			return [{ section: SECTION, metric: 'Informatica logins per 1,000 requests', goal: '1', measured: 'n/a', met: null, note: 'The Informatica node has not landed yet.' }];
		}
		const reps = ctx.reps(3, 2);
		const valid: LoginRun[] = [];
		const expiring: LoginRun[] = [];
		for (let i = 0; i < reps; i++) {
			ctx.log(`logins: run ${i + 1} of ${reps}, session valid`);
			valid.push(await mixedLoad(ctx, 0));
			ctx.log(`logins: run ${i + 1} of ${reps}, session expiring every 100 requests`);
			expiring.push(await mixedLoad(ctx, 100));
		}
		const per1000 = stat(valid.map((r) => (r.logins * 1000) / r.requests));
		const v = valid[0];
		const perExpiry = stat(expiring.map((r) => r.logins / (r.expiries + 1)));
		const e = expiring[0];
		return [
			{
				section: SECTION,
				metric: 'Informatica logins per 1,000 requests (items, executions, polls; session valid)',
				goal: '1',
				measured: fmt(per1000, '', 2),
				met: per1000.max <= 1,
				note: `One run: ${v.requests} requests from ${v.executions} executions (${v.items} items, Database Ingestion and Data Integration Get Status) and ${v.polls} trigger polls, ${v.logins} login(s).`,
				data: valid,
			},
			{
				section: SECTION,
				metric: 'logins per session (sessions expiring every 100 requests)',
				goal: 'report (1 is the floor)',
				measured: fmt(perExpiry, '', 2),
				met: null,
				note: `One run: ${e.requests} requests, ${e.expiries} sessions expired, ${e.logins} logins (${round(e.logins / Math.max(1, e.expiries + 1), 2)} per session); items are read 10 at a time, so several requests meet the same expired session and share one renewal.`,
				data: expiring,
			},
		];
	},
};

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobOutcome } from '../../../shared/jobOutcome';
import { isFailure } from '../../../shared/jobOutcome';
import { contextOutlivingCancel } from '../../../shared/afterCancel';
import type { JobControl } from '../../../shared/jobRun';
import { jobRunToJson, startOrAttach } from '../../../shared/jobRun';
import { readRunPolicy, readRunWaitOptions, startRunProperties } from '../../../shared/jobRunDescription';
import { activityMonitorOutcome } from '../../outcome';
import { informaticaRequest } from '../../transport';
import type { TaskReference } from './api';
import { readActivityMonitor, readRunStatus, readSessionLog, resolveTask, stopTask, taskBody } from './api';
import { taskProperties } from '../fields';
import { flag } from '../../../shared/parameters';

const show = { resource: ['dataIntegrationJob'], operation: ['start'] };

export const description: INodeProperties[] = [
	...taskProperties(['start']),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/informatica-job',
		description:
			'A publicly reachable URL Informatica POSTs the job status to when the run ends (it may call it more than once). Leave empty for none.',
		displayOptions: { show },
	},
	{
		displayName: 'Run Simultaneously (Runtime Object)',
		name: 'runSimultaneously',
		type: 'boolean',
		default: false,
		description:
			'Whether to send the documented runtime object ({"@type": "mtTaskRuntime"}) that runs another instance of a mapping task while one is running (the task must allow simultaneous runs). With it, a run already going is not attached to: every item starts its own instance, so a re-run after a crash starts another one.',
		displayOptions: { show: { ...show, taskType: ['MTT'] } },
	},
	{
		displayName: 'More Runtime Fields (JSON)',
		name: 'runtimeFields',
		type: 'json',
		default: '',
		placeholder: '{}',
		description:
			'Other fields of the runtime object your Informatica release documents, as a JSON object; the reference page shows only "@type". Leave empty to send none.',
		displayOptions: { show: { ...show, taskType: ['MTT'], runSimultaneously: [true] } },
	},
	...startRunProperties(show, {
		stop: {
			stopOnCancel: false,
			stopOnCancelDescription:
				'Whether cancelling the execution in n8n (or n8n’s workflow timeout) stops the task. Off by default: Informatica stops a task, not a run, so this can also stop another run of the same task started elsewhere.',
			cancelOnTimeoutDescription:
				'Whether to stop the task when the wait times out. Informatica stops a task, not a run: this can also stop another run of the same task started elsewhere.',
		},
	}),
	{
		displayName: 'Include Session Log on Failure',
		name: 'includeSessionLog',
		type: 'boolean',
		default: true,
		description: 'Whether to read the session log of a run that ended failed or with warnings and put its text in the output',
		displayOptions: { show: { ...show, waitForCompletion: [true] } },
	},
];

function validCallbackUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callbackUrl = String(this.getNodeParameter('callbackUrl', itemIndex, '') ?? '').trim();
	if (callbackUrl && !validCallbackUrl(callbackUrl)) {
		throw new NodeOperationError(this.getNode(), '"Callback URL" must be an http(s) URL', { itemIndex, description: `Got "${callbackUrl}".` });
	}
	const runtime = readRuntime(this, itemIndex);
	const wait = readRunWaitOptions(this, itemIndex);
	const task = await resolveTask(this, itemIndex);
	const includeSessionLog = flag(this, itemIndex, 'includeSessionLog', true);
	const control = taskRunControl(this, itemIndex, task, callbackUrl, includeSessionLog, Boolean(wait), runtime);
	const result = await startOrAttach(control, readRunPolicy(this, itemIndex, { stopOnCancel: false }), wait, {
		node: this.getNode(),
		itemIndex,
		cancelSignal: this.getExecutionCancelSignal(),
	});
	const job = control.job(result.run);
	const run = jobRunToJson(result);
	if (!wait) return { ...job, ...(result.attached ? run : { outcome: 'running', rawStatus: 'STARTED', attached: false, startedByThisItem: true }) };
	return { ...job, ...run, errorMessage: result.run.error?.message ?? null };
}

/**
 * The runtime object for simultaneous runs of a mapping task (the job page's example): undefined unless asked for;
 * "More Runtime Fields" must be a JSON object, checked before any request.
 */
function readRuntime(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	if (String(ctx.getNodeParameter('taskType', itemIndex, 'MTT')) !== 'MTT') return undefined;
	if (!flag(ctx, itemIndex, 'runSimultaneously', false)) return undefined;
	const raw = ctx.getNodeParameter('runtimeFields', itemIndex, '') as unknown;
	let extra: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') extra = {};
		else {
			try {
				extra = JSON.parse(raw);
			} catch (error) {
				throw new NodeOperationError(ctx.getNode(), '"More Runtime Fields (JSON)" must be a JSON object', { itemIndex, description: (error as Error).message });
			}
		}
	}
	if (!extra || typeof extra !== 'object' || Array.isArray(extra)) {
		throw new NodeOperationError(ctx.getNode(), '"More Runtime Fields (JSON)" must be a JSON object', { itemIndex, description: `Got ${JSON.stringify(extra)}.` });
	}
	return { ...(extra as IDataObject), '@type': 'mtTaskRuntime' };
}

/** The task's fields every output carries, from the start's answer or the run followed. */
type TaskFields = (run: JobOutcome) => IDataObject;

/**
 * One Data Integration task as the run engine sees it: the activity monitor lists the task's runs going (several
 * runs of one task may be allowed), POST /job starts one, 409 refuses a start while one runs. The stop ends the
 * task, not one run (see the option's description).
 */
function taskRunControl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	task: TaskReference,
	callbackUrl: string,
	includeSessionLog: boolean,
	waiting: boolean,
	runtime?: IDataObject,
): JobControl<IDataObject> & { job: TaskFields } {
	let started: IDataObject = {};
	const ofTask = (row: IDataObject) =>
		(task.taskId !== undefined && String(row.taskId) === task.taskId) ||
		(task.taskFederatedId !== undefined && String(row.taskFederatedId ?? '') === task.taskFederatedId) ||
		(task.taskId === undefined && task.taskFederatedId === undefined && task.taskName !== undefined && String(row.taskName ?? '') === task.taskName);
	const job: TaskFields = (run) => {
		const fields: IDataObject = {
			taskId: String(started.taskId ?? run.jobId ?? task.taskId ?? ''),
			taskFederatedId: started.taskFederatedId ?? task.taskFederatedId ?? null,
			taskName: started.taskName ?? run.name ?? task.taskName ?? null,
			taskType: started.taskType ?? task.taskType,
			runId: run.runId ?? '',
			callbackURL: started.callbackURL ?? null,
		};
		if (task.path) fields.taskPath = task.path;
		return fields;
	};
	const addSessionLog = async (outcome: JobOutcome): Promise<void> => {
		const activityLogId = outcome.details?.activityLogId;
		if (!includeSessionLog || !activityLogId || !(isFailure(outcome.status) || outcome.status === 'warning')) return;
		try {
			outcome.details = { ...outcome.details, sessionLog: await readSessionLog(ctx, itemIndex, String(activityLogId)) };
		} catch (error) {
			outcome.details = { ...outcome.details, sessionLogError: (error as Error).message };
		}
	};
	return {
		job,
		label: (run) => `task ${String(started.taskName ?? run?.name ?? task.taskName ?? task.taskId ?? task.taskFederatedId)}${run?.runId ? ` run ${run.runId}` : ''}`,
		findRunning: async () => {
			// Simultaneous runs: another instance going is not this item's run; start one of its own.
			if (runtime) return undefined;
			const rows = await readActivityMonitor(ctx, itemIndex);
			const row = rows.find(ofTask);
			return row ? activityMonitorOutcome(row) : undefined;
		},
		start: async () => {
			const body = taskBody(task);
			if (callbackUrl) body.callbackURL = callbackUrl;
			if (runtime) body.runtime = runtime;
			started = await informaticaRequest<IDataObject>(
				ctx,
				{ family: 'v2', method: 'POST', path: '/job', body, action: `starting task ${task.taskFederatedId ?? task.taskId ?? task.taskName}` },
				{ itemIndex },
			);
			const taskId = String(started.taskId ?? task.taskId ?? '');
			const runId = started.runId !== undefined && started.runId !== null ? String(started.runId) : '';
			if (waiting && (!taskId || !runId)) {
				throw new NodeOperationError(ctx.getNode(), 'Informatica started the task but answered without a task ID and run ID to wait on', {
					itemIndex,
					description: JSON.stringify(started),
				});
			}
			return { run: { status: 'running', rawStatus: 'STARTED', jobId: taskId, runId }, answer: started };
		},
		isAlreadyRunningRefusal: (error) => {
			const e = error as { httpCode?: string | null; message?: string };
			return e?.httpCode === '409' && /already running/i.test(e.message ?? '');
		},
		readStatus: async (run) => (await readRunStatus(ctx, itemIndex, run.jobId!, run.runId!)).outcome,
		stop: async () => {
			await stopTask(contextOutlivingCancel(ctx), itemIndex, task, false);
		},
		waitExtras: (run) => ({
			// The session log joins the outcome before the failure rules run, so a failed item carries it too.
			onEnd: async (outcome, end) => {
				if (end === 'finished') await addSessionLog(outcome);
			},
			failureHint: (outcome) => (outcome.details?.sessionLog ? `Session log (last lines):\n${tail(String(outcome.details.sessionLog))}` : undefined),
			context: job(run),
		}),
	};
}

/** The last lines of a log, for an error description. */
function tail(text: string, lines = 20): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

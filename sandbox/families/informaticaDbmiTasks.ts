/**
 * Database Ingestion tasks: the projects and folders they live in, what task/create reads from nativeData, the
 * create answer, and the seed tasks. No HTTP here.
 */
import type { DbmiTask, TaskMode } from './informaticaDbmiJob';

export interface Project {
	id: string;
	name: string;
	folders: Array<{ id: string; name: string }>;
}

const DEFAULT_PROJECT: Project = { id: '6E442DkEnGbhO1L31w2UW3', name: 'Default', folders: [] };
const PROJECTS: Project[] = [
	DEFAULT_PROJECT,
	{
		id: '1lHbX3urKB8dHJ071tXV8F',
		name: 'Sales_Replication',
		folders: [
			{ id: '5GX14m3CuFAeVWqnsSX9mC', name: 'Oracle_to_Snowflake' },
			{ id: '7oUOa49tVKzexgnzp3zyIc', name: 'SQLServer_CDC' },
		],
	},
];
const SPACE = { parentId: '7cCn5thwWFLhiZoSosphKL', parentName: 'REG', parentType: 'Space' };

/** The project with that id; no id: the Default project. */
export const project = (id: string | undefined): Project | undefined => (id ? PROJECTS.find((p) => p.id === id) : DEFAULT_PROJECT);

export function parentInfo(task: DbmiTask): Array<Record<string, string>> {
	const p = project(task.projectId) ?? DEFAULT_PROJECT;
	const info: Array<Record<string, string>> = [SPACE, { parentId: p.id, parentName: p.name, parentType: 'Project' }];
	const folder = p.folders.find((f) => f.id === task.folderId);
	if (folder) info.push({ parentId: folder.id, parentName: folder.name, parentType: 'Folder' });
	return info;
}

/** A task's path as the v3 objects resource shows it: Project/Folder/Name (Project/Name in no folder). */
export function taskPath(task: DbmiTask): string {
	const p = project(task.projectId) ?? DEFAULT_PROJECT;
	const folder = p.folders.find((f) => f.id === task.folderId);
	return [p.name, folder?.name, task.name].filter(Boolean).join('/');
}

function taskModeOf(nativeData: Record<string, unknown>): TaskMode {
	const props = (nativeData.properties ?? {}) as Record<string, unknown>;
	const raw = String(nativeData.loadType ?? nativeData.mode ?? nativeData.taskMode ?? props.loadType ?? props.mode ?? props.taskMode ?? '').toUpperCase();
	if (raw.includes('COMBINED')) return 'CDC_COMBINED';
	if (raw.includes('CDC') || raw.includes('INCREMENTAL')) return 'CDC';
	return 'UNLOAD';
}

function tablesOf(nativeData: Record<string, unknown>): string[] {
	const list = Array.isArray(nativeData.tables) ? nativeData.tables : [];
	const names = list
		.map((t) => (typeof t === 'string' ? t : t && typeof t === 'object' ? String((t as Record<string, unknown>).name ?? '') : ''))
		.filter(Boolean);
	return names.length ? names : ['SALES.ORDERS', 'SALES.ORDER_LINES', 'SALES.CUSTOMERS'];
}

function vendorOf(side: unknown, fallback: string): string {
	const s = (side ?? {}) as Record<string, unknown>;
	return String(s.type ?? s.vendor ?? fallback).toUpperCase();
}

/** A task record; mode, vendors and tables come from nativeData. */
export function newTask(fields: { taskId: number; documentId: string; name: string; projectId: string; folderId: string; nativeData: Record<string, unknown>; createdTime: string }): DbmiTask {
	const nd = fields.nativeData;
	return {
		...fields,
		taskMode: taskModeOf(nd),
		srcVendor: vendorOf(nd.source, 'ORACLE'),
		tgtVendor: vendorOf(nd.target, 'SNOWFLAKE'),
		tables: tablesOf(nd),
	};
}

/** The task/create answer (a Documents entry). */
export function createdTaskAnswer(task: DbmiTask) {
	const now = task.createdTime;
	return {
		'@odata.context': '$metadata#Documents',
		id: task.documentId,
		name: task.name,
		description: task.taskMode,
		owner: '29JnX3zg0EVild2QuRlUc2',
		createdBy: '29JnX3zg0EVild2QuRlUc2',
		lastUpdatedBy: '29JnX3zg0EVild2QuRlUc2',
		lastAccessedBy: '29JnX3zg0EVild2QuRlUc2',
		createdTime: now,
		lastUpdatedTime: now,
		lastAccessedTime: now,
		expiresBy: '2038-01-18T00:00:00Z',
		parentInfo: parentInfo(task),
		documentType: 'APPMI_TASK',
		contentType: 'JSON',
		documentState: 'VALID',
		aclRule: 'org',
		subcontainerCount: 0,
		customAttributes: null,
		// The task ID for every later call, as a string (fetchId answers it as a number).
		repoInfo: { repoParams: [], repoPath: null, repoHandle: String(task.taskId), frsPath: null },
		isSourceControlled: false,
		checkedOutById: null,
	};
}

const seedTask = (taskId: number, name: string, folderId: string, nativeData: Record<string, unknown>): DbmiTask =>
	newTask({ taskId, documentId: `seed${taskId}`.padEnd(22, 'x'), name, projectId: PROJECTS[1].id, folderId, nativeData, createdTime: '2025-11-03T08:15:00.000Z' });

/** A deployed initial-load task (job 15), a deployed CDC task (job 16), a task never deployed. */
export function seedTasks(): Array<{ task: DbmiTask; jobId?: number }> {
	return [
		{
			task: seedTask(2, 'orders_oracle_to_snowflake_initial', '5GX14m3CuFAeVWqnsSX9mC', {
				loadType: 'INITIAL_LOAD',
				source: { type: 'ORACLE', connectionId: '0100010B000000000002' },
				target: { type: 'SNOWFLAKE', connectionId: '0100010B000000000003' },
				tables: ['SALES.ORDERS', 'SALES.ORDER_LINES', 'SALES.CUSTOMERS', 'SALES.PRODUCTS'],
			}),
			jobId: 15,
		},
		{
			task: seedTask(3, 'customers_sqlserver_to_databricks_cdc', '7oUOa49tVKzexgnzp3zyIc', {
				loadType: 'COMBINED',
				source: { type: 'SQLSERVER', connectionId: '0100010B000000000004' },
				target: { type: 'DATABRICKS', connectionId: '0100010B000000000005' },
				tables: ['dbo.Customers', 'dbo.Addresses'],
			}),
			jobId: 16,
		},
		{
			task: seedTask(4, 'inventory_postgres_to_s3_initial', '5GX14m3CuFAeVWqnsSX9mC', {
				loadType: 'INITIAL_LOAD',
				source: { type: 'POSTGRESQL', connectionId: '0100010B000000000006' },
				target: { type: 'AMAZONS3V2', connectionId: '0100010B000000000007' },
				tables: ['inventory.stock', 'inventory.warehouses'],
			}),
		},
	];
}

/**
 * The nodes the editor test looks for, as a user would: search the nodes panel, see the icon, (see the
 * actions, open one,) see the parameters panel. Add one entry per node of this package.
 */
import type { EditorNodeCheck } from '../../scripts/n8n/editor';

/** Built-in nodes: they prove the editor machinery itself, whatever state this package is in. */
export const builtInChecks: EditorNodeCheck[] = [
	{ search: 'HTTP Request', expectParameters: ['Method', 'URL'] },
];

/**
 * This package's nodes (checked only when the built package loads; see package.e2e.test.ts).
 * n8n lists a trigger under its main node as an action ("On new <Name> event"): to check a trigger, search the
 * main node and open that action. Seen working on 2026-11-22 with:
 *   { search: 'Informatica IDMC', expectActions: ['Start a job'], expectParameters: ['Resource', 'Operation'] }
 *   { search: 'Informatica IDMC', expectActions: ['On new Informatica IDMC event'], expectParameters: ['Watch'] }
 */
export const packageChecks: EditorNodeCheck[] = [
	{ search: 'Informatica IDMC', expectActions: ['Run a task', 'Start a job', 'Start a task', 'Start an import job'], expectParameters: ['Resource', 'Operation'] },
	{ search: 'Informatica IDMC', expectActions: ['On new Informatica IDMC event'], expectParameters: ['Watch', 'Fire On Outcomes'] },
	{ search: 'CData Sync', expectActions: ['Execute a job', 'Get the status of a job'], expectParameters: ['Resource', 'Operation'] },
	{ search: 'CData Sync', expectActions: ['On new CData Sync event'], expectParameters: ['Watch', 'Fire On Outcomes'] },
	{ search: 'MongoDB Relational Migrator', expectActions: ['Start a migration job', 'Get a migration job'], expectParameters: ['Resource', 'Operation'] },
	{ search: 'MongoDB Relational Migrator', expectActions: ['On new MongoDB Relational Migrator event'], expectParameters: ['Fire On Outcomes'] },
];

import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The spec's id pattern for jobs and projects. */
export const ID_PATTERN = '^[A-Za-z0-9\\-]+$';

/** A project picker backed by Project > Get Many (GET /project), or an ID typed in. */
export function projectLocator(show: IDisplayOptions['show'], options: { required?: boolean; name?: string } = {}): INodeProperties {
	return {
		displayName: 'Project',
		name: options.name ?? 'project',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: 'The Relational Migrator project whose mapping the job runs',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchProjects', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: '6d1f2a3b-5c4d-4e6f-8a9b-0c1d2e3f4a51',
				validation: [{ type: 'regex', properties: { regex: ID_PATTERN, errorMessage: 'Not a valid project ID' } }],
			},
		],
		displayOptions: show ? { show } : undefined,
	};
}

/** The value of a resource locator (or a plain string, as an expression may give). */
export function locatorValue(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject)) return String((value as IDataObject).value ?? '').trim();
	return String(value ?? '').trim();
}

export function jobIdProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e61',
		description: 'The migration job\'s ID, as Create and Get Many return it',
		displayOptions: { show },
	};
}

/** How requiredId checks a job or project id: the spec's pattern. */
export const MIGRATOR_ID = { pattern: { regex: new RegExp(ID_PATTERN), description: 'IDs contain only letters, digits and dashes.' } };

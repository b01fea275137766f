import { CREATE_JOB_SCHEMA, findBodyProblem } from '../../../nodes/MongoDbRelationalMigrator/requestSchema';
import type { Schema } from '../../../sandbox/core/openapi';
import { relationalMigratorSpec } from '../../../sandbox/families/relationalMigrator';

const spec = relationalMigratorSpec();

/** The spec's schema with $refs inlined and documentation-only keywords dropped, for comparison. */
function inline(schema: Schema): unknown {
	let s = schema;
	while (s.$ref) s = spec.components!.schemas![s.$ref.replace('#/components/schemas/', '')];
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(s)) {
		if (['description', 'default', 'example', 'format'].includes(key)) continue;
		if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, inline(v)]));
		else if (key === 'additionalProperties' && typeof value === 'object') out[key] = inline(value as Schema);
		else if (key === 'required') out[key] = [...(value as string[])].sort();
		else out[key] = value;
	}
	return out;
}

function normalise(schema: unknown): unknown {
	return JSON.parse(JSON.stringify(schema, (key, value) => (key === 'required' ? [...value].sort() : value)));
}

describe('POST /jobs request schema copy', () => {
	it('equals post-migration-job-request of the vendor OpenAPI file', () => {
		expect(normalise(CREATE_JOB_SCHEMA)).toEqual(normalise(inline({ $ref: '#/components/schemas/post-migration-job-request' })));
	});

	it('names the first field that breaks it', () => {
		const body = {
			projectId: 'p',
			jdbcConnectionDetails: { type: 'MYSQL', url: 'jdbc:mysql://h/db' },
			mongodbConnectionDetails: { connectionString: 'mongodb://h/db' },
			options: { mode: 'SNAPSHOT' },
			verification: { enabled: false },
		};
		expect(findBodyProblem(CREATE_JOB_SCHEMA, body)).toBeUndefined();
		expect(findBodyProblem(CREATE_JOB_SCHEMA, { ...body, verification: undefined })).toEqual({ field: 'verification', problem: 'is required' });
		expect(findBodyProblem(CREATE_JOB_SCHEMA, { ...body, jdbcConnectionDetails: { type: 'MYSQL' } })).toEqual({ field: 'jdbcConnectionDetails.url', problem: 'is required' });
		expect(findBodyProblem(CREATE_JOB_SCHEMA, { ...body, options: { mode: 'SNAPSHOT', errorTolerance: 1.5 } })).toEqual({ field: 'options.errorTolerance', problem: 'must be a whole number' });
		expect(findBodyProblem(CREATE_JOB_SCHEMA, { ...body, relationalTableFilters: { s: { t: { rowCount: 5, limit: 1 } } } })).toEqual({
			field: 'relationalTableFilters.s.t.limit',
			problem: 'is not a field of this request',
		});
	});
});

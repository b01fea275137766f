/**
 * The request body schema of POST /jobs (post-migration-job-request in the OpenAPI 1.13.0 file, $refs inlined),
 * checked before sending so that a missing or wrong field fails with its name instead of a bare server error.
 * test/unit/relationalMigrator/requestSchema.test.ts keeps this copy equal to the vendor's file.
 */
export interface BodySchema {
	type: 'object' | 'string' | 'boolean' | 'integer';
	required?: string[];
	properties?: Record<string, BodySchema>;
	additionalProperties?: false | BodySchema;
	enum?: string[];
	minimum?: number;
}

const str: BodySchema = { type: 'string' };
const bool: BodySchema = { type: 'boolean' };

export const CREATE_JOB_SCHEMA: BodySchema = {
	type: 'object',
	required: ['jdbcConnectionDetails', 'mongodbConnectionDetails', 'options', 'projectId', 'verification'],
	additionalProperties: false,
	properties: {
		projectId: str,
		jdbcConnectionDetails: {
			type: 'object',
			required: ['type', 'url'],
			additionalProperties: false,
			properties: {
				id: str,
				type: str,
				url: str,
				user: str,
				password: str,
				savePassword: bool,
				existingConnectionId: str,
				oraclePdbName: str,
				isManualUri: bool,
			},
		},
		mongodbConnectionDetails: {
			type: 'object',
			required: ['connectionString'],
			additionalProperties: false,
			properties: {
				id: str,
				connectionString: str,
				projectId: str,
				savePassword: bool,
				projectName: str,
				clusterName: str,
				existingConnectionId: str,
			},
		},
		options: {
			type: 'object',
			required: ['mode'],
			additionalProperties: false,
			properties: {
				dropCollections: bool,
				mode: { type: 'string', enum: ['SNAPSHOT', 'CDC', 'CDC_ONLY'] },
				errorHandling: { type: 'string', enum: ['FAIL', 'WARN', 'SKIP'] },
				errorTolerance: { type: 'integer', minimum: 0 },
			},
		},
		verification: { type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: bool } },
		relationalTableFilters: {
			type: 'object',
			additionalProperties: {
				type: 'object',
				additionalProperties: {
					type: 'object',
					additionalProperties: false,
					properties: { whereClause: str, rowCount: { type: 'integer' } },
				},
			},
		},
	},
};

function kind(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** The first problem of `value` against `schema` as `{field, problem}` (field as a dotted path), or undefined. */
export function findBodyProblem(schema: BodySchema, value: unknown, field = ''): { field: string; problem: string } | undefined {
	const at = field || 'body';
	if (kind(value) !== schema.type) return { field: at, problem: `must be ${schema.type === 'integer' ? 'a whole number' : `a ${schema.type}`}` };
	if (schema.enum && !schema.enum.includes(value as string)) return { field: at, problem: `must be one of ${schema.enum.join(', ')}` };
	if (schema.minimum !== undefined && (value as number) < schema.minimum) return { field: at, problem: `must be at least ${schema.minimum}` };
	if (schema.type !== 'object') return undefined;
	const obj = value as Record<string, unknown>;
	const join = (key: string) => (field ? `${field}.${key}` : key);
	for (const key of schema.required ?? []) {
		if (obj[key] === undefined) return { field: join(key), problem: 'is required' };
	}
	for (const [key, v] of Object.entries(obj)) {
		if (v === undefined) continue;
		const property = schema.properties?.[key] ?? (schema.additionalProperties || undefined);
		if (!property) return { field: join(key), problem: 'is not a field of this request' };
		const problem = findBodyProblem(property, v, join(key));
		if (problem) return problem;
	}
	return undefined;
}

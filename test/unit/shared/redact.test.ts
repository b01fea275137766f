import { isSecretKey, redactRecord, redactText, redactValue, secretsFromHeaders } from '../../../nodes/shared/redact';

describe('redaction', () => {
	it('removes known secret values and passwords inside connection strings', () => {
		expect(redactText('session ABCD1234SECRET is invalid', ['ABCD1234SECRET'])).toBe('session [redacted] is invalid');
		expect(redactText('mongodb://admin:s3cr3t@db:27017/app')).toBe('mongodb://admin:[redacted]@db:27017/app');
		expect(redactText('jdbc:sqlserver://h;user=sa;password=Pa55word;db=x')).toBe('jdbc:sqlserver://h;user=sa;password=[redacted];db=x');
	});
	it('blanks secret-named fields at any depth', () => {
		expect(redactValue({ a: { password: 'x', icSessionId: 'y', name: 'ok' }, list: [{ token: 't' }] })).toEqual({
			a: { password: '[redacted]', icSessionId: '[redacted]', name: 'ok' },
			list: [{ token: '[redacted]' }],
		});
	});
	it('collects secrets from auth headers, including the part after Basic/Bearer', () => {
		expect(secretsFromHeaders({ icsessionid: 'S1', authorization: 'Basic dXNlcjpwYXNz', accept: 'json' })).toEqual(['S1', 'Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz']);
	});
});

describe('isSecretKey', () => {
	it('names secret fields whatever their case, the same on a repeated key', () => {
		for (let i = 0; i < 2; i++) {
			expect(isSecretKey('icSessionId')).toBe(true);
			expect(isSecretKey('JDBC_ConnectionString')).toBe(true);
			expect(isSecretKey('Authorization')).toBe(true);
			expect(isSecretKey('status')).toBe(false);
		}
	});
});

describe('redactRecord', () => {
	it('is redactValue of the record without the omitted fields, in the same order, the record untouched', () => {
		const record = { id: 'j1', jdbcConnectionString: 'jdbc:postgresql://u:pw123456@db/x', status: 'RUNNING', nested: { token: 't0k3n-value', n: 1 }, note: 'pw123456 leaked' };
		const out = redactRecord(record, ['pw123456'], new Set(['jdbcConnectionString']));
		expect(out).toEqual({ id: 'j1', status: 'RUNNING', nested: { token: '[redacted]', n: 1 }, note: '[redacted] leaked' });
		expect(Object.keys(out)).toEqual(['id', 'status', 'nested', 'note']);
		expect(record.jdbcConnectionString).toContain('pw123456');
		expect(redactRecord(record)).toEqual(redactValue(record));
	});
});

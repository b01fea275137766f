import { toIsoTimestamp } from '../../../nodes/shared/jobOutcome';
import { setField, withFields } from '../../../nodes/shared/records';
import { redactValue } from '../../../nodes/shared/redact';

describe('withFields: { ...record, ...extra } on a fresh object', () => {
	it('gives what the spread gives: the same keys in the same order, extra on top, the answer untouched', () => {
		const record = JSON.parse('{"job_id":"j1","status":"Completed","outcome":"raw","n":1,"nested":{"a":[1,2]}}') as Record<string, never>;
		const extra = { outcome: 'succeeded', rawStatus: 'Completed' };
		const out = withFields(record, extra);
		expect(out).toEqual({ ...record, ...extra });
		expect(Object.keys(out)).toEqual(Object.keys({ ...record, ...extra }));
		expect(out).not.toBe(record);
		expect(record.outcome).toBe('raw');
		expect(withFields(record)).toEqual({ ...record });
	});

	it('keeps an answer\'s "__proto__" key a plain field, as the spread does, and the prototype Object\'s', () => {
		const record = JSON.parse('{"__proto__":{"polluted":true},"status":"ok"}') as Record<string, never>;
		const out = withFields(record, { outcome: 'succeeded' });
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect((out as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(out)).toEqual(['__proto__', 'status', 'outcome']);
	});

	it('setField and redactValue: a "__proto__" key stays a field', () => {
		const out = {};
		setField(out, '__proto__', { polluted: true });
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.keys(out)).toEqual(['__proto__']);
		const redacted = redactValue(JSON.parse('{"__proto__":{"password":"p"},"a":1}') as object);
		expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
		expect(Object.keys(redacted)).toEqual(['__proto__', 'a']);
		expect(JSON.stringify(redacted)).not.toContain('"p"');
	});
});

describe('toIsoTimestamp: text already in toISOString\'s form is kept, anything else parsed', () => {
	it.each([
		'2026-12-03T10:00:00.000Z',
		'2026-02-28T23:59:59.999Z',
		'2026-02-29T10:00:00.000Z', // not a leap year: rolled over by the parse
		'2026-02-31T00:00:00.000Z',
		'2026-04-31T00:00:00.000Z',
		'2026-12-03T10:00:00Z',
		'2026-12-03 10:00:00',
		'2026-12-03T10:00:00.000+02:00',
	])('%s', (text) => {
		expect(toIsoTimestamp(text)).toBe(new Date(text).toISOString());
	});

	it('numbers and unreadable text', () => {
		expect(toIsoTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
		expect(toIsoTimestamp('not a date')).toBeUndefined();
		expect(toIsoTimestamp('')).toBeUndefined();
	});
});

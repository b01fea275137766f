import { isCalendarDay, isDateOnly, parseDateTime } from '../../../nodes/shared/dates';

describe('dates', () => {
	it('knows which days each month has, leap years included', () => {
		expect(isCalendarDay(2024, 2, 29)).toBe(true);
		expect(isCalendarDay(2023, 2, 29)).toBe(false);
		expect(isCalendarDay(2000, 2, 29)).toBe(true);
		expect(isCalendarDay(1900, 2, 29)).toBe(false);
		expect(isCalendarDay(2024, 4, 31)).toBe(false);
		expect(isCalendarDay(2024, 12, 31)).toBe(true);
		expect(isCalendarDay(2024, 13, 1)).toBe(false);
		expect(isCalendarDay(2024, 1, 0)).toBe(false);
	});
	it('a yyyy-MM-dd date must exist', () => {
		expect(isDateOnly('2024-01-31')).toBe(true);
		expect(isDateOnly('2024-02-31')).toBe(false);
		expect(isDateOnly('31/01/2024')).toBe(false);
	});
	it('reads ISO dates and times only, refusing impossible days and times and free text', () => {
		expect(parseDateTime('2024-02-29T08:00:00Z')).toBe(Date.UTC(2024, 1, 29, 8));
		expect(parseDateTime('2024-02-29T08:00:00.123+02:00')).toBe(Date.UTC(2024, 1, 29, 6, 0, 0, 123));
		expect(parseDateTime(new Date(Date.UTC(2024, 0, 1)))).toBe(Date.UTC(2024, 0, 1));
		for (const bad of ['2024-02-31T00:00:00', 'x 1', '2024-02-10T24:00:00', '2024-02-10T10:60', '', 'tomorrow']) expect(parseDateTime(bad)).toBeUndefined();
	});
});

/** Dates typed or computed by users, checked before they are sent: Date.parse accepts days a month does not have. */

/** Whether year, month and day name a real calendar day (2024-02-29 does, 2023-02-29 and 2024-02-31 do not). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	// Day 0 of the next month is the last day of this one (UTC: no time zone moves it).
	return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** yyyy-MM-dd, the day existing in its month. */
export function isDateOnly(text: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/i;

/**
 * An ISO 8601 date or date and time (what n8n's date picker and $now give) as epoch milliseconds; undefined for any
 * other text, an impossible day (2024-02-31) or time. A Date object counts as its own time.
 */
export function parseDateTime(value: unknown): number | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	const text = String(value).trim();
	const m = ISO_DATE_TIME.exec(text);
	if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
	const ms = Date.parse(text.replace(' ', 'T'));
	return Number.isNaN(ms) ? undefined : ms;
}

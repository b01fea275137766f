/** One line of the benchmark table, and the table itself. */

export type Met = boolean | null;

export interface Row {
	/** "1. Per-item overhead" etc. */
	section: string;
	metric: string;
	/** The goal as written in the issue, or "report" when the figure is informational. */
	goal: string;
	/** Median [min–max] with units, or "n/a". */
	measured: string;
	/** true: met, false: missed, null: no goal (informational) or could not be measured ('not measured' in the table when it has a goal). */
	met: Met;
	/** Why a goal is missed, or what a figure means. */
	note?: string;
	/** Raw figures for bench.json. */
	data?: unknown;
}

function metText(met: Met, measured: string): string {
	if (met === true) return 'yes';
	if (met === false) return 'NO';
	if (measured === 'not measured') return 'not measured';
	return measured === 'n/a' ? 'n/a' : '–';
}

function pad(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** A plain-text table (also valid Markdown), then numbered notes. */
export function renderTable(rows: Row[]): string {
	const header = ['Section', 'Metric', 'Goal', 'Measured: median [min–max]', 'Met'];
	const notes: string[] = [];
	const body = rows.map((row) => {
		let metric = row.metric;
		if (row.note) {
			notes.push(row.note);
			metric += ` (${notes.length})`;
		}
		return [row.section, metric, row.goal, row.measured, metText(row.met, row.measured)];
	});
	const widths = header.map((h, i) => Math.max([...h].length, ...body.map((r) => [...r[i]].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
	const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`];
	let previous = '';
	for (const cells of body) {
		const shown = cells[0] === previous ? ['', ...cells.slice(1)] : cells;
		previous = cells[0];
		out.push(line(shown));
	}
	if (notes.length) {
		out.push('');
		notes.forEach((n, i) => out.push(`(${i + 1}) ${n}`));
	}
	return out.join('\n');
}

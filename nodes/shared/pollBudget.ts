import type { IPollFunctions } from 'n8n-workflow';

/**
 * The time n8n gives one poll, in milliseconds, where the running n8n says (poll contexts of n8n 2.41 and later
 * have `getPollBudgetMs()`: a poll must finish within it); undefined where it does not (n8n 1.x), so callers keep
 * their own bound there. Never throws: a budget n8n cannot give is no budget.
 */
export function pollBudgetMs(context: IPollFunctions): number | undefined {
	const maybe = context as Partial<Pick<IPollFunctions, 'getPollBudgetMs'>>;
	if (typeof maybe.getPollBudgetMs !== 'function') return undefined;
	try {
		const budget = maybe.getPollBudgetMs();
		return typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The moment (epoch ms) by which a poll should stop starting new work: its budget less a reserve for saving state
 * and returning (a tenth of the budget, at least `minReserveMs`); undefined where n8n gives no budget.
 */
export function pollDeadline(context: IPollFunctions, now: number, minReserveMs = 1_000): number | undefined {
	const budget = pollBudgetMs(context);
	if (budget === undefined) return undefined;
	const reserve = Math.min(budget / 2, Math.max(minReserveMs, budget / 10));
	return now + budget - reserve;
}

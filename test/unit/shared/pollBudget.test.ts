/**
 * pollBudget on both n8n lines: n8n-core 2.41's real PollContext hands out its budget (the default and one given by
 * the scheduler); a 1.x poll context has no getPollBudgetMs, and the helper says "no budget" instead of throwing.
 */
import { PollContext } from 'n8n-core';
import { type INode, type IPollFunctions, type IWorkflowExecuteAdditionalData, Workflow } from 'n8n-workflow';
import { pollBudgetMs, pollDeadline } from '../../../nodes/shared/pollBudget';

const node: INode = { id: 'p', name: 'Poller', type: 'test.poller', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = new Workflow({
	id: 'w',
	nodes: [node],
	connections: {},
	active: true,
	nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never,
});
const additionalData = {} as IWorkflowExecuteAdditionalData;

function pollContext(budget?: () => number): IPollFunctions {
	const args = [undefined, undefined, undefined, undefined, () => ({})] as const;
	return budget
		? new PollContext(workflow, node, additionalData, 'trigger', 'activate', ...args, budget)
		: new PollContext(workflow, node, additionalData, 'trigger', 'activate', ...args);
}

/** What a poll context of n8n 1.x looks like to the node: everything but getPollBudgetMs. */
function pollContextOfLine1(): IPollFunctions {
	const context = pollContext() as unknown as Record<string, unknown>;
	delete context.getPollBudgetMs;
	return context as unknown as IPollFunctions;
}

describe('pollBudgetMs', () => {
	test("n8n 2.41's PollContext: its default budget of 5 minutes", () => {
		expect(pollBudgetMs(pollContext())).toBe(5 * 60_000);
	});

	test('n8n 2.41: the budget the scheduler hands the context', () => {
		expect(pollBudgetMs(pollContext(() => 42_000))).toBe(42_000);
	});

	test('n8n 1.x (no getPollBudgetMs): undefined', () => {
		expect('getPollBudgetMs' in pollContextOfLine1()).toBe(false);
		expect(pollBudgetMs(pollContextOfLine1())).toBeUndefined();
	});

	test('a budget n8n cannot give (throws, zero, not a number) is no budget', () => {
		expect(pollBudgetMs(pollContext(() => { throw new Error('no scheduler'); }))).toBeUndefined();
		expect(pollBudgetMs(pollContext(() => 0))).toBeUndefined();
		expect(pollBudgetMs(pollContext(() => Number.NaN))).toBeUndefined();
	});
});

describe('pollDeadline', () => {
	test('the budget less a tenth, kept for saving state', () => {
		expect(pollDeadline(pollContext(() => 60_000), 1_000_000)).toBe(1_000_000 + 54_000);
	});

	test('a short budget keeps at least the minimum reserve, and never more than half', () => {
		expect(pollDeadline(pollContext(() => 5_000), 0)).toBe(4_000);
		expect(pollDeadline(pollContext(() => 1_000), 0, 1_000)).toBe(500);
	});

	test('n8n 1.x: no deadline', () => {
		expect(pollDeadline(pollContextOfLine1(), 0)).toBeUndefined();
	});
});

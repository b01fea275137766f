import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelAwareContext, contextOutlivingCancel } from '../../../nodes/shared/afterCancel';
import { parametersAsSet } from '../../../nodes/shared/parameters';
import { runContext } from '../../../nodes/shared/runContext';

describe('per-run caches and derived contexts', () => {
	it('an item context and one outliving the cancel share the node run\'s caches: the node is copied once per run', () => {
		let copies = 0;
		const base = { getNode: () => (copies++, { parameters: { resource: 'job' } }) } as unknown as IExecuteFunctions;
		const item = cancelAwareContext(base, new AbortController().signal);
		const outliving = contextOutlivingCancel(item);
		expect(runContext(item)).toBe(base);
		expect(runContext(outliving)).toBe(base);
		expect(parametersAsSet(item)).toEqual({ resource: 'job' });
		expect(parametersAsSet(outliving)).toBe(parametersAsSet(base));
		expect(copies).toBe(1);
	});
});

// Scenarios run in the order of their file names (1 ... 8): the secret scan (8) comes last.
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}
module.exports = ByName;

// Every practice scenario walked by a new user under tmux at 80×24, part 3 of 6 (see terminal-walk.ts).
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {buildBundle, hasTmux} from '../helpers/tmux.js';
import {WALK_GAPS, walkAndCheck, walkPart} from './terminal-walk.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// three walks side by side: each has its own range and practice dir, and the checks only count its node1
describe('practice scenarios under tmux at 80×24, part 3', {
	concurrency: 3,
	skip: hasTmux ? false : 'tmux is not installed',
}, () => {
	before(() => buildBundle(ROOT));
	for (const scenario of walkPart(2, 6)) {
		it(scenario.name, {timeout: 170_000, todo: WALK_GAPS[scenario.name]}, () =>
			walkAndCheck(scenario, {cols: 80, rows: 24}, `practice-walk-${scenario.name}-${process.pid}`),
		);
	}
});

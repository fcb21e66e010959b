// A few practice scenarios walked under tmux at 160×48 (a big terminal: nothing scrolls), see terminal-walk.ts.
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {SCENARIOS} from '../../src/practice/scenarios.js';
import {buildBundle, hasTmux} from '../helpers/tmux.js';
import {walkAndCheck} from './terminal-walk.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WIDE = ['not-authorized', 'clock-behind', 'seed-client-cfg'].filter(
	(name) => !process.env.MCO_SCENARIO || process.env.MCO_SCENARIO === name,
);

describe('practice scenarios under tmux at 160×48', {
	concurrency: 3,
	skip: hasTmux ? false : 'tmux is not installed',
}, () => {
	before(() => buildBundle(ROOT));
	for (const scenario of SCENARIOS.filter((s) => WIDE.includes(s.name))) {
		const name = scenario.name;
		it(name, {timeout: 170_000}, () =>
			walkAndCheck(scenario, {cols: 160, rows: 48}, `practice-walk-wide-${name}-${process.pid}`),
		);
	}
});

/**
 * Issue 11 at 80 columns: the key line of every screen shows every key with what it does, never
 * cut off (the Ingredients form's line used to lose its last keys). Each hint must appear whole,
 * in its full words or in content/keys.md's shorter ones, on a last line no wider than the terminal.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {GLOBAL_HINTS, hintsFor} from '../../src/app-hints.js';
import {readContent} from '../../src/content.js';
import {diagnose, fixContext} from '../../src/core/diagnose.js';
import {type Hint, parseShorter, shorten, wordHints} from '../../src/core/key-line.js';
import type {resume} from '../../src/core/machine.js';
import type {CheckResult, LandmarkReport} from '../../src/core/types.js';
import {DebugScreen} from '../../src/screens/DebugScreen.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {ENTER, ESC} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {fakeDeps} from './fake-deps.js';
import {wizardAt} from './wizard-at.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

const keys = readContent('keys');
const shorter = parseShorter(keys);

/** The last line shows each hint whole (full or shorter words) and fits `columns`. */
function assertWhole(frame: string, hints: readonly Hint[], columns: number, where: string) {
	const last = frame.split('\n').at(-1) ?? '';
	assert.ok([...last].length <= columns, `${where}: key line wider than ${columns}: ${last}`);
	for (const [key, action] of wordHints(hints, keys)) {
		const whole = [`${key} ${action}`, `${key} ${shorten(action, shorter)}`];
		assert.ok(
			whole.some((w) => last.includes(w)),
			`${where}: "${key} ${action}" is cut or missing at ${columns} columns: ${last}`,
		);
	}
}

const failedLogin: CheckResult[] = [
	{id: 'client-config', ok: true, ms: 2, evidence: 'client.cfg: activemq, 1 pool host'},
	{id: 'tcp', ok: true, ms: 3, evidence: '127.0.0.1:61613 accepts connections'},
	{
		id: 'stomp-login',
		ok: false,
		ms: 9,
		evidence: 'ERROR: User name [mcollective] or password is invalid.',
		data: {outcome: 'auth', brokerMessage: 'User name [mcollective] or password is invalid.'},
	},
];
const failedReport: LandmarkReport = {
	step: 'client',
	ok: false,
	checks: failedLogin,
	diagnosis: diagnose('client', failedLogin, fixContext(SEED_INGREDIENTS), readContent),
};

async function renderWizard(at: Parameters<typeof resume>[0], columns: number) {
	const deps = fakeDeps({runChecks: async () => failedReport, DebugView: DebugScreen});
	screen = await renderApp(wizardAt(deps, at), {columns, rows: 24});
	return screen;
}

const state = {
	typing: false,
	gate: false,
	mapOpen: false,
	screen: 'checks',
	pendingSkip: false,
	debugShown: false,
};

for (const columns of [80, 200]) {
	describe(`the key line at ${columns}×24`, () => {
		it('the Ingredients form: every key whole', async () => {
			const s = await renderWizard('ingredients', columns);
			assertWhole(s.frame(), hintsFor({...state, typing: true, screen: 'ingredients'}), columns, 'form');
		});

		it('the checks, the map, the skip question, the debug view and the lesson: every key whole', async () => {
			const s = await renderWizard('client', columns);
			assertWhole(s.frame(), hintsFor(state), columns, 'checks');
			await s.press('m');
			assertWhole(s.frame(), hintsFor({...state, mapOpen: true}), columns, 'map');
			await s.press(ESC, 's');
			assertWhole(s.frame(), hintsFor({...state, pendingSkip: true}), columns, 'skip question');
			await s.press(ESC, ENTER);
			await s.waitFor(/Landmark client failed at stomp-login/);
			const debug: Hint[] = [['r', 'retry from stomp-login'], ['b', 'back to the checks'], ...GLOBAL_HINTS];
			assertWhole(s.frame(), debug, columns, 'debug view');
			// where the debug view scrolls, its position is a hint too, and whole
			if (columns === 80)
				assert.match(s.frame().split('\n').at(-1) ?? '', /↑\/↓ (scroll \()?1–\d+( of |\/)\d+\)?$/);
			await s.press('b', 'l');
			await s.waitFor(/l or Esc/);
			assertWhole(s.frame(), [['l or Esc', 'back to the checks'], ...GLOBAL_HINTS], columns, 'lesson');
		});
	});
}

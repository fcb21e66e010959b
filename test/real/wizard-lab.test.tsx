/**
 * The wizard's screens against the REAL lab (ActiveMQ + mcollectived): rendered exactly as
 * `mco-wizard --answers $MCO_LAB_DIR/answers.ini --step client` renders them, Enter runs the real
 * checks; the client landmark goes green, and with the client's password wrong it goes red with
 * the diagnosis (F5) shown. No secret appears in any frame.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {prepareWizard} from '../../src/commands/wizard.js';
import {CTRL_C, ENTER} from '../helpers/keys.js';
import {LAB, requireLab, withFault, withLab} from '../helpers/lab.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';

const SECRETS = [LAB.password, LAB.adminPassword, LAB.psk];

async function runClientLandmark(
	expect: RegExp,
	then?: (screen: Rendered) => Promise<void>,
): Promise<Rendered> {
	const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-lab-ui-'));
	try {
		const props = await prepareWizard({
			answers: LAB.answers,
			step: 'client',
			state: join(dir, 'progress.ini'),
		});
		const screen = await renderApp(<App {...props} />, {columns: 100, rows: 30});
		await screen.press(ENTER);
		await screen.waitFor(expect, 60_000);
		await then?.(screen);
		await screen.press(CTRL_C);
		await screen.waitFor('Progress saved', 10_000);
		screen.unmount();
		return screen;
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

function assertNoSecrets(screen: Rendered) {
	for (const frame of screen.frames()) {
		for (const secret of SECRETS) assert.ok(!frame.includes(secret), 'a secret appeared in clear on screen');
	}
}

describe('wizard screens against the real lab', () => {
	it('landmark 2 (client) goes green with every rung passed', async (t) => {
		if (!(await requireLab(t))) return;
		const screen = await withLab(() => runClientLandmark(/Landmark 2 verified/));
		const verified = screen.frames().find((f) => f.includes('Landmark 2 verified')) ?? '';
		for (const id of [
			'client-config',
			'client-lint',
			'dns',
			'tcp',
			'stomp-login',
			'subscribe',
			'ping-empty',
		]) {
			assert.match(verified, new RegExp(`✓ .*${id} \\d+ ms`), `${id} passed`);
		}
		assertNoSecrets(screen);
	});

	it('with the client password wrong, landmark 2 fails with the F5 diagnosis on screen', async (t) => {
		if (!(await requireLab(t))) return;
		const {result: screen} = await withFault('client-wrong-password', () =>
			// The debug view (src/screens/DebugScreen.tsx) opens on the failure; its b returns to the checks.
			runClientLandmark(/▶✗ 2 Client/, async (s) => {
				await s.waitFor(/ActiveMQ rejected the user name or password/);
				// the landmark screen's failure line has those words too, and there b goes to the
				// previous landmark: wait for the debug view's own key line before pressing b
				await s.waitFor(/b back to the checks/);
				await s.press('b');
				await s.waitFor('Landmark 2 failed');
			}),
		);
		const failed = screen.frames().find((f) => f.includes('Landmark 2 failed')) ?? '';
		// client-lint sees the mismatch with server.cfg before the broker is even asked.
		assert.match(failed, /✗ .*(client-lint|stomp-login)/);
		assert.match(failed, /- .*ping-empty\n\s+↳ not run: an earlier check failed/);
		assert.match(failed, /Landmark 2 failed: F5 /);
		assertNoSecrets(screen);
	});
});

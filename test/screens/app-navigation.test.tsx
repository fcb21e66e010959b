import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {resume} from '../../src/core/machine.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {CTRL_C, DOWN, ENTER, ESC, UP} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {type FakeDeps, fakeDeps} from './fake-deps.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

async function renderWizard(
	deps: FakeDeps,
	at: Parameters<typeof resume>[0] = 'client',
	size = {columns: 80, rows: 24},
) {
	const passed = {
		ingredients: {state: 'passed' as const, at: deps.clock - 3_600_000},
		activemq: {state: 'passed' as const, at: deps.clock - 3_600_000},
	};
	screen = await renderApp(
		<App
			deps={deps}
			initial={resume(at, passed)}
			ingredients={SEED_INGREDIENTS}
			saveSecrets
			dryRun={false}
			progressPath="/tmp/progress.ini"
		/>,
		size,
	);
	return screen;
}

describe('wizard navigation', () => {
	it('always shows every landmark in the header; m opens the full map with states and times', async () => {
		const deps = fakeDeps();
		const s = await renderWizard(deps);
		// 80 columns cannot hold six titles: only the current landmark's, never a truncated one
		assert.match(s.frame().split('\n')[0] ?? '', /^✓ 1 › ✓ 1b › ▶ 2 Client › · 3 › · 4 › · 5\s*$/);
		await s.press('m');
		const map = s.frame();
		assert.match(map, /Progress map/);
		assert.match(map, /✓ 1 Ingredients\s+passed \d\d:\d\d/);
		assert.match(map, /❯ · 2 MCollective client\s+not started\s+\(you are here\)/);
		assert.match(map, /· 5 OpenShift agent\s+not started/);
		await s.press(ESC);
		assert.doesNotMatch(s.frame(), /Progress map/);
	});

	it('jumps to a landmark from the map, warning about unverified ones before it', async () => {
		const s = await renderWizard(fakeDeps());
		await s.press('m', DOWN, DOWN, ENTER);
		assert.match(s.text(), /Landmark 4: End to end/);
		assert.match(s.text(), /⚠ Not verified yet: 2 Client, 3 Server\. Failures here may come from there\./);
		await s.press('m', UP, UP, UP, UP, ENTER);
		assert.match(s.text(), /Landmark 1: Ingredients/);
	});

	it('b goes back a landmark; s warns first and skips on a second s', async () => {
		const deps = fakeDeps();
		const s = await renderWizard(deps, 'server');
		await s.press('s');
		assert.match(s.text(), /Skip landmark 3 \(MCollective server\)\? It stays unverified/);
		await s.press('x');
		assert.doesNotMatch(s.text(), /Skip landmark 3/, 'any other key stays');
		assert.match(s.text(), /Landmark 3: MCollective server/);
		await s.press('s', 's');
		assert.match(s.text(), /Landmark 4: End to end/);
		assert.match(s.frame(), /↷ 3 › ▶ 4 End to end/);
		await s.waitFor(() => deps.saved.at(-1)?.statuses.server.state === 'skipped');
		await s.press('b');
		assert.match(s.text(), /Landmark 3: MCollective server/);
	});

	it('q saves progress first, then leaves a final frame saying how to resume', async () => {
		const deps = fakeDeps();
		let release: () => void = () => undefined;
		const slowSave = new Promise<void>((resolve) => {
			release = resolve;
		});
		let writes = 0;
		const s = await renderWizard(
			{
				...deps,
				persist: async (snapshot) => {
					writes++;
					deps.saved.push(snapshot);
					if (writes > 1) await slowSave;
				},
			},
			'e2e',
		);
		await s.press('b');
		await s.press('q');
		assert.doesNotMatch(s.text(), /Progress saved/, 'the final frame waits for the last write');
		release();
		await s.waitFor('Progress saved to /tmp/progress.ini.');
		assert.match(s.text(), /Resume with mco-wizard \(or --step server\)/);
		assert.equal(deps.saved.at(-1)?.position, 'server');
	});

	it('Ctrl-C quits the same way, even from inside the form', async () => {
		const s = await renderWizard(fakeDeps(), 'ingredients');
		await s.press(DOWN, DOWN, DOWN);
		await s.type('abc');
		await s.press(ESC);
		assert.match(s.frame(), /Progress map/);
		await s.press(ESC);
		assert.match(s.frame(), /❯ Topic password\s+•••/, 'what was typed survives the map');
		await s.press(CTRL_C);
		await s.waitFor('Progress saved');
	});

	it('a save that fails is shown, and quitting says the progress was not saved', async () => {
		const s = await renderWizard(
			fakeDeps({
				persist: async () => {
					throw new Error('EACCES: permission denied');
				},
			}),
		);
		await s.waitFor('Progress not saved: EACCES');
		await s.press('q');
		await s.waitFor('Progress NOT saved (EACCES: permission denied).');
	});

	it('asks for missing secrets before the checks of a later landmark, and only for them', async () => {
		const deps = fakeDeps();
		const {topicPassword: _t, adminPassword: _a, psk: _p, ...withoutSecrets} = SEED_INGREDIENTS;
		screen = await renderApp(
			<App
				deps={deps}
				initial={resume('client')}
				ingredients={withoutSecrets}
				saveSecrets={false}
				dryRun={false}
				progressPath="/tmp/p.ini"
			/>,
		);
		const s = screen;
		assert.match(s.text(), /Landmark 2 \(MCollective client\) needs the secrets again/);
		assert.doesNotMatch(s.frame(), /ActiveMQ host/);
		await s.type('TopicPw4Tests');
		await s.press(DOWN);
		await s.type('AdminPw4Tests');
		await s.press(DOWN);
		await s.type('PskSecret4Tests');
		await s.press(ENTER);
		assert.match(s.text(), /Landmark 2: MCollective client/);
		assert.equal(deps.saved.at(-1)?.ingredients.psk, 'PskSecret4Tests');
		assert.ok(!s.frames().some((f) => f.includes('PskSecret4Tests') || f.includes('TopicPw4Tests')));
	});

	it('fits 80×24 and follows a resize to a wide terminal', async () => {
		const s = await renderWizard(fakeDeps(), 'ingredients');
		const narrow = s.frame().split('\n');
		assert.ok(narrow.length <= 23, `80×24 frame has ${narrow.length} lines`);
		assert.ok(
			narrow.every((l) => l.length <= 80),
			'no line wider than 80',
		);
		assert.match(narrow.at(-1) ?? '', /Ctrl-G generate secret/);
		await s.resize(140, 40);
		const wide = s.frame().split('\n');
		assert.ok(wide.length <= 39);
		assert.match(s.frame(), /ActiveMQ host .*│/, 'the lesson moved beside the form');
		assert.match(wide[0] ?? '', /^mco-wizard /);
	});

	it('after the last landmark says what was verified and what was not', async () => {
		const deps = fakeDeps();
		const at = deps.clock;
		screen = await renderApp(
			<App
				deps={deps}
				initial={resume('done', {
					ingredients: {state: 'passed', at},
					activemq: {state: 'passed', at},
					client: {state: 'passed', at},
					server: {state: 'skipped', at},
					e2e: {state: 'passed', at},
					agent: {state: 'failed', at},
				})}
				ingredients={SEED_INGREDIENTS}
				saveSecrets
				dryRun={false}
				progressPath="/tmp/p.ini"
			/>,
		);
		assert.match(screen.text(), /Reached the end with 2 landmarks not verified: 3, 5\./);
		assert.match(screen.frame(), /↷ 3 MCollective server\s+skipped/);
		await screen.press('b');
		assert.match(screen.text(), /Landmark 5: OpenShift agent/);
		await screen.press(CTRL_C);
		await screen.waitFor('Resume with mco-wizard (or --step agent)');
	});
});

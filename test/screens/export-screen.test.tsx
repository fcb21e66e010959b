/**
 * On the message broker host the "on another host" screens offer `e`: export a bundle to carry.
 * The passphrase is typed twice, masked; two different ones write nothing and ask again; the
 * passphrase never reaches the screen. Elsewhere (a client host) there is no offer.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {App, type HostRoles} from '../../src/app.js';
import {resume} from '../../src/core/machine.js';
import type {Ingredients} from '../../src/core/types.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {ENTER, ESC} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {fakeDeps} from './fake-deps.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

const MSG1: HostRoles = {hostname: 'msg1.infra.example.com', roles: ['message-broker']};
const BROKER: HostRoles = {hostname: 'broker.infra.example.com', roles: ['client']};

function render(
	host: HostRoles,
	exports: {ingredients: Partial<Ingredients>; passphrase: string}[],
	at: Parameters<typeof resume>[0] = 'client',
	ingredients: Partial<Ingredients> = SEED_INGREDIENTS,
) {
	const deps = {
		...fakeDeps(),
		exportBundle: async (ingredients: Partial<Ingredients>, passphrase: string) => {
			exports.push({ingredients, passphrase});
			return '/tmp/somewhere/mco-wizard.bundle';
		},
	};
	const passed = {state: 'passed' as const, at: deps.clock - 60_000};
	return renderApp(
		<App
			deps={deps}
			initial={resume(at, {ingredients: passed, activemq: passed})}
			ingredients={ingredients}
			saveSecrets
			dryRun={false}
			progressPath="/tmp/progress.ini"
			host={host}
		/>,
	);
}

describe('export on the message broker host', () => {
	it('e asks the passphrase twice, masked; a mismatch writes nothing; the bundle is written', async () => {
		const exports: {ingredients: Partial<Ingredients>; passphrase: string}[] = [];
		screen = await render(MSG1, exports);
		await screen.waitFor(/press e to export/);
		await screen.press('e');
		await screen.waitFor('Passphrase for the bundle');
		await screen.type('first secret words');
		await screen.press(ENTER);
		await screen.waitFor('The same passphrase again');
		await screen.type('other words');
		await screen.press(ENTER);
		await screen.waitFor('The two passphrases differ; nothing written');
		assert.equal(exports.length, 0, 'nothing exported after a mismatch');
		await screen.type('first secret words');
		await screen.press(ENTER);
		await screen.waitFor('The same passphrase again');
		await screen.type('first secret words');
		await screen.press(ENTER);
		await screen.waitFor(/Wrote \/tmp\/somewhere\/mco-wizard\.bundle \(mode 0600\)/);
		assert.equal(exports.length, 1);
		assert.equal(exports[0]?.passphrase, 'first secret words');
		assert.equal(exports[0]?.ingredients.psk, SEED_INGREDIENTS.psk);
		for (const frame of screen.frames()) {
			assert.ok(!frame.includes('secret words'), 'the passphrase was on screen');
			assert.ok(!frame.includes(SEED_INGREDIENTS.psk), 'the psk was on screen');
		}
		await screen.press(ESC);
		await screen.waitFor(/press e to export/);
	});

	it('uses the secrets already loaded; asks (masked) only for the one the other hosts need and this run lacks', async () => {
		const exports: {ingredients: Partial<Ingredients>; passphrase: string}[] = [];
		const {psk: _psk, ...withoutPsk} = SEED_INGREDIENTS;
		screen = await render(MSG1, exports, 'client', withoutPsk);
		await screen.waitFor(/press e to export/);
		await screen.press('e');
		await screen.waitFor(/MCollective psk secret is not in the answers file/);
		assert.doesNotMatch(screen.text(), /Topic password is not/, 'a loaded secret is not asked again');
		await screen.press(ENTER);
		await screen.waitFor(/The next hosts need this secret/);
		await screen.type('typed-psk-value');
		await screen.press(ENTER);
		await screen.waitFor('Passphrase for the bundle');
		await screen.type('words words');
		await screen.press(ENTER);
		await screen.waitFor('The same passphrase again');
		await screen.type('words words');
		await screen.press(ENTER);
		await screen.waitFor(/Wrote \/tmp\/somewhere\/mco-wizard\.bundle/);
		assert.equal(exports.length, 1);
		assert.equal(exports[0]?.ingredients.psk, 'typed-psk-value');
		assert.equal(exports[0]?.ingredients.topicPassword, SEED_INGREDIENTS.topicPassword);
		for (const frame of screen.frames()) {
			assert.ok(!frame.includes('typed-psk-value'), 'the typed psk was on screen');
			assert.ok(!frame.includes(SEED_INGREDIENTS.topicPassword), 'the topic password was on screen');
		}
	});

	it('a host that is not the message broker is not offered the export', async () => {
		const exports: {ingredients: Partial<Ingredients>; passphrase: string}[] = [];
		// server runs on a node: on broker its landmark is "on another host", without the offer
		screen = await render(BROKER, exports, 'server');
		await screen.waitFor(/Landmark 3 \(MCollective server\) runs on/);
		assert.doesNotMatch(screen.text(), /press e to export/);
		await screen.press('e');
		assert.doesNotMatch(screen.text(), /Passphrase for the bundle/);
		assert.equal(exports.length, 0);
	});
});

import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import type {Ingredients} from '../../src/core/types.js';
import {IngredientsScreen} from '../../src/screens/IngredientsScreen.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {BACKSPACE, CTRL_G, DOWN, ENTER, ESC, LEFT, RIGHT, UP} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

async function renderForm(
	initial: Partial<Ingredients> = {},
	extra: {
		keys?: Parameters<typeof IngredientsScreen>[0]['keys'];
		allowGenerate?: boolean;
		columns?: number;
	} = {},
) {
	const submitted: Partial<Ingredients>[] = [];
	let escaped = 0;
	screen = await renderApp(
		<IngredientsScreen
			initial={initial}
			{...(extra.keys ? {keys: extra.keys} : {})}
			{...(extra.allowGenerate === undefined ? {} : {allowGenerate: extra.allowGenerate})}
			title="Landmark 1: Ingredients"
			lesson={readContent('ingredients')}
			words={readContent('ingredients-form')}
			fieldWords={readContent('ingredient-labels')}
			detected={{platform: 'plain', reason: '/opt/rh/ruby193 not found'}}
			isActive
			width={extra.columns ?? 80}
			height={21}
			onSubmit={(values) => submitted.push(values)}
			onEscape={() => escaped++}
		/>,
		{columns: extra.columns ?? 80},
	);
	return {screen, submitted, escaped: () => escaped};
}

/** Moves the cursor to the field whose label is given (from the top). */
async function goTo(s: Rendered, label: string) {
	const rows = s.frame().split('\n');
	const labels = rows.filter((r) => /^(❯| ) {1,2}\S/.test(r) && r.length > 3);
	const index = labels.findIndex((r) => r.slice(2).startsWith(label));
	assert.ok(index >= 0, `no field ${label}`);
	for (let i = 0; i < 12; i++) await s.press(UP);
	for (let i = 0; i < index; i++) await s.press(DOWN);
}

describe('IngredientsScreen', () => {
	it('shows every field with defaults and the seed teaching text beside the form', async () => {
		const {screen: s} = await renderForm();
		const frame = s.frame();
		for (const label of [
			'ActiveMQ host',
			'STOMP port',
			'Topic username',
			'Topic password',
			'Admin password',
			'MCollective psk secret',
			'Connector',
			'Collectives',
			'Client host',
			'Node identities',
			'Platform',
		]) {
			assert.ok(frame.includes(label), `missing ${label}`);
		}
		assert.match(frame, /STOMP port\s+61613/);
		assert.match(frame, /Topic username\s+mcollective/);
		assert.match(frame, /‹activemq›\s+stomp \(legacy\)\s+rabbitmq/);
		assert.match(frame, /Two passwords and one username/);
	});

	it('validates as typed with the reason inline, and clears it when fixed', async () => {
		const {screen: s} = await renderForm();
		await s.type('msg1..example.com');
		assert.match(s.frame(), /↳ Empty part between dots\./);
		for (let i = 0; i < 'example.com'.length + 1; i++) await s.press(BACKSPACE);
		await s.type('example.com');
		assert.doesNotMatch(s.frame(), /Empty part between dots/);
		await s.press(DOWN);
		await s.press(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE);
		await s.type('70000');
		assert.match(s.frame(), /STOMP port\s+70000/);
		assert.match(s.frame(), /↳ A port is between 1 and 65535\./);
		await s.press(DOWN);
		assert.match(s.frame(), /STOMP port\s+70000\s+✗/, 'a field left invalid keeps a mark');
	});

	it('takes a burst of keys in one read (paste, key repeat, tmux send-keys) key by key', async () => {
		const {screen: s} = await renderForm();
		// One chunk: a typo, three Backspaces (DEL, as terminals send), the fix, then Enter.
		await s.type('bad\u007f\u007f\u007fmsg1.example.com\r');
		const frame = s.frame();
		assert.match(frame, /ActiveMQ host\s+msg1\.example\.com(?!\S)/);
		assert.match(frame, /❯ STOMP port/, 'the Enter inside the burst moved to the next field');
		assert.doesNotMatch(frame, /↳/, 'no control character was typed into the value');
	});

	it('masks secrets while typed and shows only a fingerprint afterwards, in every frame', async () => {
		const secret = 'Sup3rSecretPsk';
		const {screen: s} = await renderForm();
		await goTo(s, 'MCollective psk secret');
		await s.type(secret);
		assert.match(s.frame(), new RegExp(`MCollective psk secret\\s+${'•'.repeat(secret.length)}`));
		await s.press(DOWN);
		assert.match(s.frame(), /MCollective psk secret\s+\*{8} \(sha256 [0-9a-f]{8}\)/);
		for (const frame of s.frames())
			assert.ok(!frame.includes(secret), 'the secret appeared in clear in a frame');
		assert.ok(!s.frames().some((f) => f.includes('Sup3r')), 'not even a prefix of it');
	});

	it('refuses whitespace in the psk, with the reason', async () => {
		const {screen: s} = await renderForm();
		await goTo(s, 'MCollective psk secret');
		await s.type('two words');
		assert.match(s.frame(), /↳ No whitespace in the psk\./);
	});

	it('generates a strong secret with Ctrl-G, never shown in clear', async () => {
		const {screen: s, submitted} = await renderForm({
			brokerHost: 'msg1.infra.example.com',
			clientHost: 'localhost',
			nodeIdentities: ['node1.infra.example.com'],
		});
		for (const label of ['Topic password', 'Admin password', 'MCollective psk secret']) {
			await goTo(s, label);
			await s.press(CTRL_G);
			assert.match(s.frame(), new RegExp(`${label}\\s+\\*{8} \\(sha256 [0-9a-f]{8}\\) generated`));
		}
		for (let i = 0; i < 12; i++) await s.press(DOWN);
		await s.press(ENTER);
		assert.equal(submitted.length, 1);
		const values = submitted[0] ?? {};
		for (const key of ['topicPassword', 'adminPassword', 'psk'] as const) {
			const value = values[key] ?? '';
			assert.match(value, /^[A-Za-z0-9]{24}$/, `${key} is a 24-char alphanumeric secret`);
			assert.ok(!s.frames().some((f) => f.includes(value)), `${key} appeared in clear`);
		}
		assert.notEqual(values.topicPassword, values.psk);
	});

	it('chooses the connector with arrows and space; stomp is marked legacy', async () => {
		const {screen: s} = await renderForm();
		await goTo(s, 'Connector');
		await s.press(RIGHT);
		assert.match(s.frame(), /‹stomp \(legacy\)›/);
		await s.press(RIGHT);
		assert.match(s.frame(), /‹rabbitmq›/);
		await s.type(' ');
		assert.match(s.frame(), /‹activemq›/);
		await s.press(LEFT);
		assert.match(s.frame(), /‹rabbitmq›/);
		await goTo(s, 'Platform');
		assert.match(s.frame(), /detected: plain/);
		assert.match(s.frame(), /↳ \/opt\/rh\/ruby193 not found/);
	});

	it('refuses to submit an incomplete form, shows every error and jumps to the first', async () => {
		const {screen: s, submitted} = await renderForm();
		for (let i = 0; i < 12; i++) await s.press(DOWN);
		await s.press(ENTER);
		assert.equal(submitted.length, 0);
		const frame = s.frame();
		assert.match(frame, /❯ ActiveMQ host/);
		assert.match(frame, /↳ Required\./);
		assert.match(frame, /Topic password\s+\(not set\)\s+✗/);
	});

	it('submits typed values parsed, text typed just before Enter included', async () => {
		const {screen: s, submitted} = await renderForm({
			brokerHost: SEED_INGREDIENTS.brokerHost,
			topicPassword: SEED_INGREDIENTS.topicPassword,
			adminPassword: SEED_INGREDIENTS.adminPassword,
			psk: SEED_INGREDIENTS.psk,
			clientHost: 'localhost',
		});
		await goTo(s, 'Node identities');
		await s.type('node1.example.com, node2.example.com');
		await s.press(DOWN, ENTER);
		assert.equal(submitted.length, 1);
		assert.deepEqual(submitted[0]?.nodeIdentities, ['node1.example.com', 'node2.example.com']);
		assert.equal(submitted[0]?.stompPort, 61613);
		assert.deepEqual(submitted[0]?.collectives, ['mcollective']);
	});

	it('asks only the given fields, without generation, when re-asking secrets', async () => {
		const {screen: s} = await renderForm(
			{},
			{keys: ['topicPassword', 'adminPassword', 'psk'], allowGenerate: false},
		);
		assert.doesNotMatch(s.frame(), /ActiveMQ host/);
		assert.doesNotMatch(s.frame(), /Ctrl-G generates/);
		await s.press(CTRL_G);
		assert.match(s.frame(), /Topic password\s*$/m, 'Ctrl-G generated nothing');
	});

	it('Esc asks the app for the progress map', async () => {
		const {screen: s, escaped} = await renderForm();
		await s.press(ESC);
		assert.equal(escaped(), 1);
	});

	it('puts the whole lesson beside the form on a wide terminal', async () => {
		const {screen: s} = await renderForm({}, {columns: 140});
		assert.match(s.frame(), /ActiveMQ host .*│ Landmark 1: Ingredients/);
		assert.match(s.frame(), /Broker vs message broker/);
	});
});

/**
 * The whole path with the real io (files in a temp dir, the real progress store), rendered exactly
 * as `mco-wizard` renders it: Ingredients → client.cfg/server.cfg written (0600, backup on the
 * second write) → quit → resume at landmark 3, from saved progress and with --step.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {prepareWizard, type WizardOptions} from '../../src/commands/wizard.js';
import {parseMcoConfig} from '../../src/core/mco-config/parse.js';
import {ROLE_IDS} from '../../src/core/types.js';
import {BACKSPACE, CTRL_C, DOWN, ENTER, UP} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';

const PSK = 'FirstPsk4WholePath';
const TOPIC = 'TopicPw4WholePath';
const ADMIN = 'AdminPw4WholePath';

let dir = '';
let etc = '';
let state = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-path-'));
	etc = join(dir, 'etc');
	state = join(dir, 'state', 'progress.ini');
});
after(async () => {
	await rm(dir, {recursive: true, force: true});
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;
const detect = async () => ({platform: 'plain' as const, reason: 'test host'});
/** One test machine that holds all three roles (as the single-host lab does): every landmark is here. */
const host = {
	detect,
	facts: async () => ({hostname: 'test-host', addresses: [], files: {}}),
};
const ALL_ROLES = [...ROLE_IDS];

async function open(options: Partial<WizardOptions> = {}): Promise<{screen: Rendered; current: string}> {
	const props = await prepareWizard({configDir: etc, state, role: ALL_ROLES, ...options}, host);
	const screen = await renderApp(<App {...props} />);
	return {screen, current: props.initial.current};
}

/** Scrolls the diff down until `pattern` is on screen. */
async function scrollTo(screen: Rendered, pattern: RegExp) {
	for (let i = 0; i < 80 && !pattern.test(screen.frame()); i++) await screen.press(DOWN);
	assert.match(screen.frame(), pattern);
}

/** Ctrl-C: it quits from every screen, forms included (where q is just a letter). */
async function quit(screen: Rendered) {
	await screen.press(CTRL_C);
	await screen.waitFor('Progress saved');
	screen.unmount();
}

/** Types into the field `steps` rows below the top of the form, replacing what is there. */
async function setField(screen: Rendered, steps: number, value: string, clear = 0) {
	for (let i = 0; i < 12; i++) await screen.press(UP);
	for (let i = 0; i < steps; i++) await screen.press(DOWN);
	for (let i = 0; i < clear; i++) await screen.press(BACKSPACE);
	await screen.type(value);
}

/** Fills every required field of a fresh form and submits it, up to the diff of the two files. */
async function fillFormToDiff(screen: Rendered) {
	await setField(screen, 0, '127.0.0.1');
	await setField(screen, 3, TOPIC);
	await setField(screen, 4, ADMIN);
	await setField(screen, 5, PSK);
	await setField(screen, 8, 'localhost');
	await setField(screen, 9, 'node1.infra.example.com');
	for (let i = 0; i < 12; i++) await screen.press(DOWN);
	await screen.press(ENTER);
	await screen.waitFor('Write 2 files');
}

describe('whole path: ingredients → configs → quit → resume at landmark 3', () => {
	it('fills the form, shows the diff, writes both files 0600, skips the client, quits', async () => {
		const {screen: s, current} = await open();
		assert.equal(current, 'ingredients');
		await fillFormToDiff(s);
		assert.match(s.frame(), new RegExp(`${join(etc, 'client.cfg')}: new file`));
		await scrollTo(s, /^\+connector = activemq$/m);
		await s.press('y');
		await s.waitFor('Configuration written');
		await s.press('n'); // do not keep secrets in the progress file
		await s.press(ENTER);
		// this test machine also holds the message broker role: its activemq.xml is not this test's
		await s.waitFor(/▶ 1b ActiveMQ/);
		await s.press('s', 's');
		await s.waitFor('Landmark 2: MCollective client');
		await s.press('s', 's');
		await s.waitFor('Landmark 3: MCollective server');
		await quit(s);
		for (const [i, frame] of s.frames().entries()) {
			for (const secret of [PSK, TOPIC, ADMIN])
				assert.ok(!frame.includes(secret), `secret in clear in frame ${i}`);
		}

		const client = await readFile(join(etc, 'client.cfg'), 'utf8');
		const server = await readFile(join(etc, 'server.cfg'), 'utf8');
		assert.equal(await mode(join(etc, 'client.cfg')), 0o600);
		assert.equal(await mode(join(etc, 'server.cfg')), 0o600);
		const value = (text: string, key: string) =>
			parseMcoConfig(text)
				.entries.filter((e) => e.key === key)
				.at(-1)?.value;
		assert.equal(value(client, 'plugin.psk'), PSK);
		assert.equal(value(server, 'plugin.psk'), PSK);
		assert.equal(value(client, 'connector'), 'activemq');
		assert.equal(value(server, 'identity'), 'node1.infra.example.com');
		assert.equal(value(client, 'plugin.activemq.pool.1.host'), '127.0.0.1');

		const progress = await readFile(state, 'utf8');
		assert.equal(await mode(state), 0o600);
		for (const secret of [PSK, TOPIC, ADMIN])
			assert.ok(!progress.includes(secret), 'secret saved without consent');
		assert.match(progress, /current = server/);
		assert.match(progress, /\[landmarks\.client\]\nstatus = skipped/);
	});

	it('resumes at landmark 3 from saved progress and asks only for the secrets', async () => {
		const {screen: s, current} = await open();
		assert.equal(current, 'server');
		assert.match(s.text(), /Landmark 3 \(MCollective server\) needs the secrets again/);
		assert.match(s.frame(), /✓ 1 › ↷ 1b › ↷ 2 › ▶ 3 Server/);
		await s.type(TOPIC);
		await s.press(DOWN);
		await s.type(ADMIN);
		await s.press(DOWN);
		await s.type(PSK);
		await s.press(ENTER);
		await s.waitFor('Landmark 3: MCollective server');
		await quit(s);
	});

	it('--step ingredients rewrites with a new psk and keeps a 0600 backup of the old file', async () => {
		const {screen: s, current} = await open({step: 'ingredients'});
		assert.equal(current, 'ingredients');
		assert.match(s.frame(), /ActiveMQ host\s+127\.0\.0\.1/, 'answers came back from the progress file');
		await setField(s, 3, TOPIC);
		await setField(s, 4, ADMIN);
		await setField(s, 5, 'SecondPsk4WholePath');
		for (let i = 0; i < 12; i++) await s.press(DOWN);
		await s.press(ENTER);
		await s.waitFor('Write 2 files');
		assert.match(s.frame(), /client\.cfg: \+1 −1 lines/);
		await scrollTo(s, /^-plugin\.psk = <secret sha256:[0-9a-f]{8}>$/m);
		assert.match(s.frame(), /^\+plugin\.psk = <secret sha256:[0-9a-f]{8}>$/m);
		await s.press('y');
		await s.waitFor('Configuration written');
		assert.match(s.text(), /backup \S+client\.cfg\.bak-/);
		await quit(s);
		const files = await readdir(etc);
		const backup = files.find((f) => f.startsWith('client.cfg.bak-'));
		assert.ok(backup, `no backup in ${files.join(' ')}`);
		assert.equal(await mode(join(etc, backup)), 0o600);
		assert.match(await readFile(join(etc, backup), 'utf8'), new RegExp(`plugin.psk = ${PSK}`));
		assert.match(await readFile(join(etc, 'client.cfg'), 'utf8'), /plugin.psk = SecondPsk4WholePath/);
	});

	it('--step server starts at landmark 3 whatever was saved', async () => {
		const {screen: s, current} = await open({step: 'server'});
		assert.equal(current, 'server');
		assert.match(s.text(), /Landmark 3 \(MCollective server\) needs the secrets again/);
		await quit(s);
	});
});

describe('--answers prefill and --dry-run', () => {
	it('prefills every field from the answers file and writes nothing on a dry run', async () => {
		const work = await mkdtemp(join(tmpdir(), 'mco-wizard-dry-'));
		try {
			const answers = join(work, 'answers.ini');
			await writeFile(
				answers,
				[
					'[ingredients]',
					'brokerHost = msg1.infra.example.com',
					'stompPort = 61614',
					'topicUser = mcollective',
					`topicPassword = ${TOPIC}`,
					`adminPassword = ${ADMIN}`,
					`psk = ${PSK}`,
					'connector = rabbitmq',
					'collectives = mcollective, openshift',
					'clientHost = broker.infra.example.com',
					'nodeIdentities = node1.infra.example.com, node2.infra.example.com',
					'platform = plain',
					'',
				].join('\n'),
			);
			const target = join(work, 'etc');
			const props = await prepareWizard(
				{answers, dryRun: true, configDir: target, state: join(work, 'p.ini'), role: ALL_ROLES},
				host,
			);
			const s = await renderApp(<App {...props} />);
			assert.match(s.frame(), /\[dry run\]|dry run/);
			assert.match(s.frame(), /STOMP port\s+61614/);
			assert.match(s.frame(), /‹rabbitmq›/);
			assert.match(s.frame(), /Collectives\s+mcollective, openshift/);
			assert.match(s.frame(), /Node identities\s+node1\.infra\.example\.com, node2\.infra\.example\.com/);
			for (let i = 0; i < 11; i++) await s.press(ENTER);
			await s.waitFor('dry run: nothing will be written');
			await s.press('y');
			await s.waitFor('not written (dry run)');
			assert.match(s.text(), new RegExp(`○ would write ${join(target, 'client.cfg')}`));
			await s.press('n', ENTER);
			await s.waitFor(/▶ 1b ActiveMQ/);
			await s.press('s', 's');
			await s.waitFor('Landmark 2: MCollective client');
			await quit(s);
			await assert.rejects(stat(target), /ENOENT/, 'the config dir was not even created');
			const progress = await readFile(join(work, 'p.ini'), 'utf8');
			assert.match(progress, /\[landmarks\.ingredients\]\nstatus = not-started/, 'a dry run proves nothing');
			assert.ok(!s.frames().some((f) => f.includes(PSK) || f.includes(TOPIC) || f.includes(ADMIN)));
		} finally {
			await rm(work, {recursive: true, force: true});
		}
	});
});

describe('quitting right after the files are written', () => {
	it('records landmark 1 as passed at once, so the next run resumes at the next landmark', async () => {
		const work = await mkdtemp(join(tmpdir(), 'mco-wizard-quit-'));
		try {
			const options = {configDir: join(work, 'etc'), state: join(work, 'p.ini'), role: ALL_ROLES};
			const props = await prepareWizard(options, host);
			const s = await renderApp(<App {...props} />);
			await fillFormToDiff(s);
			await s.press('y');
			await s.waitFor('Configuration written');
			await quit(s); // before answering the secrets question or pressing Enter
			const progress = await readFile(options.state, 'utf8');
			assert.match(progress, /\[landmarks\.ingredients\]\nstatus = passed\nat = /);
			const again = await prepareWizard(options, host);
			assert.equal(again.initial.current, 'activemq');
		} finally {
			await rm(work, {recursive: true, force: true});
		}
	});
});

describe('a damaged progress file', () => {
	it('says so on the first screen, starts fresh, and keeps the bad file aside', async () => {
		const work = await mkdtemp(join(tmpdir(), 'mco-wizard-corrupt-'));
		try {
			const path = join(work, 'progress.ini');
			await writeFile(path, '[wizard]\nversion = 1\ncurrent = nowhere\n');
			const props = await prepareWizard({state: path, configDir: join(work, 'etc'), role: ALL_ROLES}, host);
			assert.equal(props.initial.current, 'ingredients');
			const s = await renderApp(<App {...props} />);
			assert.match(
				s.text(),
				/⚠ The saved progress in \S+progress\.ini is damaged \(unknown landmark 'nowhere'\); starting fresh\. The old file is kept at \S+progress\.ini\.corrupt-/,
			);
			await quit(s);
			const kept = (await readdir(work)).filter((f) => f.startsWith('progress.ini.corrupt-'));
			assert.equal(kept.length, 1);
			assert.match(await readFile(join(work, kept[0] ?? ''), 'utf8'), /current = nowhere/);
		} finally {
			await rm(work, {recursive: true, force: true});
		}
	});
});

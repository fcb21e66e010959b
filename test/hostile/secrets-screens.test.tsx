/**
 * Issue 13 "known secrets everywhere", the wizard's screens: rendered as `mco-wizard` renders them
 * (real io, temp dir, ink-testing-library) with known secrets holding quotes, backslashes, `#`
 * and `;` in the answers file and in the client.cfg/server.cfg already there. The write-config
 * diff (old and new secret lines), the debug screen of a run against a broker that echoes the
 * login, and the export screen: no frame shows a secret raw, JSON-/XML-escaped, shell-quoted or
 * cut at `#`/`;`. No lab: a hostile STOMP server on 127.0.0.1.
 */

import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {prepareWizard, type WizardOptions} from '../../src/commands/wizard.js';
import {stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {CTRL_C, DOWN, ENTER} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {leaksIn} from '../helpers/secret-leaks.js';
import {type HostileBroker, rawFrame, startHostileBroker} from './hostile-broker.js';

const ANSWER_PSK = 'ps"k\\one#1;x&<q>';
const ANSWER_TOPIC = 'to"p\\two;2#y&amp';
const ANSWER_ADMIN = 'ad\'m\\three#3<"';
const OLD_PASSWORD = 'cl"i\\four;4#z';
const USER_TRAP = 'us"er\\six#6;w';
const OLD_PSK = 'sp"s\\eight#8';
const SECRETS = [ANSWER_PSK, ANSWER_TOPIC, ANSWER_ADMIN, OLD_PASSWORD, USER_TRAP, OLD_PSK];

const leaks = (text: string) => leaksIn(SECRETS, text);

/** Every frame the screen drew, not only the last: a secret shown for one frame is shown. */
function assertNoLeakInFrames(screen: Rendered) {
	for (const [i, frame] of screen.frames().entries())
		assert.deepEqual(leaks(frame), [], `frame ${i}:\n${frame}`);
}

describe('no secret reaches the wizard screens', () => {
	let dir: string;
	let etc: string;
	let broker: HostileBroker;
	let answers: string;

	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-secrets-screens-'));
		etc = join(dir, 'etc');
		await mkdir(etc, {recursive: true});
		broker = await startHostileBroker((socket, first) => {
			const echoed = first.toString('latin1').replace(/[\n\r\0]/g, ' ');
			socket.end(rawFrame('ERROR', [`message:User name [x] or password is invalid: ${echoed}`], echoed));
		});
		const pool = [
			'connector = activemq',
			'plugin.activemq.pool.size = 1',
			'plugin.activemq.pool.1.host = 127.0.0.1',
			`plugin.activemq.pool.1.port = ${broker.port}`,
			'plugin.activemq.pool.1.user = mcollective',
		];
		// files already there, with other secrets than the answers': the diff shows both
		await writeFile(
			join(etc, 'client.cfg'),
			[
				'securityprovider = psk',
				`plugin.psk = ${OLD_PSK}`,
				...pool,
				`plugin.activemq.pool.1.user = ${USER_TRAP}`,
				`plugin.activemq.pool.1.password = ${OLD_PASSWORD}`,
				'',
			].join('\n'),
			{mode: 0o600},
		);
		await writeFile(
			join(etc, 'server.cfg'),
			[`plugin.psk = ${OLD_PSK}`, ...pool, `plugin.activemq.pool.1.password = ${OLD_PASSWORD}`, ''].join(
				'\n',
			),
			{mode: 0o600},
		);
		answers = join(dir, 'answers.ini');
		await writeFile(
			answers,
			stringifyAnswers(
				{
					...SEED_INGREDIENTS,
					brokerHost: '127.0.0.1',
					stompPort: broker.port,
					psk: ANSWER_PSK,
					topicPassword: ANSWER_TOPIC,
					adminPassword: ANSWER_ADMIN,
				},
				{configDir: etc},
				{includeSecrets: true},
			),
			{mode: 0o600},
		);
	});
	after(async () => {
		await broker.close();
		await rm(dir, {recursive: true, force: true});
	});

	const host = {
		detect: async () => ({platform: 'plain' as const, reason: 'test host'}),
		facts: async () => ({hostname: 'test-host', addresses: [], files: {}}),
	};
	async function open(options: Partial<WizardOptions>): Promise<Rendered> {
		const props = await prepareWizard({answers, configDir: etc, ...options}, host);
		return renderApp(<App {...props} />);
	}

	it('write-config diff, then the debug screen of a run the broker refuses', async () => {
		const s = await open({state: join(dir, 'state-client', 'progress.ini'), role: ['client', 'node']});
		await s.waitFor('Landmark 1: Ingredients');
		for (let i = 0; i < 12; i++) await s.press(DOWN);
		await s.press(ENTER);
		await s.waitFor('Write 2 files');
		// scrolled through the whole diff: every line of it was on screen once
		let seen = '';
		for (let i = 0; i < 80; i++) {
			seen += s.frame();
			await s.press(DOWN);
		}
		assert.match(seen, /^-plugin\.psk = <secret sha256:[0-9a-f]{8}>$/m, 'the old psk line is in the diff');
		assert.match(seen, /^\+plugin\.psk = <secret sha256:[0-9a-f]{8}>$/m, 'the new psk line is in the diff');
		assert.match(
			seen,
			/^-plugin\.activemq\.pool\.1\.user = <secret sha256:/m,
			"the trap's line is in the diff",
		);
		await s.press('y');
		await s.waitFor('Configuration written');
		await s.press('n'); // secrets not kept in the progress file
		await s.press(ENTER);
		await s.waitFor('Enter next landmark'); // 1b is on the message broker host
		await s.press(ENTER);
		await s.waitFor('Enter runs the checks');
		await s.press(ENTER);
		// the broker echoes the CONNECT frame, passcode included, in its ERROR
		const debug = await s.waitFor(/Tell it apart/, 15_000);
		assert.match(debug, /passcode:<secret sha256:[0-9a-f]{8}>/);
		await s.press(CTRL_C);
		await s.waitFor('Progress saved');
		s.unmount();
		assertNoLeakInFrames(s);
		// and what the run left on disk: the progress file (secrets not kept) and last-runs.json
		for (const file of ['progress.ini', 'last-runs.json']) {
			const text = await readFile(join(dir, 'state-client', file), 'utf8');
			assert.deepEqual(leaks(text), [], `${file}:\n${text}`);
		}
	});

	it('export screen on the message broker host: the bundle it writes is sealed, no frame shows a secret', async () => {
		const cwd = process.cwd();
		// the wizard writes mco-wizard.bundle in the current directory
		process.chdir(dir);
		try {
			const s = await open({
				state: join(dir, 'state-msg', 'progress.ini'),
				role: ['message-broker'],
				step: 'client',
			});
			await s.waitFor(/press e to export/);
			await s.press('e');
			await s.waitFor('Passphrase for the bundle');
			await s.type('correct horse battery');
			await s.press(ENTER);
			await s.waitFor('The same passphrase again');
			await s.type('correct horse battery');
			await s.press(ENTER);
			await s.waitFor(/mco-wizard\.bundle/);
			await s.press(CTRL_C);
			s.unmount();
			assertNoLeakInFrames(s);
			const bundle = await readFile(join(dir, 'mco-wizard.bundle'), 'utf8');
			assert.match(bundle, /sha256|fingerprint/i);
			assert.deepEqual(leaks(bundle), []);
		} finally {
			process.chdir(cwd);
		}
	});
});

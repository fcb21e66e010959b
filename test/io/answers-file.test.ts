import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {loadAnswers, parseAnswers, saveAnswers, stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

/** The example from the shared interface (common.md), comments included. */
const EXAMPLE = `[ingredients]
brokerHost = 127.0.0.1
stompPort = 61613
topicUser = mcollective
topicPassword = marionette
adminPassword = msgadminsecret
psk = mcsecret
connector = activemq
collectives = mcollective          ; comma list, first = main_collective
clientHost = localhost
nodeIdentities = node1.infra.example.com   ; comma list
platform = plain                   ; plain | scl
[system]                           ; optional overrides of where things live on THIS machine
configDir = /etc/mcollective       ; where client.cfg/server.cfg are written and read
nodeLog = /var/log/mcollective.log ; else the server.cfg logfile
libdir = /usr/share/mcollective/plugins
identity = node1.infra.example.com ; identity written to server.cfg
serviceRestart = systemctl restart mcollective   ; command the wizard shows and, after confirm, runs
mco = mco                          ; the real client binary, if present
`;

describe('parseAnswers', () => {
	it('reads the documented example into typed ingredients and system settings', () => {
		const {ingredients, system, errors} = parseAnswers(EXAMPLE, '/x');
		assert.deepEqual(errors, []);
		// The example is the seed's table with this one host as broker and client.
		assert.deepEqual(ingredients, {...SEED_INGREDIENTS, brokerHost: '127.0.0.1', clientHost: 'localhost'});
		assert.deepEqual(system, {
			configDir: '/etc/mcollective',
			nodeLog: '/var/log/mcollective.log',
			libdir: '/usr/share/mcollective/plugins',
			identity: 'node1.infra.example.com',
			serviceRestart: 'systemctl restart mcollective',
			mco: 'mco',
		});
	});

	const BAD: Array<[string, RegExp]> = [
		['[ingredients]\nstompPort = 99999\n', /^ingredients\.stompPort: .*65535/],
		['[ingredients]\npsk = two words\n', /^ingredients\.psk: No whitespace/],
		['[ingredients]\nconnector = qpid\n', /^ingredients\.connector: Choose one of/],
		['[ingredients]\nbrokerhost = x\n', /^ingredients\.brokerhost: unknown key/],
		['[system]\nidentity = bad id\n', /^system\.identity:/],
		['[system]\nconfdir = /x\n', /^system\.confdir: unknown key/],
		['[extras]\na = 1\n', /^\[extras\]: unknown section/],
		['loose = 1\n', /^loose: outside any section/],
	];
	for (const [text, pattern] of BAD) {
		it(`reports ${JSON.stringify(text)} per key`, () => {
			const {errors} = parseAnswers(text, '/x');
			assert.equal(errors.length, 1, errors.join(' | '));
			assert.match(errors[0] ?? '', pattern);
		});
	}
	it('keeps the good keys when others are bad, and never echoes a secret', () => {
		const {ingredients, errors} = parseAnswers('[ingredients]\nbrokerHost = msg1\npsk = sec ret\n', '/x');
		assert.equal(ingredients.brokerHost, 'msg1');
		assert.equal(ingredients.psk, undefined);
		assert.ok(!errors.join('').includes('sec ret'));
	});
	it('resolves relative [system] paths against the answers file directory', () => {
		const {system} = parseAnswers('[system]\nconfigDir = etc\nlibdir = a:/b\n', '/lab');
		assert.equal(system.configDir, '/lab/etc');
		assert.equal(system.libdir, '/lab/a:/b');
	});
});

describe('saveAnswers / loadAnswers', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-answers-'));
	});
	after(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('round-trips, including secrets with ; # = and quotes, in a 0600 file', async () => {
		const path = join(dir, 'sub', 'answers.ini');
		const ingredients = {...SEED_INGREDIENTS, psk: 'a;b#c=d"e', collectives: ['mcollective', 'dev']};
		await saveAnswers(path, ingredients, {configDir: '/tmp/cfg'}, {includeSecrets: true});
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		const loaded = await loadAnswers(path);
		assert.deepEqual(loaded.errors, []);
		assert.deepEqual(loaded.ingredients, ingredients);
		assert.deepEqual(loaded.system, {configDir: '/tmp/cfg'});
	});
	it('leaves secrets out unless asked', () => {
		const text = stringifyAnswers(SEED_INGREDIENTS);
		for (const s of ['marionette', 'msgadminsecret', 'mcsecret']) assert.ok(!text.includes(s));
		assert.match(text, /brokerHost = msg1\.infra\.example\.com/);
	});
	it('reports an unreadable file instead of throwing', async () => {
		const missing = await loadAnswers(join(dir, 'nope.ini'));
		assert.match(missing.errors[0] ?? '', /Cannot read answers file .*no such file/);
		const path = join(dir, 'dir-not-file');
		await writeFile(path, '[ingredients]\n');
		assert.deepEqual((await loadAnswers(path)).errors, []);
		assert.equal(await readFile(path, 'utf8'), '[ingredients]\n');
	});
});

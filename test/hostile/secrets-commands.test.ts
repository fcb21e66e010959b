/**
 * Issue 13 "known secrets everywhere", the commands and files beyond check/ping/rpc: known secrets
 * with quotes, backslashes, `#` and `;` in the answers file, client.cfg, server.cfg and
 * activemq.xml, then lint (three file kinds, text and --json), report (its file and stdout),
 * export (output and a secrets-left-out bundle), check --answers BUNDLE, broker (plan and diff),
 * the progress file and last-runs.json. None may show a secret raw, JSON-escaped, XML-escaped,
 * shell-quoted or cut at `#`/`;`. Temp dirs only, no lab.
 */

import assert from 'node:assert/strict';
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import {runBroker} from '../../src/commands/broker.js';
import {runCheck} from '../../src/commands/check.js';
import {runExport} from '../../src/commands/export.js';
import {runLint} from '../../src/commands/lint.js';
import {runReport} from '../../src/commands/report.js';
import {stringifyAnswers} from '../../src/io/answers-file.js';
import {type CheckIO, nodeCheckIO} from '../../src/io/check-io.js';
import {gatherHostFacts} from '../../src/io/host-facts.js';
import {lastRunsPath, recordLastRun} from '../../src/io/last-runs.js';
import {emptyProgress, saveProgress} from '../../src/io/progress-store.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {leaksIn, xmlEscape} from '../helpers/secret-leaks.js';
import {type HostileBroker, rawFrame, startHostileBroker} from './hostile-broker.js';

const ANSWER_PSK = 'ps"k\\one#1;x&<q>';
const ANSWER_TOPIC = 'to"p\\two;2#y&amp';
const ANSWER_ADMIN = 'ad\'m\\three#3<"';
const CLIENT_PASSWORD = 'cl"i\\four;4#z';
const USER_TRAP = 'us"er\\six#6;w';
const SERVER_PASSWORD = 'sv"r\\seven;7';
const SERVER_PSK = 'sp"s\\eight#8';
const XML_PASSWORD = 'xm"l\\nine;9#&v';
const SECRETS = [
	ANSWER_PSK,
	ANSWER_TOPIC,
	ANSWER_ADMIN,
	CLIENT_PASSWORD,
	USER_TRAP,
	SERVER_PASSWORD,
	SERVER_PSK,
	XML_PASSWORD,
];

const leaks = (text: string) => leaksIn(SECRETS, text);

type Out = (t: string) => void;
async function collect(run: (out: Out, err: Out) => Promise<number>) {
	let text = '';
	const add = (t: string) => {
		text += t;
	};
	const code = await run(add, add);
	return {code, text};
}

describe('no secret from any file reaches lint, report, export, broker, bundles, progress or last runs', () => {
	let dir: string;
	let broker: HostileBroker;
	let clientCfg: string;
	let serverCfg: string;
	let activemqXml: string;
	let answers: string;
	let passphraseFile: string;

	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-secrets-cmds-'));
		broker = await startHostileBroker((socket, first) => {
			const echoed = first.toString('latin1').replace(/[\n\r\0]/g, ' ');
			socket.end(rawFrame('ERROR', [`message:User name [x] or password is invalid: ${echoed}`], echoed));
		});
		clientCfg = join(dir, 'client.cfg');
		serverCfg = join(dir, 'server.cfg');
		activemqXml = join(dir, 'activemq.xml');
		answers = join(dir, 'answers.ini');
		passphraseFile = join(dir, 'passphrase');
		const pool = [
			'connector = activemq',
			'plugin.activemq.pool.size = 1',
			'plugin.activemq.pool.1.host = 127.0.0.1',
			`plugin.activemq.pool.1.port = ${broker.port}`,
			'plugin.activemq.pool.1.user = mcollective',
		];
		await writeFile(
			clientCfg,
			[
				'main_collective = mcollective',
				'collectives = mcollective',
				'securityprovider = psk',
				`plugin.psk = ${ANSWER_PSK}`,
				...pool,
				`plugin.activemq.pool.1.user = ${USER_TRAP}`,
				`plugin.activemq.pool.1.password = ${CLIENT_PASSWORD} # inline comment`,
				'',
			].join('\n'),
			{mode: 0o600},
		);
		await writeFile(
			serverCfg,
			[
				'identity = node1',
				'daemonize = 1',
				`plugin.psk = ${SERVER_PSK}`,
				...pool,
				`plugin.activemq.pool.1.password = ${SERVER_PASSWORD}`,
				'',
			].join('\n'),
			{mode: 0o600},
		);
		const fixture = await readFile(
			join(import.meta.dirname, '../fixtures/activemq/debian-main-activemq.xml'),
			'utf8',
		);
		// a user the wizard did not write, with a secret of its own, XML-escaped as in a real file
		const user = `<authenticationUser username="other" password="${xmlEscape(XML_PASSWORD)}" groups="admins"/>`;
		await writeFile(
			activemqXml,
			fixture.includes('<users>')
				? fixture.replace('<users>', `<users>\n${user}`)
				: fixture.replace('<broker ', `<!-- ${user} -->\n<broker `),
			{mode: 0o600},
		);
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
				{configDir: dir, clientConfig: clientCfg, serverConfig: serverCfg},
				{includeSecrets: true},
			),
			{mode: 0o600},
		);
		await writeFile(passphraseFile, 'correct horse battery\n', {mode: 0o600});
	});
	after(async () => {
		await broker.close();
		await rm(dir, {recursive: true, force: true});
	});

	it('the secrets are really in the files (else the test proves nothing)', async () => {
		for (const path of [clientCfg, serverCfg, answers])
			assert.notDeepEqual(leaks(await readFile(path, 'utf8')), []);
		assert.ok((await readFile(activemqXml, 'utf8')).includes(xmlEscape(XML_PASSWORD)));
	});

	for (const json of [false, true]) {
		const flag = json ? ' --json' : '';
		it(`lint client.cfg server.cfg activemq.xml${flag}`, async () => {
			const {text} = await collect((out, err) =>
				runLint([clientCfg, serverCfg, activemqXml], {json}, out, err),
			);
			assert.match(text, /client\.cfg/);
			assert.deepEqual(leaks(text), [], text);
		});

		it(`lint with --answers${flag}`, async () => {
			const {text} = await collect((out, err) =>
				runLint([clientCfg, serverCfg, activemqXml], {json, answers}, out, err),
			);
			assert.match(text, /client\.cfg/);
			assert.deepEqual(leaks(text), [], text);
		});

		it(`broker (plan and diff of activemq.xml)${flag}`, async () => {
			const {text} = await collect((out, err) =>
				runBroker({answers, activemqXml, bind: '127.0.0.1', json, timeout: 2}, out, err),
			);
			assert.match(text, /activemq\.xml/);
			assert.deepEqual(leaks(text), [], text);
		});

		it(`report${flag}: its stdout and the file it writes`, async () => {
			const state = join(dir, `state${json ? '-json' : ''}`, 'progress.json');
			await recordLastRun(
				{
					step: 'client',
					at: '2026-01-01T00:00:00.000Z',
					ok: false,
					checks: [
						{id: 'stomp', ok: false, ms: 1, evidence: `login refused: ${CLIENT_PASSWORD} ${USER_TRAP}`},
					],
					diagnosis: {
						id: 'F5',
						fix: [`passcode:${ANSWER_ADMIN}`],
						evidence: [`passcode:${ANSWER_TOPIC}`, JSON.stringify({p: SERVER_PSK})],
					},
				},
				SECRETS,
				lastRunsPath(state),
			);
			const out = join(dir, `report${json ? '-json' : ''}.md`);
			const {code, text} = await collect((o, e) =>
				runReport({out, answers, json, state, version: '0.0.0-test'}, o, e),
			);
			assert.equal(code, 0, text);
			assert.deepEqual(leaks(text), [], text);
			const report = await readFile(out, 'utf8');
			assert.match(report, /client\.cfg/);
			assert.deepEqual(leaks(report), [], report);
		});
	}

	it('broker --write --check with a broker log: output, the written activemq.xml, lint of it', async () => {
		// A copy: the other tests plan against the original. Without an ActiveMQ JVM running this file
		// the ladder stops after amq-process; amq-config (lint of the written file) and amq-log still run.
		const xml = join(dir, 'written', 'activemq.xml');
		await mkdir(dirname(xml), {recursive: true});
		await copyFile(activemqXml, xml);
		const log = join(dir, 'activemq.log');
		await writeFile(
			log,
			[
				'2026-01-01 00:00:00,000 | INFO  | Apache ActiveMQ 5.17.6 (localhost, ID:x) is starting | org.apache.activemq.broker.BrokerService | main',
				`2026-01-01 00:00:01,000 | WARN  | Security error occurred on connection to: tcp://127.0.0.1:1, User name [mcollective] or password is invalid. passcode:${ANSWER_TOPIC} ${xmlEscape(ANSWER_ADMIN)} | org.apache.activemq.broker.TransportConnection.Transport | x`,
				'',
			].join('\n'),
		);
		for (const json of [false, true]) {
			const {text} = await collect((out, err) =>
				runBroker(
					{answers, activemqXml: xml, bind: '127.0.0.1', write: true, check: true, log, json, timeout: 2},
					out,
					err,
				),
			);
			assert.match(text, /amq-config|amq-process/);
			assert.deepEqual(leaks(text), [], text);
		}
		const written = await readFile(xml, 'utf8');
		assert.ok(written.includes(xmlEscape(ANSWER_TOPIC)), 'the file itself holds the secret (0600)');
		for (const json of [false, true]) {
			const {text} = await collect((out, err) => runLint([xml], {json}, out, err));
			assert.deepEqual(leaks(text), [], text);
		}
	});

	it('broker --write --check with its JVM running: the live login to a broker that echoes it back', async () => {
		// The JVM and the listening socket are this test's (through the injected io); the login is
		// real STOMP to the hostile broker, which puts the CONNECT frame (the passcode) in its ERROR.
		const xml = join(dir, 'running', 'activemq.xml');
		await mkdir(dirname(xml), {recursive: true});
		await copyFile(activemqXml, xml);
		const io: CheckIO = {
			...nodeCheckIO,
			processes: async () => [
				{
					pid: 4711,
					args: [
						'java',
						'-Dactivemq.home=/usr/share/activemq',
						'-jar',
						'activemq.jar',
						'start',
						`xbean:file:${xml}`,
					],
				},
			],
			listeningTcp: async () => [{address: '127.0.0.1', port: broker.port}],
		};
		for (const json of [false, true]) {
			const {text} = await collect((out, err) =>
				runBroker(
					{answers, activemqXml: xml, bind: '127.0.0.1', write: true, check: true, json, timeout: 2},
					out,
					err,
					{io},
				),
			);
			// the ladder got to the live login, and the broker's answer is in the output, redacted
			assert.match(text, /amq-login/, text);
			assert.match(text, /password is invalid/, text);
			assert.deepEqual(leaks(text), [], text);
		}
	});

	it('export with the secrets left out: its output and the bundle', async () => {
		const bundle = join(dir, 'plain.bundle');
		const {code, text} = await collect((out, err) => runExport({out: bundle, answers}, out, err));
		assert.equal(code, 0, text);
		assert.match(text, /sha256/);
		assert.deepEqual(leaks(text), [], text);
		assert.deepEqual(leaks(await readFile(bundle, 'utf8')), []);
	});

	it('export --encrypt: its output and the bundle; check --answers BUNDLE with mismatching files', async () => {
		const bundle = join(dir, 'sealed.bundle');
		const {code, text} = await collect((out, err) =>
			runExport({out: bundle, answers, encrypt: true, passphraseFile}, out, err),
		);
		assert.equal(code, 0, text);
		assert.deepEqual(leaks(text), [], text);
		assert.deepEqual(leaks(await readFile(bundle, 'utf8')), []);
		// A bundle carries no [system]: the files are found through the check's io, here the temp ones
		// (never this machine's /etc/mcollective), so the client landmark runs against the echoing broker.
		const io: CheckIO = {
			...nodeCheckIO,
			liveConfig: async (which, platform) => ({
				...(await nodeCheckIO.liveConfig(which, platform)),
				path: which === 'client' ? clientCfg : serverCfg,
			}),
		};
		for (const json of [false, true]) {
			const checked = await collect((out, err) =>
				runCheck(
					{step: 'client', role: ['client'], answers: bundle, passphraseFile, json, timeout: 2},
					out,
					err,
					{facts: gatherHostFacts, run: runLandmark, io},
				),
			);
			// client.cfg's password and psk differ from the bundle's: the mismatch lines are what is tested
			assert.match(checked.text, /≠/, checked.text);
			assert.deepEqual(leaks(checked.text), [], checked.text);
		}
	});

	it('the progress file saved without secrets, and last-runs.json', async () => {
		const state = join(dir, 'progress-only', 'progress.json');
		await saveProgress(
			state,
			{
				...emptyProgress(),
				answers: {
					...SEED_INGREDIENTS,
					psk: ANSWER_PSK,
					topicPassword: ANSWER_TOPIC,
					adminPassword: ANSWER_ADMIN,
				},
				askSecretsAgain: true,
			},
			{saveSecrets: false},
		);
		assert.deepEqual(leaks(await readFile(state, 'utf8')), []);
		await recordLastRun(
			{
				step: 'server',
				at: '2026-01-01T00:00:00.000Z',
				ok: false,
				checks: [{id: 'cfg', ok: false, ms: 1, evidence: `plugin.psk = ${SERVER_PSK}; ${XML_PASSWORD}`}],
				diagnosis: null,
			},
			SECRETS,
			lastRunsPath(state),
		);
		const runs = await readFile(lastRunsPath(state), 'utf8');
		assert.match(runs, /sha256/);
		assert.deepEqual(leaks(runs), [], runs);
	});
});

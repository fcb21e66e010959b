import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runCheck} from '../../src/commands/check.js';
import {runPing} from '../../src/commands/ping.js';
import {runRpc} from '../../src/commands/rpc.js';
import {stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {leaksIn} from '../helpers/secret-leaks.js';
import {type HostileBroker, rawFrame, startHostileBroker} from './hostile-broker.js';

// Known secrets with the characters that break naive redaction: quotes, backslashes, # and ;.
const ANSWER_PSK = 'ps"k\\one#1;x';
const ANSWER_TOPIC = 'to"p\\two;2#y';
const ANSWER_ADMIN = 'ad"m\\three#3';
const CLIENT_PASSWORD = 'cl"i\\four;4#z';
const CLIENT_PSK = 'cp"s\\five;5';
const USER_TRAP = 'us"er\\six#6;w';
const SERVER_PASSWORD = 'sv"r\\seven;7';
const SERVER_PSK = 'sp"s\\eight#8';
const SECRETS = [
	ANSWER_PSK,
	ANSWER_TOPIC,
	ANSWER_ADMIN,
	CLIENT_PASSWORD,
	CLIENT_PSK,
	USER_TRAP,
	SERVER_PASSWORD,
	SERVER_PSK,
];

const leaks = (text: string) => leaksIn(SECRETS, text);

describe('no secret from any file reaches check, ping or rpc output', () => {
	let dir: string;
	let broker: HostileBroker;
	let clientCfg: string;
	let serverCfg: string;
	let answers: string;

	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-secrets-'));
		// A hostile broker that echoes everything it was sent (login, passcode) in its ERROR.
		broker = await startHostileBroker((socket, first) => {
			const echoed = first.toString('latin1').replace(/[\n\r\0]/g, ' ');
			socket.end(rawFrame('ERROR', [`message:User name [x] or password is invalid: ${echoed}`], echoed));
		});
		clientCfg = join(dir, 'client.cfg');
		serverCfg = join(dir, 'server.cfg');
		await writeFile(
			clientCfg,
			[
				'main_collective = mcollective',
				'collectives = mcollective',
				'securityprovider = psk',
				`plugin.psk = ${CLIENT_PSK}`,
				'connector = activemq',
				'plugin.activemq.pool.size = 1',
				'plugin.activemq.pool.1.host = 127.0.0.1',
				`plugin.activemq.pool.1.port = ${broker.port}`,
				'plugin.activemq.pool.1.user = mcollective',
				`plugin.activemq.pool.1.user = ${USER_TRAP}`,
				`plugin.activemq.pool.1.password = ${CLIENT_PASSWORD}`,
				'',
			].join('\n'),
			{mode: 0o600},
		);
		await writeFile(
			serverCfg,
			[
				`plugin.psk = ${SERVER_PSK}`,
				'connector = activemq',
				'plugin.activemq.pool.size = 1',
				'plugin.activemq.pool.1.host = 127.0.0.1',
				`plugin.activemq.pool.1.port = ${broker.port}`,
				'plugin.activemq.pool.1.user = mcollective',
				`plugin.activemq.pool.1.password = ${SERVER_PASSWORD}`,
				'',
			].join('\n'),
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
				{configDir: dir, clientConfig: clientCfg, serverConfig: serverCfg},
				{includeSecrets: true},
			),
			{mode: 0o600},
		);
	});
	after(async () => {
		await broker.close();
		await rm(dir, {recursive: true, force: true});
	});

	const collect = async (run: (out: (t: string) => void, err: (t: string) => void) => Promise<number>) => {
		let text = '';
		const code = await run(
			(t) => {
				text += t;
			},
			(t) => {
				text += t;
			},
		);
		return {code, text};
	};

	for (const json of [false, true]) {
		it(`check --step client${json ? ' --json' : ''}`, async () => {
			const {text} = await collect((out, err) =>
				runCheck({step: 'client', answers, json, timeout: 3}, out, err),
			);
			assert.ok(text.length > 0);
			assert.deepEqual(leaks(text), [], text);
		});

		it(`ping${json ? ' --json' : ''} against a broker that echoes the login`, async () => {
			const {text, code} = await collect((out, err) =>
				runPing({config: clientCfg, timeout: 2, json, serverConfig: serverCfg}, out, err),
			);
			assert.notEqual(code, 0);
			assert.match(text, /password is invalid/, 'the broker text is shown');
			assert.deepEqual(leaks(text), [], text);
		});

		it(`rpc${json ? ' --json' : ''} against a broker that echoes the login`, async () => {
			const {text} = await collect((out, err) =>
				runRpc('rpcutil', 'ping', [], {config: clientCfg, json, serverConfig: serverCfg} as never, out, err),
			);
			assert.deepEqual(leaks(text), [], text);
		});
	}

	it('an answers file with a password on a line of its own does not echo it', async () => {
		const bad = join(dir, 'bad.ini');
		await writeFile(bad, `[ingredients]\nbrokerHost = 127.0.0.1\n${ANSWER_ADMIN.replace(/[#;].*/, '')}xyz\n`);
		const {code, text} = await collect((out, err) =>
			runCheck({step: 'client', answers: bad, timeout: 1}, out, err),
		);
		assert.equal(code, 2);
		assert.doesNotMatch(text, /ad"m/);
		assert.match(text, /not shown/);
	});
});

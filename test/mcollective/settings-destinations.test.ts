import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {rubyInteger, rubyToI} from '../../src/core/mco-config/ruby.js';
import {planRequest} from '../../src/mcollective/destinations.js';
import {callerId, validCallerId} from '../../src/mcollective/psk.js';
import {FRAMES_DIR} from '../helpers/shared.js';

const FRAMES = FRAMES_DIR;
const LAB_CFG = `
main_collective = mcollective
collectives = mcollective
libdir = /usr/share/mcollective/plugins
logger_type = console
loglevel = warn
securityprovider = psk
plugin.psk = mcsecret
connector = activemq
plugin.activemq.pool.size = 1
plugin.activemq.pool.1.host = 127.0.0.1
plugin.activemq.pool.1.port = 61613
plugin.activemq.pool.1.user = mcollective
plugin.activemq.pool.1.password = marionette
`;

describe('readMcoConfig', () => {
	it('reads the lab client.cfg', () => {
		const s = readMcoConfig(LAB_CFG);
		assert.equal(s.connector, 'activemq');
		assert.deepEqual(s.pool, [
			{
				host: '127.0.0.1',
				port: 61613,
				user: 'mcollective',
				password: 'marionette',
				ssl: false,
				sslCert: undefined,
				sslKey: undefined,
				sslCa: undefined,
				sslFallback: false,
				index: 1,
				keys: {
					host: 'plugin.activemq.pool.1.host',
					port: 'plugin.activemq.pool.1.port',
					user: 'plugin.activemq.pool.1.user',
					password: 'plugin.activemq.pool.1.password',
				},
			},
		]);
		assert.equal(s.vhost, 'mcollective');
		assert.equal(s.psk, 'mcsecret');
		assert.equal(s.pskSource, 'config');
		assert.deepEqual(s.collectives, ['mcollective']);
		assert.equal(s.mainCollective, 'mcollective');
		assert.equal(s.ttl, 60);
		assert.equal(s.identity, undefined);
		assert.deepEqual(s.problems, []);
	});

	it('keeps MCollective quirks: inline comment in the psk, octal ttl, env overrides, last duplicate wins', () => {
		const s = readMcoConfig(
			`${LAB_CFG}\nplugin.psk = mcsecret   # shared\nttl = 010\nplugin.activemq.pool.1.user = other\n`,
		);
		assert.equal(s.psk, 'mcsecret   # shared');
		assert.equal(s.ttl, 8);
		assert.equal(s.pool[0]?.user, 'other');
		const env = readMcoConfig(LAB_CFG, {
			env: {
				MCOLLECTIVE_PSK: 'fromenv',
				STOMP_USER: 'u',
				STOMP_PASSWORD: 'p',
			},
		});
		assert.equal(env.psk, 'fromenv');
		assert.equal(env.pskSource, 'env');
		assert.equal(env.pool[0]?.user, 'u');
		assert.equal(env.pool[0]?.password, 'p');
	});

	it('reports what mco would refuse, in its words', () => {
		const s = readMcoConfig('collectives = a,b\nconnector = activemq\nttl = abc\n');
		assert.ok(s.problems.includes("Unknown collective 'mcollective' known collectives are 'a, b'"));
		assert.ok(s.problems.includes('No plugin.psk configuration option specified'));
		assert.ok(s.problems.some((p) => p.includes('No plugin.activemq.pool.size configuration option given')));
		assert.ok(s.problems.includes("Could not parse value for configuration option 'ttl' with value 'abc'"));
	});

	it('rabbitmq defaults the vhost to /; the seed stomp config is read and flagged', () => {
		const rabbit = readMcoConfig(LAB_CFG.replaceAll('activemq', 'rabbitmq'));
		assert.equal(rabbit.vhost, '/');
		// The seed's client.cfg verbatim (test/fixtures/seed-client.cfg).
		const seed = readFileSync(new URL('../fixtures/seed-client.cfg', import.meta.url), 'utf8');
		const s = readMcoConfig(seed);
		assert.equal(s.connector, 'stomp');
		assert.equal(s.pool[0]?.user, 'marionette', 'the second plugin.stomp.user wins');
		assert.equal(s.pool[0]?.password, '');
		assert.ok(s.problems.some((p) => p.includes('mcollective/connector/stomp.rb')));
		assert.ok(s.problems.some((p) => p.startsWith('no password for marionette@')));
	});

	it('Ruby Integer() and to_i', () => {
		assert.equal(rubyInteger('60'), 60);
		assert.equal(rubyInteger('010'), 8);
		assert.equal(rubyInteger('0x1f'), 31);
		assert.equal(rubyInteger('1_000'), 1000);
		assert.equal(rubyInteger('08'), undefined);
		assert.equal(rubyInteger('60 # s'), undefined);
		assert.equal(rubyToI('61613 # stomp'), 61613);
		assert.equal(rubyToI('010'), 10);
	});
});

describe('callerid', () => {
	it('forms and the server pattern (Ruby line anchors)', () => {
		assert.equal(callerId('uid', {uid: 0}), 'uid=0');
		assert.equal(callerId('identity', {identity: 'client1'}), 'identity=client1');
		assert.ok(validCallerId('uid=1000'));
		assert.ok(!validCallerId('uid=1000 x'));
		assert.ok(!validCallerId('user=jo@host'));
		assert.ok(validCallerId('junk junk\nuid=0'), 'Ruby ^$ match any line');
	});
});

describe('planRequest', () => {
	const base = {collective: 'mcollective', identity: 'vm', pid: 19677, ttl: 60, nowMs: 1795582573_400};

	it('activemq broadcast and directed match the captured mco rpc frames', () => {
		const discovery = planRequest({
			...base,
			connector: 'activemq',
			agent: 'discovery',
			seq: 1,
			nowMs: 1795582572_900,
		});
		assert.deepEqual(discovery.subscribe, {destination: '/queue/mcollective.reply.vm_19677.1', headers: {}});
		assert.deepEqual(discovery.sends, [
			{
				destination: '/topic/mcollective.discovery.agent',
				headers: {
					timestamp: '1795582572000',
					expires: '1795582642000',
					'reply-to': '/queue/mcollective.reply.vm_19677.1',
					mc_sender: 'vm',
				},
			},
		]);
		const rpc = planRequest({
			...base,
			connector: 'activemq',
			agent: 'openshift',
			seq: 2,
			nodes: ['node1.infra.example.com'],
		});
		assert.equal(rpc.directed, true);
		const captured = existsSync(`${FRAMES}/echo/index.json`)
			? (
					JSON.parse(readFileSync(`${FRAMES}/echo/index.json`, 'utf8')) as {
						file: string;
						headers: [string, string][];
					}[]
				).find((f) => f.file === '10-c2b-client-SEND.bin')
			: undefined;
		const expected = captured
			? Object.fromEntries(
					captured.headers.filter(([k]) => !['content-length', 'content-type', 'destination'].includes(k)),
				)
			: {
					timestamp: '1795582573000',
					expires: '1795582643000',
					'reply-to': '/queue/mcollective.reply.vm_19677.2',
					mc_identity: 'node1.infra.example.com',
					mc_sender: 'vm',
				};
		assert.deepEqual(rpc.sends[0]?.headers, expected);
		assert.deepEqual(
			Object.keys(rpc.sends[0]?.headers ?? {}),
			Object.keys(expected),
			'header order as ruby-stomp',
		);
		assert.equal(rpc.sends[0]?.destination, '/queue/mcollective.nodes');
	});

	it('rabbitmq and legacy stomp destinations', () => {
		const rabbit = planRequest({
			...base,
			connector: 'rabbitmq',
			agent: 'rpcutil',
			seq: 2,
			nodes: ['node1', 'node2'],
		});
		assert.equal(rabbit.subscribe, undefined);
		assert.deepEqual(
			rabbit.sends.map((s) => s.destination),
			['/exchange/mcollective_directed/node1', '/exchange/mcollective_directed/node2'],
		);
		assert.deepEqual(rabbit.sends[0]?.headers, {
			'reply-to': '/temp-queue/mcollective_reply_rpcutil',
			expiration: '70000',
			mc_sender: 'vm',
		});
		const stomp = planRequest({...base, connector: 'stomp', agent: 'discovery', seq: 1});
		assert.equal(stomp.subscribe?.destination, '/topic/mcollective.discovery.reply');
		assert.equal(stomp.sends[0]?.destination, '/topic/mcollective.discovery.command');
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {renderClientCfg} from '../../src/core/mco-config/render.js';
import type {Ingredients} from '../../src/core/types.js';
import {mcoPing, mcoRpc} from '../../src/io/mco-client.js';
import {sym} from '../../src/mcollective/marshal.js';
import {answer, newNodeStats} from '../../src/practice/agents.js';
import {practiceUsers} from '../../src/practice/auth.js';
import {type PracticeBroker, startBroker} from '../../src/practice/broker.js';
import {fileNodeLog, formatLogLine} from '../../src/practice/node-log.js';
import {
	directedSelector,
	type NodeHost,
	type SimNodeConfig,
	startNodeHost,
} from '../../src/practice/nodes.js';

const ing: Ingredients = {
	brokerHost: '127.0.0.1',
	stompPort: 0,
	topicUser: 'mcollective',
	topicPassword: 'marionette',
	adminPassword: 'adminsecret',
	psk: 'mcsecret',
	connector: 'activemq',
	collectives: ['mcollective'],
	clientHost: 'localhost',
	nodeIdentities: ['a.practice'],
	platform: 'plain',
};

// mcollectived's file logger line: `W, [2026-…+00:00  #123]  WARN -- : runner.rb:193:in `…' …`
const LOG_LINE =
	/^([DIWEF]), \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 {2}#\d+\] ( INFO| WARN|ERROR|DEBUG|FATAL) -- : \S+:\d+:in `[^']+' /;

describe('simulated nodes', () => {
	let broker: PracticeBroker;
	let host: NodeHost;
	let dir: string;
	const node = (identity: string, extra: Partial<SimNodeConfig> = {}): SimNodeConfig => ({
		identity,
		psk: 'mcsecret',
		collectives: ['mcollective'],
		mainCollective: 'mcollective',
		clockOffsetMs: 0,
		agents: ['openshift'],
		connector: 'activemq',
		configFile: `/practice/${identity}/server.cfg`,
		log: fileNodeLog(join(dir, `${identity}.log`), 'debug', () => Date.now() + (extra.clockOffsetMs ?? 0)),
		...extra,
	});
	const settings = () => readMcoConfig(renderClientCfg({...ing, stompPort: broker.port}, {}));

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'practice-nodes-'));
		broker = await startBroker({port: 0, users: practiceUsers(ing)});
		host = startNodeHost({
			endpoint: {host: '127.0.0.1', port: broker.port, user: 'mcollective', password: 'marionette'},
			nodes: [
				node('a.practice'),
				node('b.practice'),
				node('ahead.practice', {clockOffsetMs: 300_000}),
				node('behind.practice', {clockOffsetMs: -300_000}),
				node('otherpsk.practice', {psk: 'different'}),
				node('noagent.practice', {agents: []}),
				node('broken.practice', {
					brokenAgents: [
						{agent: 'openshift', error: 'cannot load such file -- openshift-origin-container-selinux'},
					],
				}),
			],
		});
		assert.equal(await host.waitReady(5000), true);
	});
	after(async () => {
		await host.stop();
		await broker.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('answer ping through one shared connection; skew, psk and clock faults stay silent as on real nodes', async () => {
		const result = await mcoPing(settings(), {timeoutMs: 1500, clientIdentity: 'client.practice'});
		assert.deepEqual(result.replies.map((r) => r.identity).sort(), [
			'a.practice',
			'b.practice',
			'broken.practice',
			'noagent.practice',
		]);
		const log = (id: string) => readFileSync(join(dir, `${id}.log`), 'utf8');
		assert.match(log('ahead.practice'), /created at \d+ is 300 seconds old, TTL is 60\. Rejecting message\./);
		assert.match(
			log('otherpsk.practice'),
			/Failed to handle message: Received an invalid signature in message - MCollective::SecurityValidationFailed/,
		);
		assert.match(
			log('behind.practice'),
			/Handling message \w+ for agent 'discovery' in collective 'mcollective' from uid=\d+@client\.practice: ping/,
		);
		assert.ok(broker.stats().expired >= 1, "behind's reply expired at the broker");
		for (const line of log('ahead.practice').split('\n').slice(1)) {
			if (line === '' || line.startsWith('\t')) continue;
			assert.match(line, LOG_LINE);
		}
	});

	it('run openshift echo and rpcutil where loaded; a missing or broken agent does not pass the filter', async () => {
		const echo = await mcoRpc(
			settings(),
			'openshift',
			'echo',
			{msg: 'foo'},
			{timeoutMs: 3000, discoveryTimeoutMs: 800, clientIdentity: 'client.practice'},
		);
		assert.deepEqual(echo.replies.map((r) => r.identity).sort(), ['a.practice', 'b.practice']);
		for (const r of echo.replies) {
			assert.equal(r.statuscode, 0);
			assert.equal((r.data as Map<symbol, unknown>).get(sym('msg')), 'foo');
		}
		const noagent = readFileSync(join(dir, 'noagent.practice.log'), 'utf8');
		assert.match(
			noagent,
			/for agent 'discovery' in collective 'mcollective' .* does not pass filters\. Ignoring message\./,
		);
		const broken = readFileSync(join(dir, 'broken.practice.log'), 'utf8');
		assert.match(
			broken,
			/ERROR -- : pluginmanager\.rb:171:in `rescue in loadclass' Failed to load MCollective::Agent::Openshift: cannot load such file -- openshift-origin-container-selinux/,
		);
		assert.match(broken, /Loading agent openshift failed: cannot load such file/);
		const inv = await mcoRpc(
			settings(),
			'rpcutil',
			'agent_inventory',
			{},
			{timeoutMs: 3000, identities: ['noagent.practice'], clientIdentity: 'client.practice'},
		);
		assert.equal(inv.replies.length, 1);
		const agents = (inv.replies[0]?.data as Map<symbol, unknown> | undefined)?.get(sym('agents')) as Map<
			symbol,
			unknown
		>[];
		assert.deepEqual(
			agents.map((a) => a.get(sym('agent'))),
			['rpcutil'],
		);
	});

	it('a node whose login is refused logs what mcollectived logs and keeps retrying', async () => {
		const bad = startNodeHost({
			endpoint: {host: '127.0.0.1', port: broker.port, user: 'mcollective', password: 'wrong'},
			nodes: [node('badlogin.practice')],
			maxReconnectDelayMs: 50,
		});
		assert.equal(await bad.waitReady(400), false);
		await bad.stop();
		const log = readFileSync(join(dir, 'badlogin.practice.log'), 'utf8');
		assert.match(log, /Connected to stomp:\/\/mcollective@127\.0\.0\.1:\d+/);
		assert.match(
			log,
			/Unexpected error on connection stomp:\/\/mcollective@127\.0\.0\.1:\d+: es_recv: connection\.receive returning EOF as nil/,
		);
		assert.ok((log.match(/TCP Connection attempt/g) ?? []).length >= 2, 'retries');
		assert.match(log, /Exiting after signal: SIGTERM\n$/);
	});
});

describe('simulated node pieces', () => {
	it('directed selectors: exactly mcollectived’s for one node, IN for several', () => {
		assert.equal(directedSelector(['node1']), "mc_identity = 'node1'");
		assert.equal(directedSelector(['a', "o'b"]), "mc_identity IN ('a','o''b')");
	});

	it('agents answer like 2.12.5: pong, rpcutil ping, DDL errors as statuscode 4', () => {
		const ctx = {
			identity: 'n',
			nowMs: 1_800_000_000_500,
			startedS: 1,
			mainCollective: 'mcollective',
			collectives: ['mcollective'],
			agents: ['discovery', 'rpcutil', 'openshift'],
			configFile: 'x',
			pid: 1,
			stats: newNodeStats(),
		};
		assert.equal(answer('discovery', 'ping', ctx), 'pong');
		const body = (action: string, data: Record<string, unknown> = {}) =>
			new Map<unknown, unknown>([
				[sym('action'), action],
				[sym('data'), new Map(Object.entries(data).map(([k, v]) => [sym(k), v]))],
			]) as never;
		assert.deepEqual(answer('rpcutil', body('ping'), ctx), {
			statuscode: 0,
			statusmsg: 'OK',
			data: {pong: 1_800_000_000},
		});
		assert.equal((answer('rpcutil', body('nope'), ctx) as {statuscode: number}).statuscode, 4);
		assert.equal(
			(answer('openshift', body('echo', {msg: 'x'.repeat(91)}), ctx) as {statuscode: number}).statuscode,
			4,
		);
		assert.equal(
			(answer('openshift', body('echo'), ctx) as {statusmsg: string}).statusmsg,
			'Action echo needs a msg argument',
		);
		assert.equal(
			answer('openshift', body('echo', {msg: 'hi'}), {...ctx, agents: ['discovery', 'rpcutil']}),
			undefined,
		);
	});

	it('formats log lines as Ruby logger 1.5.0 does', () => {
		assert.equal(
			formatLogLine(
				'info',
				Date.UTC(2026, 10, 25, 4, 58, 7, 853),
				24054,
				"activemq.rb:119:in `on_connected'",
				'Connected to stomp://m@h:1',
				938,
			),
			"I, [2026-11-25T04:58:07.853938+00:00  #24054]  INFO -- : activemq.rb:119:in `on_connected' Connected to stomp://m@h:1\n",
		);
		assert.match(formatLogLine('error', 0, 1, "x.rb:1:in `y'", 'm'), /^E, \[.*\] ERROR -- : /);
	});
});

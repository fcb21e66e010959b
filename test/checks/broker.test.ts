/**
 * The broker host's checks over a fake host (files, processes, sockets) and the fake STOMP server;
 * the same checks against the REAL ActiveMQ are in test/real/broker-host.test.ts.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {
	activemqJvm,
	type BrokerHostReport,
	bindMatches,
	runBrokerHostChecks,
} from '../../src/checks/broker.js';
import {brokerWants, renderActivemqXml} from '../../src/core/activemq-xml/render.js';
import {amqLogSinceLastStart} from '../../src/core/amq-log.js';
import {parseProcNetTcp} from '../../src/core/proc-net.js';
import type {Ingredients} from '../../src/core/types.js';
import {type FakeServer, startFakeStompServer} from '../mcollective/fake-stomp-server.js';
import {type FakeHost, fakeIO} from './fake-io.js';
import {context, ingredientsAt} from './fake-lab.js';

const CONF = '/etc/activemq/instances-available/main/activemq.xml';
const DATA = '/var/lib/activemq/main/data';
const LOG = `${DATA}/activemq.log`;
const JAVA = {
	pid: 4242,
	args: [
		'java',
		'-Xms128M',
		'-Dactivemq.conf=/etc/activemq/instances-available/main',
		`-Dactivemq.data=${DATA}`,
		'-jar',
		'/usr/share/activemq/bin/activemq.jar',
		'start',
		'xbean:activemq.xml',
	],
};
const STARTED_LOG = (port: number) =>
	[
		'2026-12-01 20:00:00,000 | INFO  | Refreshing org.apache.activemq.xbean.XBeanBrokerFactory$1@1: startup date | x | main',
		'2026-12-01 20:00:01,000 | INFO  | Apache ActiveMQ 5.17.2 (localhost, ID:1) is starting | x | main',
		`2026-12-01 20:00:01,100 | INFO  | Listening for connections at: stomp+nio://localhost:${port} | x | main`,
		'2026-12-01 20:00:01,200 | INFO  | Apache ActiveMQ 5.17.2 (localhost, ID:1) started | x | main',
		'',
	].join('\n');

function broker(ingredients: Ingredients, more: Partial<FakeHost> = {}, xml?: string): FakeHost {
	return {
		files: new Map<string, string>([
			[CONF, xml ?? renderActivemqXml(undefined, brokerWants(ingredients, '0.0.0.0')).text],
			[LOG, STARTED_LOG(ingredients.stompPort)],
		]),
		processes: [{pid: 1, args: ['/sbin/init']}, JAVA],
		listening: [{address: '0.0.0.0', port: ingredients.stompPort}],
		...more,
	};
}

const run = (host: FakeHost, ingredients: Ingredients, opts = {}): Promise<BrokerHostReport> =>
	runBrokerHostChecks(context(fakeIO(host), ingredients), opts);
const failedRung = (r: BrokerHostReport) => r.checks.find((c) => !c.ok && !c.skipped);

describe('broker host checks (fake host, fake STOMP server)', () => {
	let ok: FakeServer;
	let denyReplies: FakeServer;
	let rejecting: FakeServer;
	before(async () => {
		ok = await startFakeStompServer({deny: [`/queue/mco-wizard.unauthorized.${process.pid}`]});
		denyReplies = await startFakeStompServer({
			deny: [
				`/queue/mcollective.reply.mco-wizard_${process.pid}`,
				`/queue/mco-wizard.unauthorized.${process.pid}`,
			],
		});
		rejecting = await startFakeStompServer({mode: 'reject-login'});
	});
	after(() => {
		ok.close();
		denyReplies.close();
		rejecting.close();
	});

	it('a good broker passes every check, in order, with the JVM, bind and log as evidence', async () => {
		const ing = ingredientsAt(ok.port);
		const r = await run(broker(ing), ing);
		assert.deepEqual(
			r.checks.map((c) => [c.id, c.ok]),
			[
				['amq-process', true],
				['amq-config', true],
				['amq-listen', true],
				['amq-login', true],
				['amq-authorized', true],
				['amq-refuses', true],
				['amq-log', true],
			],
			JSON.stringify(r.checks, null, 1),
		);
		const ev = Object.fromEntries(r.checks.map((c) => [c.id, c.evidence]));
		assert.match(
			ev['amq-process'] ?? '',
			/pid 4242, config \/etc\/activemq\/instances-available\/main\/activemq\.xml/,
		);
		assert.match(ev['amq-listen'] ?? '', new RegExp(`port ${ing.stompPort} bound to 0\\.0\\.0\\.0`));
		assert.match(ev['amq-refuses'] ?? '', /refused/);
		assert.equal(r.diagnosis, null);
		assert.ok(!JSON.stringify(r).includes(ing.topicPassword));
	});

	it('F6: logged in, the reply queue refused (the topic user not allowed on mcollective.> queues)', async () => {
		const ing = ingredientsAt(denyReplies.port);
		const r = await run(broker(ing), ing);
		assert.equal(failedRung(r)?.id, 'amq-authorized');
		assert.equal(r.diagnosis?.id, 'F6');
		assert.ok(r.diagnosis?.evidence.some((e) => e.includes(`mcollective.reply.mco-wizard_${process.pid}`)));
	});

	it('F6 from the file: no authorization entry for mcollective.> queues, with the line', async () => {
		const ing = ingredientsAt(ok.port);
		const xml = renderActivemqXml(undefined, brokerWants(ing)).text.replace(
			/\n\s*<authorizationEntry queue="mcollective\.>"[^\n]*/,
			'',
		);
		const r = await run(broker(ing, {}, xml), ing);
		assert.equal(failedRung(r)?.id, 'amq-config');
		assert.equal(r.diagnosis?.id, 'F6');
		assert.match(r.diagnosis?.evidence[0] ?? '', /activemq\.xml:\d+: .*may not .*queue mcollective\.reply/);
	});

	it('F5: the broker rejects the topic user (the file elsewhere says another password)', async () => {
		const ing = ingredientsAt(rejecting.port);
		const r = await run(broker(ing), ing);
		assert.equal(failedRung(r)?.id, 'amq-login');
		assert.equal(r.diagnosis?.id, 'F5');
		assert.match(
			r.checks.find((c) => c.id === 'amq-login')?.evidence ?? '',
			/auth-rejected.*password is invalid/,
		);
	});

	it('F5 from the file: its password is not the topic password (fingerprints only)', async () => {
		const ing = ingredientsAt(ok.port);
		const xml = renderActivemqXml(undefined, brokerWants({...ing, topicPassword: 'SomethingElse1'})).text;
		const r = await run(broker(ing, {}, xml), ing);
		assert.equal(r.diagnosis?.id, 'F5');
		assert.ok(
			!JSON.stringify(r).includes('SomethingElse1') && !JSON.stringify(r).includes(ing.topicPassword),
		);
	});

	it('F1: no ActiveMQ process and a clean log', async () => {
		const ing = ingredientsAt(ok.port);
		const r = await run(broker(ing, {processes: [{pid: 1, args: ['/sbin/init']}]}), ing, {log: LOG});
		assert.equal(failedRung(r)?.id, 'amq-process');
		assert.equal(r.diagnosis?.id, 'F1');
	});

	it('F8: no ActiveMQ process and the log since its last start holds the error', async () => {
		const ing = ingredientsAt(ok.port);
		const host = broker(ing, {processes: []});
		host.files.set(
			LOG,
			`${STARTED_LOG(ing.stompPort)}2026-12-01 21:00:00,000 | INFO  | Refreshing org.apache.activemq.xbean.XBeanBrokerFactory$1@2: startup date | x | main\n2026-12-01 21:00:00,500 | ERROR | Failed to load: class path resource [activemq.xml], reason: Line 12 in XML document is invalid | x | main\n`,
		);
		const r = await run(host, ing, {log: LOG});
		assert.equal(r.diagnosis?.id, 'F8');
		assert.ok(r.diagnosis?.evidence.some((e) => e.includes('Line 12 in XML document is invalid')));
		// the earlier, good start is not evidence
		assert.match(r.checks.find((c) => c.id === 'amq-log')?.evidence ?? '', /since line 5: NOT started/);
	});

	it('F1: bound to loopback only while clients are on other hosts', async () => {
		const ing = ingredientsAt(ok.port);
		const xml = renderActivemqXml(undefined, brokerWants(ing, '127.0.0.1')).text;
		const r = await run(broker(ing, {listening: [{address: '127.0.0.1', port: ing.stompPort}]}, xml), ing, {
			remoteClients: true,
		});
		assert.equal(r.diagnosis?.id, 'F1');
		// without remote clients the same broker passes (the single-host lab)
		const single = await run(
			broker(ing, {listening: [{address: '127.0.0.1', port: ing.stompPort}]}, xml),
			ing,
		);
		assert.equal(single.ok, true, JSON.stringify(single.checks, null, 1));
	});

	it('an unauthorized destination accepted fails the check, with no catalogue verdict', async () => {
		const open = await startFakeStompServer({});
		try {
			const ing = ingredientsAt(open.port);
			const r = await run(broker(ing), ing);
			assert.equal(failedRung(r)?.id, 'amq-refuses');
			assert.match(failedRung(r)?.evidence ?? '', /authorization is not enforced/);
			assert.equal(r.diagnosis, null);
		} finally {
			open.close();
		}
	});

	it('F8: the socket is not bound as the file says (the broker was not restarted after the edit)', async () => {
		const ing = ingredientsAt(ok.port);
		const r = await run(broker(ing, {listening: [{address: '::ffff:127.0.0.1', port: ing.stompPort}]}), ing);
		assert.equal(failedRung(r)?.id, 'amq-listen');
		assert.match(failedRung(r)?.evidence ?? '', /says 0\.0\.0\.0: the running broker did not load this file/);
		assert.equal(r.diagnosis?.id, 'F8');
	});

	it('nothing listening on the port while the JVM runs: F1 with a clean log', async () => {
		const ing = ingredientsAt(ok.port);
		const r = await run(broker(ing, {listening: []}), ing);
		assert.equal(failedRung(r)?.id, 'amq-listen');
		assert.equal(r.diagnosis?.id, 'F1');
	});
});

describe('broker host helpers', () => {
	it('a socket serves the bind the file names (IPv4-mapped and wildcard forms too)', () => {
		assert.ok(bindMatches('127.0.0.1', '::ffff:127.0.0.1'));
		assert.ok(bindMatches('0.0.0.0', '::'));
		assert.ok(bindMatches('127.0.0.1', '0.0.0.0'));
		assert.ok(bindMatches('localhost', '127.0.0.1'));
		assert.ok(!bindMatches('0.0.0.0', '127.0.0.1'));
		assert.ok(!bindMatches('198.18.0.1', '127.0.0.1'));
	});

	it("finds the JVM's config and data dir from Debian's and the lab's command lines", () => {
		assert.deepEqual(activemqJvm(JAVA), {pid: 4242, config: CONF, data: DATA});
		assert.deepEqual(
			activemqJvm({
				pid: 7,
				args: [
					'java',
					'-Dactivemq.base=/lab/amq',
					'-jar',
					'/usr/share/activemq/bin/activemq.jar',
					'start',
					'xbean:file:/lab/amq/conf/activemq.xml',
				],
			}),
			{pid: 7, config: '/lab/amq/conf/activemq.xml', data: '/lab/amq/data'},
		);
		assert.equal(activemqJvm({pid: 8, args: ['/usr/sbin/mcollectived']}), undefined);
	});

	it('reads LISTEN sockets from /proc/net/tcp and tcp6', () => {
		const tcp = [
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
			'   0: 0100007F:EF7D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
			'   1: 0100007F:EF7D 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 2 1',
			'   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1',
		].join('\n');
		assert.deepEqual(parseProcNetTcp(tcp), [
			{address: '127.0.0.1', port: 61309},
			{address: '0.0.0.0', port: 22},
		]);
		const tcp6 = [
			'  sl  local_address                         remote_address                        st',
			'   0: 0000000000000000FFFF00000100007F:EF7D 00000000000000000000000000000000:0000 0A',
			'   1: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A',
		].join('\n');
		assert.deepEqual(parseProcNetTcp(tcp6), [
			{address: '::ffff:127.0.0.1', port: 61309},
			{address: '::', port: 22},
		]);
	});

	it('the log since the last start begins at its Spring refresh, not at "is starting"', () => {
		const text = STARTED_LOG(61613) + STARTED_LOG(61613);
		const log = amqLogSinceLastStart(text);
		assert.equal(log.fromLine, 5);
		assert.equal(log.started, true);
	});
});

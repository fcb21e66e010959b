/**
 * The message broker host against REAL parts: an activemq.xml the wizard renders (into Debian's
 * stock instance file) is started by the real ActiveMQ 5.17 (its own instance, own free ports on
 * 127.0.0.1, stopped by PID), the real `mco ping` logs in to it, and the broker host checks pass
 * on it. Then the F6 trap (the topic user not allowed on `mcollective.>` queues) is diagnosed as
 * F6 both by the broker host checks and by the client landmark's ladder.
 * The shared lab (127.0.0.1:61613) is not used.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {runBrokerHostChecks} from '../../src/checks/broker.js';
import {runLandmark} from '../../src/checks/index.js';
import {lintActivemqXml} from '../../src/core/activemq-xml/lint.js';
import {brokerWants, renderActivemqXml} from '../../src/core/activemq-xml/render.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {generateSecret} from '../../src/core/secrets.js';
import type {Ingredients} from '../../src/core/types.js';
import {nodeCheckIO} from '../../src/io/check-io.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {runBounded} from '../helpers/lab.js';
import {type OwnActivemq, requireActivemq, startOwnActivemq} from '../helpers/own-activemq.js';
import {freePort} from '../mcollective/fake-stomp-server.js';

const DEBIAN = readFileSync(
	new URL('../fixtures/activemq/debian-main-activemq.xml', import.meta.url),
	'utf8',
);

async function setUp(breakQueues: boolean): Promise<{amq: OwnActivemq; ing: Ingredients; clientCfg: string}> {
	const [stomp, openwire] = [await freePort(), await freePort()];
	const ing: Ingredients = {
		...SEED_INGREDIENTS,
		brokerHost: '127.0.0.1',
		stompPort: stomp,
		topicPassword: generateSecret(),
		adminPassword: generateSecret(),
		psk: generateSecret(),
	};
	// Debian's stock file with its OpenWire port moved off 61616 (other brokers may hold it)
	const stock = DEBIAN.replace('tcp://127.0.0.1:61616', `tcp://127.0.0.1:${openwire}`);
	let xml = renderActivemqXml(stock, brokerWants(ing, '127.0.0.1')).text;
	if (breakQueues) {
		const good =
			'<authorizationEntry queue="mcollective.>" read="mcollective" write="mcollective" admin="mcollective"/>';
		assert.ok(xml.includes(good));
		xml = xml.replace(
			good,
			'<authorizationEntry queue="mcollective.>" read="admins" write="admins" admin="admins"/>',
		);
	}
	const amq = await startOwnActivemq(xml, stomp);
	const clientCfg = join(amq.dir, 'client.cfg');
	writeFileSync(clientCfg, renderClientCfg(ing, {logfile: join(amq.dir, 'client.log')}), {mode: 0o600});
	return {amq, ing, clientCfg};
}

const ctx = (ing: Ingredients, clientCfg: string) => ({
	io: nodeCheckIO,
	ingredients: ing,
	system: {clientConfig: clientCfg, serverConfig: `${clientCfg}.no-server-here`},
	timeoutMs: 5000,
});

describe('message broker host (REAL ActiveMQ of its own, REAL mco)', () => {
	const started: OwnActivemq[] = [];
	after(async () => {
		for (const a of started) {
			await a.stop();
			rmSync(a.dir, {recursive: true, force: true});
		}
	});

	it('the rendered activemq.xml starts, the real mco ping logs in, the broker host checks pass', async (t) => {
		if (!requireActivemq(t)) return;
		const {amq, ing, clientCfg} = await setUp(false);
		started.push(amq);
		assert.deepEqual(
			lintActivemqXml(readFileSync(amq.xmlPath, 'utf8'), {stompPort: ing.stompPort}).filter(
				(f) => f.severity === 'error',
			),
			[],
		);

		const ping = await runBounded('mco', ['ping', '-c', clientCfg, '-t', '2', '--connection-timeout', '5'], {
			timeoutMs: 30_000,
		});
		assert.equal(ping.timedOut, false, ping.stdout + ping.stderr);
		// no node uses this broker: the ping reached it, logged in, published and waited
		assert.match(ping.stdout + ping.stderr, /No responses received/, ping.stdout + ping.stderr);
		assert.doesNotMatch(
			readFileSync(amq.log, 'utf8'),
			/User name \[mcollective\] or password is invalid|not authorized/,
		);

		const r = await runBrokerHostChecks(ctx(ing, clientCfg), {activemqXml: amq.xmlPath, log: amq.log});
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		const ev = Object.fromEntries(r.checks.map((c) => [c.id, c.evidence]));
		assert.match(ev['amq-process'] ?? '', new RegExp(`pid ${amq.pid}`));
		assert.match(ev['amq-listen'] ?? '', /127\.0\.0\.1/);
		assert.match(ev['amq-refuses'] ?? '', /not authorized to read from: queue:\/\/mco-wizard\.unauthorized/);
		assert.match(ev['amq-log'] ?? '', /started/);
		assert.ok(!JSON.stringify(r).includes(ing.topicPassword));

		// a real mcollectived with the wizard's server.cfg logs in too: mco ping gets its reply
		const identity = 'msgbroker-test.node';
		const serverCfg = join(amq.dir, 'server.cfg');
		writeFileSync(
			serverCfg,
			renderServerCfg(ing, {
				identity,
				logfile: join(amq.dir, 'mcollective.log'),
				factsFile: null,
				daemonize: false,
			}),
			{mode: 0o600},
		);
		const node = spawn('/usr/sbin/mcollectived', [`--config=${serverCfg}`, '--no-daemonize'], {
			stdio: 'ignore',
		});
		try {
			let replied = false;
			for (let i = 0; i < 20 && !replied; i++) {
				const p = await runBounded('mco', ['ping', '-c', clientCfg, '-t', '2', '--connection-timeout', '5'], {
					timeoutMs: 20_000,
				});
				replied = p.stdout.split('\n').some((l) => l.startsWith(`${identity} `));
				if (!replied) await new Promise((r) => setTimeout(r, 500));
			}
			assert.ok(
				replied,
				`mcollectived never answered; its log:\n${readFileSync(join(amq.dir, 'mcollective.log'), 'utf8').slice(-1500)}`,
			);
		} finally {
			node.kill('SIGTERM');
		}

		// the same broker is unreachable from other hosts: said when clients are remote
		const remote = await runBrokerHostChecks(ctx(ing, clientCfg), {
			activemqXml: amq.xmlPath,
			log: amq.log,
			remoteClients: true,
		});
		assert.equal(remote.diagnosis?.id, 'F1');
		await amq.stop();
	});

	it('the topic user not allowed on mcollective.> queues: F6 on the broker host AND on the client', async (t) => {
		if (!requireActivemq(t)) return;
		const {amq, ing, clientCfg} = await setUp(true);
		started.push(amq);

		const broker = await runBrokerHostChecks(ctx(ing, clientCfg), {activemqXml: amq.xmlPath, log: amq.log});
		assert.equal(broker.diagnosis?.id, 'F6', JSON.stringify(broker, null, 1));
		const live = broker.checks.find((c) => c.id === 'amq-authorized');
		assert.equal(live?.ok, false);
		assert.match(live?.evidence ?? '', /not authorized to read from: queue:\/\/mcollective\.reply/);
		assert.equal(broker.checks.find((c) => c.id === 'amq-login')?.ok, true, 'login itself works');
		assert.ok(
			broker.diagnosis?.evidence.some((e) => e.startsWith('activemq.xml:')),
			'the file names the line too',
		);

		const client = await runLandmark('client', ctx(ing, clientCfg));
		assert.equal(client.diagnosis?.id, 'F6', JSON.stringify(client, null, 1));
		assert.equal(client.checks.find((c) => !c.ok && !c.skipped)?.id, 'subscribe');
		await amq.stop();
	});
});

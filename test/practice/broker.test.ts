import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {openStompSession} from '../../src/io/stomp-session.js';
import {decodeAdvisory} from '../../src/mcollective/advisory.js';
import {labAcl, practiceUsers} from '../../src/practice/auth.js';
import {
	type BrokerOptions,
	negotiateHeartbeat,
	negotiateVersion,
	type PracticeBroker,
	startBroker,
} from '../../src/practice/broker.js';
import {is, rawClient, text} from './raw-client.js';

const ING = {topicUser: 'mcollective', topicPassword: 'marionette', adminPassword: 'adminsecret'};
const login = {login: 'mcollective', passcode: 'marionette'};

async function withBroker(
	options: Partial<BrokerOptions>,
	fn: (b: PracticeBroker) => Promise<void>,
): Promise<void> {
	const broker = await startBroker({port: 0, users: practiceUsers(ING), ...options});
	try {
		await fn(broker);
	} finally {
		await broker.close();
	}
}

async function connected(
	port: number,
	version: '1.0' | '1.2' = '1.0',
	headers: Record<string, string> = login,
) {
	const c = await rawClient(port, version);
	c.send(
		'CONNECT',
		version === '1.0' ? headers : {'accept-version': '1.0,1.1,1.2', host: 'mcollective', ...headers},
	);
	await c.next(is('CONNECTED'));
	return c;
}

describe('practice broker: sessions', () => {
	let broker: PracticeBroker;
	before(async () => {
		broker = await startBroker({port: 0, users: practiceUsers(ING)});
	});
	after(() => broker.close());

	it('negotiates the version and heart-beats like ActiveMQ', async () => {
		assert.equal(negotiateVersion(undefined), '1.0');
		assert.equal(negotiateVersion('1.1,1.0'), '1.1');
		assert.equal(negotiateVersion('2.0'), undefined);
		assert.deepEqual(negotiateHeartbeat('30500,29500'), {sendEveryMs: 29500, expectEveryMs: 30500});
		const c = await rawClient(broker.port);
		c.send('CONNECT', {'accept-version': '1.0', host: 'mcollective', ...login});
		const frame = await c.next(is('CONNECTED'));
		assert.equal(frame.headers.version, '1.0');
		assert.equal(frame.headers['heart-beat'], '0,0');
		c.close();
		const d = await rawClient(broker.port, '1.2');
		d.send('STOMP', {'accept-version': '1.1,1.2', host: 'x', 'heart-beat': '0,0', ...login});
		assert.equal((await d.next(is('CONNECTED'))).headers.version, '1.2');
		d.close();
	});

	it('refuses bad credentials with ActiveMQ words, answers "Not connected." after, then closes', async () => {
		const c = await rawClient(broker.port);
		c.send('CONNECT', {login: 'mcollective', passcode: 'wrong'});
		const error = await c.next(is('ERROR'));
		assert.equal(error.headers.message, 'User name [mcollective] or password is invalid.');
		assert.equal(text(error), 'User name [mcollective] or password is invalid.');
		c.send('SUBSCRIBE', {destination: '/queue/mcollective.reply.x'});
		assert.equal((await c.next(is('ERROR'))).headers.message, 'Not connected.');
		await c.closed;
		const anonymous = await rawClient(broker.port);
		anonymous.send('CONNECT', {});
		assert.equal(
			(await anonymous.next(is('ERROR'))).headers.message,
			'User name [null] or password is invalid.',
		);
		anonymous.close();
	});

	it('refuses a version it does not speak and closes', async () => {
		const c = await rawClient(broker.port);
		c.send('CONNECT', {'accept-version': '3.0', ...login});
		const error = await c.next(is('ERROR'));
		assert.equal(error.headers.version, '1.0,1.1,1.2');
		await c.closed;
	});

	it('the project client (stompjs over NodeStompSocket) connects, subscribes with a receipt and is refused where ActiveMQ refuses', async () => {
		const session = await openStompSession(
			{host: '127.0.0.1', port: broker.port, user: 'mcollective', password: 'marionette'},
			{timeoutMs: 2000},
		);
		try {
			assert.equal(session.version, '1.2');
			const sub = await session.subscribe('/queue/mcollective.reply.t_1.1', () => {}, {timeoutMs: 2000});
			sub.unsubscribe();
			await assert.rejects(
				session.subscribe('/queue/openshift.reply.t_1.1', () => {}, {timeoutMs: 2000}),
				(e: Error & {outcome?: string; brokerMessage?: string}) =>
					e.outcome === 'not-authorized' &&
					e.brokerMessage ===
						'User mcollective is not authorized to read from: queue://openshift.reply.t_1.1',
			);
		} finally {
			await session.close();
		}
	});
});

describe('practice broker: routing', () => {
	it('fans a topic out to every subscriber and passes reply-to and mc_ headers through', async () => {
		await withBroker({}, async (b) => {
			const [n1, n2, client] = await Promise.all([connected(b.port), connected(b.port), connected(b.port)]);
			for (const n of [n1, n2]) {
				n.send('SUBSCRIBE', {destination: '/topic/mcollective.discovery.agent', receipt: 'r1'});
				await n.next(is('RECEIPT'));
			}
			const body = Uint8Array.from([4, 8, 0, 1, 0]);
			client.send(
				'SEND',
				{
					destination: '/topic/mcollective.discovery.agent',
					'reply-to': '/queue/mcollective.reply.c_1.1',
					mc_sender: 'c',
					'content-length': '5',
				},
				body,
			);
			for (const n of [n1, n2]) {
				const m = await n.next(is('MESSAGE'));
				assert.deepEqual(m.body, body);
				assert.equal(m.headers['reply-to'], '/queue/mcollective.reply.c_1.1');
				assert.equal(m.headers.mc_sender, 'c');
				assert.equal(m.headers.destination, '/topic/mcollective.discovery.agent');
				assert.equal(m.headers['content-length'], '5');
			}
			for (const c of [n1, n2, client]) c.close();
		});
	});

	it('gives each queue message to one consumer, chosen by the mc_identity selector', async () => {
		await withBroker({}, async (b) => {
			const nodes = await Promise.all(['a', 'b'].map(() => connected(b.port)));
			for (const [i, n] of nodes.entries()) {
				n.send('SUBSCRIBE', {
					destination: '/queue/mcollective.nodes',
					selector: `mc_identity = '${['a', 'b'][i]}'`,
					receipt: 's',
				});
				await n.next(is('RECEIPT'));
			}
			const client = await connected(b.port);
			client.send('SEND', {destination: '/queue/mcollective.nodes', mc_identity: 'b'}, 'for b');
			client.send('SEND', {destination: '/queue/mcollective.nodes', mc_identity: 'a'}, 'for a');
			assert.equal(text(await (nodes[0] ?? client).next(is('MESSAGE'))), 'for a');
			assert.equal(text(await (nodes[1] ?? client).next(is('MESSAGE'))), 'for b');
			assert.ok(await (nodes[0] ?? client).none(is('MESSAGE'), 100), 'a gets only its own');
			for (const c of [...nodes, client]) c.close();
		});
	});

	it('round-robins a queue between plain consumers and keeps messages until one subscribes', async () => {
		await withBroker({}, async (b) => {
			const client = await connected(b.port);
			client.send('SEND', {destination: '/queue/mcollective.reply.x', receipt: 'q'}, 'early');
			await client.next(is('RECEIPT'));
			const c1 = await connected(b.port);
			c1.send('SUBSCRIBE', {destination: '/queue/mcollective.reply.x'});
			assert.equal(text(await c1.next(is('MESSAGE'))), 'early');
			const c2 = await connected(b.port);
			c2.send('SUBSCRIBE', {destination: '/queue/mcollective.reply.x', receipt: 'r'});
			await c2.next(is('RECEIPT'));
			client.send('SEND', {destination: '/queue/mcollective.reply.x'}, 'one');
			client.send('SEND', {destination: '/queue/mcollective.reply.x'}, 'two');
			const got = await Promise.all([c1.next(is('MESSAGE')), c2.next(is('MESSAGE'))]);
			assert.deepEqual(got.map(text).sort(), ['one', 'two']);
			for (const c of [client, c1, c2]) c.close();
		});
	});

	it('drops a message whose expires has passed, on arrival and while it waits in a queue', async () => {
		let now = 1_800_000_000_000;
		await withBroker({now: () => now}, async (b) => {
			const sub = await connected(b.port);
			sub.send('SUBSCRIBE', {destination: '/topic/mcollective.rpcutil.agent', receipt: 'r'});
			await sub.next(is('RECEIPT'));
			const client = await connected(b.port);
			client.send(
				'SEND',
				{destination: '/topic/mcollective.rpcutil.agent', expires: String(now - 1000)},
				'stale',
			);
			client.send(
				'SEND',
				{destination: '/topic/mcollective.rpcutil.agent', expires: String(now + 70_000)},
				'fresh',
			);
			assert.equal(text(await sub.next(is('MESSAGE'))), 'fresh');
			assert.ok(await sub.none((f) => text(f) === 'stale', 100));
			client.send(
				'SEND',
				{destination: '/queue/mcollective.reply.late', expires: String(now + 70_000), receipt: 'q'},
				'waiting',
			);
			await client.next(is('RECEIPT'));
			now += 71_000;
			const late = await connected(b.port);
			late.send('SUBSCRIBE', {destination: '/queue/mcollective.reply.late', receipt: 'r'});
			await late.next(is('RECEIPT'));
			assert.ok(await late.none(is('MESSAGE'), 150), 'expired while queued');
			assert.ok(b.stats().expired >= 2);
			for (const c of [sub, client, late]) c.close();
		});
	});

	it("fires ActiveMQ's expired-message advisory, headers only, naming the sender's connection", async () => {
		const now = 1_800_000_000_000;
		await withBroker({now: () => now, acl: labAcl()}, async (b) => {
			const watcher = await connected(b.port);
			watcher.send('SUBSCRIBE', {
				destination: '/topic/ActiveMQ.Advisory.Expired.Queue.mcollective.reply.learner_1.1',
				transformation: 'mco-wizard-headers-only',
				receipt: 'w',
			});
			await watcher.next(is('RECEIPT'));
			const node = await connected(b.port);
			// a node 300 s behind stamps its reply's expires in the broker's past
			node.send(
				'SEND',
				{destination: '/queue/mcollective.reply.learner_1.1', expires: String(now - 240_000), receipt: 's'},
				'reply',
			);
			await node.next(is('RECEIPT'));
			const advisory = await watcher.next(is('MESSAGE'));
			const decoded = decodeAdvisory(advisory.headers);
			assert.equal(decoded?.kind, 'expired');
			assert.equal(text(advisory), '');
			if (decoded?.kind !== 'expired') return;
			assert.equal(decoded.watched, '/queue/mcollective.reply.learner_1.1');
			assert.ok(decoded.senderConnection, 'orignalMessageId names the sending connection');
			// a second sender is another connection
			const other = await connected(b.port);
			other.send(
				'SEND',
				{destination: '/queue/mcollective.reply.learner_1.1', expires: String(now - 1)},
				'x',
			);
			const second = decodeAdvisory((await watcher.next((f) => is('MESSAGE')(f) && f !== advisory)).headers);
			assert.ok(second?.kind === 'expired' && second.senderConnection !== decoded.senderConnection);
			for (const c of [watcher, node, other]) c.close();
		});
	});

	it('delivers a topic message to wildcard subscribers (> the rest, * one segment), as ActiveMQ does', async () => {
		const now = 1_800_000_000_000;
		await withBroker({now: () => now, acl: labAcl()}, async (b) => {
			// the wizard watches every reply queue's expiries at once with a > pattern
			const rest = await connected(b.port);
			rest.send('SUBSCRIBE', {
				destination: '/topic/ActiveMQ.Advisory.Expired.Queue.mcollective.reply.>',
				receipt: 'w',
			});
			await rest.next(is('RECEIPT'));
			const one = await connected(b.port);
			one.send('SUBSCRIBE', {destination: '/topic/mcollective.*.agent', receipt: 'o'});
			await one.next(is('RECEIPT'));
			const node = await connected(b.port);
			node.send(
				'SEND',
				{destination: '/queue/mcollective.reply.learner_1.7', expires: String(now - 240_000), receipt: 's'},
				'reply',
			);
			await node.next(is('RECEIPT'));
			const advisory = decodeAdvisory((await rest.next(is('MESSAGE'))).headers);
			assert.ok(advisory?.kind === 'expired' && advisory.watched === '/queue/mcollective.reply.learner_1.7');
			node.send('SEND', {destination: '/topic/mcollective.discovery.agent'}, 'ping');
			assert.equal(text(await one.next(is('MESSAGE'))), 'ping');
			// * is one segment only
			node.send('SEND', {destination: '/topic/mcollective.discovery.sub.agent'}, 'deeper');
			assert.ok(await one.none(is('MESSAGE'), 100));
			for (const c of [rest, one, node]) c.close();
		});
	});

	it('authorizes like the lab activemq.xml: mcollective.> for the user, everything for admin', async () => {
		await withBroker({acl: labAcl()}, async (b) => {
			const c = await connected(b.port);
			c.send('SUBSCRIBE', {destination: '/topic/other.discovery.agent', receipt: 'r9'});
			const e = await c.next(is('ERROR'));
			assert.equal(
				e.headers.message,
				'User mcollective is not authorized to read from: topic://other.discovery.agent',
			);
			assert.equal(e.headers['receipt-id'], 'r9');
			c.send('SEND', {destination: '/exchange/mcollective_broadcast/discovery'}, 'x');
			assert.equal(
				(await c.next(is('ERROR'))).headers.message,
				'User mcollective is not authorized to write to: queue:///exchange/mcollective_broadcast/discovery',
			);
			c.send('SUBSCRIBE', {destination: '/topic/ActiveMQ.Advisory.Connection', receipt: 'adv'});
			assert.equal(
				(await c.next(is('RECEIPT'))).headers['receipt-id'],
				'adv',
				'advisories are open to everyone',
			);
			const admin = await connected(b.port, '1.0', {login: 'admin', passcode: 'adminsecret'});
			admin.send('SUBSCRIBE', {destination: '/topic/other.discovery.agent', receipt: 'ok'});
			await admin.next(is('RECEIPT'));
			c.close();
			admin.close();
		});
	});

	it('holds a transaction until COMMIT and forgets it on ABORT', async () => {
		await withBroker({}, async (b) => {
			const sub = await connected(b.port);
			sub.send('SUBSCRIBE', {destination: '/queue/mcollective.tx', receipt: 'r'});
			await sub.next(is('RECEIPT'));
			const c = await connected(b.port);
			c.send('BEGIN', {transaction: 't1'});
			c.send('SEND', {destination: '/queue/mcollective.tx', transaction: 't1'}, 'in tx');
			assert.ok(await sub.none(is('MESSAGE'), 100));
			c.send('COMMIT', {transaction: 't1'});
			assert.equal(text(await sub.next(is('MESSAGE'))), 'in tx');
			c.send('BEGIN', {transaction: 't2'});
			c.send('SEND', {destination: '/queue/mcollective.tx', transaction: 't2'}, 'aborted');
			c.send('ABORT', {transaction: 't2', receipt: 'ab'});
			await c.next(is('RECEIPT'));
			assert.ok(await sub.none(is('MESSAGE'), 100));
			sub.close();
			c.close();
		});
	});

	it('escapes headers of a STOMP 1.2 MESSAGE and marks the subscription', async () => {
		await withBroker({}, async (b) => {
			const sub = await connected(b.port, '1.2');
			sub.send('SUBSCRIBE', {id: 'sub-0', destination: '/topic/mcollective.x', receipt: 'r'});
			await sub.next(is('RECEIPT'));
			const c = await connected(b.port, '1.2');
			c.send('SEND', {destination: '/topic/mcollective.x', note: 'a:b'}, 'm');
			const m = await sub.next(is('MESSAGE'));
			assert.equal(m.headers.note, 'a:b');
			assert.equal(m.headers.subscription, 'sub-0');
			sub.send('UNSUBSCRIBE', {id: 'sub-0', receipt: 'u'});
			await sub.next(is('RECEIPT'));
			sub.send('UNSUBSCRIBE', {id: 'sub-0'});
			assert.equal((await sub.next(is('ERROR'))).headers.message, 'No subscription matched.');
			sub.close();
			c.close();
		});
	});
});

describe('practice broker: bounds against a hostile client', () => {
	it('closes a connection that sends an oversized frame, a header line without end, or garbage', async () => {
		await withBroker({limits: {maxBody: 1024, maxHeaderLine: 256}}, async (b) => {
			const big = await connected(b.port);
			big.write('SEND\ndestination:/queue/mcollective.x\ncontent-length:999999999\n\n');
			assert.equal((await big.next(is('ERROR'))).headers.message, 'The maximum data length was exceeded');
			await big.closed;
			const endless = await rawClient(b.port);
			endless.write(`CONNECT\nlogin:${'x'.repeat(300)}`);
			assert.equal(
				(await endless.next(is('ERROR'))).headers.message,
				'The maximum header length was exceeded',
			);
			await endless.closed;
			const garbage = await rawClient(b.port);
			garbage.write('\u0016\u0003\u0001\u0000\u00a5GET / HTTP/1.1\r\n\r\n');
			await garbage.closed;
		});
	});

	it('caps a queue nobody reads, with an ERROR like ActiveMQ flow control', async () => {
		await withBroker({limits: {maxQueueDepth: 3}}, async (b) => {
			const c = await connected(b.port);
			for (let i = 0; i < 3; i++) c.send('SEND', {destination: '/queue/mcollective.full'}, `m${i}`);
			c.send('SEND', {destination: '/queue/mcollective.full', receipt: 'last'}, 'overflow');
			const e = await c.next(is('ERROR'));
			assert.match(
				e.headers.message ?? '',
				/^Usage Manager Memory Limit reached\..*queue:\/\/mcollective\.full/,
			);
			assert.equal(e.headers['receipt-id'], 'last');
			c.close();
		});
	});

	it('caps connections, subscriptions per connection and the time to send CONNECT', async () => {
		await withBroker(
			{limits: {maxConnections: 2, maxSubscriptionsPerConnection: 2, connectDeadlineMs: 150}},
			async (b) => {
				const one = await connected(b.port);
				one.send('SUBSCRIBE', {destination: '/topic/mcollective.a'});
				one.send('SUBSCRIBE', {destination: '/topic/mcollective.b'});
				one.send('SUBSCRIBE', {destination: '/topic/mcollective.c'});
				assert.match((await one.next(is('ERROR'))).headers.message ?? '', /maximum of 2 subscriptions/);
				await one.closed;
				const idle = await rawClient(b.port);
				await idle.closed; // never sent CONNECT
				const a = await connected(b.port);
				const c2 = await connected(b.port);
				const third = await rawClient(b.port);
				assert.equal(
					(await third.next(is('ERROR'))).headers.message,
					'Exceeded the maximum number of allowed client connections.',
				);
				await third.closed;
				a.close();
				c2.close();
			},
		);
	});

	it('a slow consumer loses topic messages instead of growing the broker', async () => {
		await withBroker({limits: {maxPendingBytesPerConnection: 64 * 1024}}, async (b) => {
			const slow = await connected(b.port);
			slow.send('SUBSCRIBE', {destination: '/topic/mcollective.flood', receipt: 'r'});
			await slow.next(is('RECEIPT'));
			// stop reading: the kernel buffers fill, then the broker's per-connection cap applies
			slow.pause();
			const sender = await connected(b.port);
			const chunk = new Uint8Array(64 * 1024);
			for (let i = 0; i < 200; i++)
				sender.send(
					'SEND',
					{destination: '/topic/mcollective.flood', 'content-length': String(chunk.length)},
					chunk,
				);
			sender.send('SEND', {destination: '/queue/mcollective.done', receipt: 'end'}, 'x');
			await sender.next(is('RECEIPT'), 10_000);
			assert.ok(b.stats().noSubscriber > 0, 'messages for the stalled subscriber were dropped');
			assert.ok(b.stats().connections >= 2, 'the sender was not punished');
			slow.close();
			sender.close();
		});
	});

	it('a client that asks for receipts and never reads cannot grow our outbound buffer', async () => {
		const cap = 32 * 1024;
		await withBroker({limits: {maxPendingBytesPerConnection: cap}}, async (b) => {
			const c = await connected(b.port);
			c.pause();
			// long receipt ids: each RECEIPT is ~2 KiB, more than the kernel's loopback buffers hold in all
			const frame = new TextEncoder().encode(
				`SEND\ndestination:/topic/mcollective.nobody\nreceipt:${'r'.repeat(2000)}\n\n\0`,
			);
			const burst = new Uint8Array(frame.length * 500);
			for (let i = 0; i < 500; i++) burst.set(frame, i * frame.length);
			for (let i = 0; i < 16; i++) c.write(burst);
			// Wait (bounded) until the broker has read the burst and queued receipts: on a loaded
			// machine that takes longer than a fixed pause.
			const deadline = Date.now() + 10_000;
			while (b.stats().outboundBytes === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 50));
			await new Promise((r) => setTimeout(r, 200));
			const pending = b.stats().outboundBytes;
			assert.ok(pending > 0, 'receipts are waiting for the client');
			assert.ok(pending < cap + 64 * 1024, `outbound ${pending} bytes stays near the ${cap}-byte cap`);
			c.close();
		});
	});

	it('sends heart-beats when asked and drops a client that stops sending its own', async () => {
		await withBroker({}, async (b) => {
			const c = await connected(b.port, '1.2', {...login, 'heart-beat': '0,100'});
			const start = c.heartbeats();
			await new Promise((r) => setTimeout(r, 400));
			assert.ok(c.heartbeats() > start, 'broker sent EOL heart-beats');
			c.close();
			const silent = await connected(b.port, '1.2', {...login, 'heart-beat': '100,0'});
			await silent.closed; // promised a beat every 100 ms, sent none
		});
	});
});

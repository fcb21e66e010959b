/**
 * mcoPing / mcoRpc against the fake broker playing N mcollectived nodes (unit level; the real
 * thing is in test/real/wire-*.test.ts): early finish, timeouts, wrong-psk replies, directed vs
 * broadcast, RPC status codes, clock offsets from an injected clock, connection failures.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {mcoPing, mcoRpc} from '../../src/io/mco-client.js';
import {encodeReply, serverVerdict} from '../../src/mcollective/envelope.js';
import {
	type MarshalValue,
	marshalLoad,
	stringOf,
	symbolKey,
	symbolName,
} from '../../src/mcollective/marshal.js';
import {type FakeFrame, freePort, startFakeStompServer, writeSelfSignedCert} from './fake-stomp-server.js';

type Node = {
	identity: string;
	psk?: string;
	replyPsk?: string;
	delayMs?: number;
	agents?: string[];
	clockOffsetS?: number;
};

function cfg(port: number, extra = '') {
	return readMcoConfig(`
main_collective = mcollective
collectives = mcollective
identity = tester
plugin.psk = mcsecret
connector = activemq
plugin.activemq.pool.size = 1
plugin.activemq.pool.1.host = 127.0.0.1
plugin.activemq.pool.1.port = ${port}
plugin.activemq.pool.1.user = mcollective
plugin.activemq.pool.1.password = marionette
${extra}`);
}

/** A fake broker whose SENDs are answered by `nodes`, each checking the request as mcollectived would. */
async function fakeCollective(nodes: Node[]) {
	const verdicts: {node: string; step: string}[] = [];
	const server = await startFakeStompServer({
		onSend: (frame: FakeFrame, deliver) => {
			const replyTo = frame.headers['reply-to'];
			if (!replyTo) return;
			const request = marshalLoad(frame.body);
			const agent = stringOf(symbolKey(request, 'agent')) ?? '';
			for (const node of nodes) {
				if (frame.headers.destination?.endsWith('.nodes') && frame.headers.mc_identity !== node.identity)
					continue;
				const nowS = Math.floor(Date.now() / 1000) + (node.clockOffsetS ?? 0);
				const verdict = serverVerdict(frame.body, {
					psk: node.psk ?? 'mcsecret',
					nowS,
					identity: node.identity,
					agents: node.agents ?? ['discovery', 'rpcutil'],
				});
				verdicts.push({node: node.identity, step: verdict.step});
				if (!verdict.accepted) continue;
				const inner = marshalLoad(symbolKey(request, 'body') as Uint8Array);
				let body: MarshalValue | Map<MarshalValue, MarshalValue> = 'pong';
				if (agent !== 'discovery') {
					const action = stringOf(symbolKey(inner, 'action'));
					const data = symbolKey(inner, 'data') as Map<MarshalValue, MarshalValue>;
					body =
						action === 'echo'
							? new Map<MarshalValue, MarshalValue>([
									[Symbol.for('statuscode'), 0],
									[Symbol.for('statusmsg'), 'OK'],
									[Symbol.for('data'), new Map([[Symbol.for('msg'), data.get(Symbol.for('msg')) ?? null]])],
								])
							: new Map<MarshalValue, MarshalValue>([
									[Symbol.for('statuscode'), 4],
									[
										Symbol.for('statusmsg'),
										`Attempted to call action ${action} for ${agent} but it's not declared in the DDL`,
									],
									[Symbol.for('data'), new Map()],
								]);
				}
				const reply = encodeReply({
					body: body as MarshalValue,
					senderid: node.identity,
					requestid: stringOf(symbolKey(request, 'requestid')) ?? '',
					senderagent: agent,
					msgtime: nowS,
					psk: node.replyPsk ?? node.psk ?? 'mcsecret',
				});
				setTimeout(() => deliver(replyTo, {mc_sender: node.identity}, Buffer.from(reply)), node.delayMs ?? 0);
			}
		},
	});
	return {server, verdicts};
}

describe('mcoPing', () => {
	it('finishes as soon as --expect nodes answered, with rtt and the request the nodes accept', async () => {
		const {server, verdicts} = await fakeCollective([{identity: 'node1'}, {identity: 'node2', delayMs: 30}]);
		try {
			const started = performance.now();
			const result = await mcoPing(cfg(server.port), {timeoutMs: 5000, expect: 2});
			assert.ok(performance.now() - started < 2000, 'did not wait for the timeout');
			assert.equal(result.ok, true);
			assert.equal(result.stoppedEarly, true);
			assert.deepEqual(result.replies.map((r) => r.identity).sort(), ['node1', 'node2']);
			assert.ok(result.replies.every((r) => r.ms >= 0 && r.body === 'pong'));
			assert.deepEqual(
				verdicts.map((v) => v.step),
				['accepted', 'accepted'],
			);
			const send = server.frames.find((f) => f.command === 'SEND');
			assert.equal(send?.headers.destination, '/topic/mcollective.discovery.agent');
			assert.match(send?.headers['reply-to'] ?? '', /^\/queue\/mcollective\.reply\.tester_\d+\.1$/);
			const subscribe = server.frames.find((f) => f.command === 'SUBSCRIBE');
			assert.equal(
				subscribe?.headers.destination,
				send?.headers['reply-to'],
				'subscribed to the reply queue first',
			);
			assert.ok(server.frames.indexOf(subscribe as FakeFrame) < server.frames.indexOf(send as FakeFrame));
		} finally {
			await server.close();
		}
	});

	it('without --expect it waits the whole timeout; expected identities that stay silent are listed', async () => {
		const {server} = await fakeCollective([{identity: 'node1'}]);
		try {
			const started = performance.now();
			const result = await mcoPing(cfg(server.port), {timeoutMs: 400, expect: ['node1', 'node9']});
			const took = performance.now() - started;
			assert.ok(took >= 390 && took < 2000, `${took}`);
			assert.equal(result.ok, false);
			assert.deepEqual(result.missing, ['node9']);
		} finally {
			await server.close();
		}
	});

	it('a request with the wrong psk is dropped by the node; a reply signed with another psk is named', async () => {
		const {server, verdicts} = await fakeCollective([
			{identity: 'node1'},
			{identity: 'relay', replyPsk: 'other'},
		]);
		try {
			const wrong = await mcoPing({...cfg(server.port), psk: 'notthesecret'}, {timeoutMs: 300});
			assert.equal(wrong.replies.length, 0);
			assert.deepEqual(
				verdicts.map((v) => v.step),
				['signature', 'signature'],
			);
			const result = await mcoPing(cfg(server.port), {timeoutMs: 300});
			assert.deepEqual(
				result.replies.map((r) => r.identity),
				['node1'],
			);
			assert.deepEqual(result.rejected, [
				{identity: 'relay', problem: 'invalid-signature', detail: 'Received an invalid signature in message'},
			]);
		} finally {
			await server.close();
		}
	});

	it('clock offset comes from the injected clock and the node msgtime', async () => {
		const {server} = await fakeCollective([{identity: 'node1'}]);
		try {
			// Our clock 2 min ahead: the node accepts (the TTL check is one-sided) and is 2 min behind us.
			const result = await mcoPing(cfg(server.port), {
				timeoutMs: 2000,
				expect: 1,
				now: () => Date.now() + 120_000,
			});
			const offset = result.replies[0]?.clockOffsetMs;
			assert.ok(offset !== undefined && Math.abs(offset + 120_000) < 1500, `offset ${offset}`);
			// 2 min behind: the node rejects our request as too old, as mcollectived does.
			const behind = await mcoPing(cfg(server.port), {timeoutMs: 300, now: () => Date.now() - 120_000});
			assert.equal(behind.replies.length, 0);
		} finally {
			await server.close();
		}
	});

	it('connection failures come back typed, never thrown', async () => {
		const refused = await mcoPing(cfg(await freePort()), {timeoutMs: 500});
		assert.equal(refused.failure?.outcome, 'refused');
		const rejecting = await startFakeStompServer({mode: 'reject-login'});
		try {
			const rejected = await mcoPing(cfg(rejecting.port), {timeoutMs: 500});
			assert.equal(rejected.failure?.outcome, 'auth-rejected');
			assert.equal(rejected.failure?.brokerMessage, 'User name [mcollective] or password is invalid.');
			assert.ok(!JSON.stringify(rejected).includes('marionette'));
		} finally {
			await rejecting.close();
		}
		const noPsk = await mcoPing({...cfg(1), psk: undefined}, {timeoutMs: 500});
		assert.equal(noPsk.failure?.outcome, 'config');
	});
});

describe('mcoRpc', () => {
	it('discovers, then sends one directed request per node, returns statuscode and data', async () => {
		const {server} = await fakeCollective([
			{identity: 'node1', agents: ['discovery', 'openshift']},
			{identity: 'node2', agents: ['discovery', 'openshift']},
			{identity: 'node3', agents: ['discovery']},
		]);
		try {
			const result = await mcoRpc(
				cfg(server.port),
				'openshift',
				'echo',
				{msg: 'foo'},
				{timeoutMs: 3000, discoveryTimeoutMs: 300},
			);
			assert.deepEqual([...(result.discovered ?? [])].sort(), ['node1', 'node2']);
			assert.equal(result.directed, true);
			assert.equal(result.ok, true);
			for (const reply of result.replies) {
				assert.equal(reply.statuscode, 0);
				assert.equal(stringOf((reply.data as Map<MarshalValue, MarshalValue>).get(Symbol.for('msg'))), 'foo');
			}
			const sends = server.frames.filter((f) => f.command === 'SEND');
			assert.equal(sends[0]?.headers.destination, '/topic/mcollective.discovery.agent');
			const discovery = marshalLoad(sends[0]?.body as Buffer);
			const filter = symbolKey(discovery, 'filter') as Map<MarshalValue, MarshalValue>;
			assert.deepEqual(filter.get('agent'), ['openshift']);
			assert.equal(filter.get('collective'), 'mcollective');
			const directed = sends.slice(1);
			assert.deepEqual(
				directed.map((f) => f.headers.destination),
				['/queue/mcollective.nodes', '/queue/mcollective.nodes'],
			);
			assert.deepEqual(directed.map((f) => f.headers.mc_identity).sort(), ['node1', 'node2']);
			assert.match(directed[0]?.headers['reply-to'] ?? '', /\.2$/, 'second request uses reply queue seq 2');
			const inner = marshalLoad(symbolKey(marshalLoad(directed[0]?.body as Buffer), 'body') as Uint8Array);
			const data = symbolKey(inner, 'data') as Map<MarshalValue, MarshalValue>;
			assert.deepEqual(
				[...data.keys()].map((k) => symbolName(k as symbol)),
				['msg', 'process_results'],
			);
		} finally {
			await server.close();
		}
	});

	it('-I skips discovery; a failing action is statuscode 4; broadcast above the threshold', async () => {
		const {server} = await fakeCollective([{identity: 'node1'}]);
		try {
			const result = await mcoRpc(
				cfg(server.port),
				'rpcutil',
				'nope',
				{},
				{timeoutMs: 2000, identities: ['node1']},
			);
			assert.equal(server.frames.filter((f) => f.command === 'SEND').length, 1, 'no discovery request');
			assert.equal(result.replies[0]?.statuscode, 4);
			assert.equal(result.ok, false);
			const broadcast = await mcoRpc(
				cfg(server.port, 'direct_addressing_threshold = 0'),
				'rpcutil',
				'nope',
				{},
				{
					timeoutMs: 2000,
					discoveryTimeoutMs: 200,
					expect: 1,
				},
			);
			assert.equal(broadcast.directed, false);
			const last = server.frames.filter((f) => f.command === 'SEND').at(-1);
			assert.equal(last?.headers.destination, '/topic/mcollective.rpcutil.agent');
		} finally {
			await server.close();
		}
	});

	it('nothing discovered: no request is sent', async () => {
		const {server} = await fakeCollective([{identity: 'node1', agents: ['discovery']}]);
		try {
			const result = await mcoRpc(
				cfg(server.port),
				'openshift',
				'echo',
				{msg: 'x'},
				{timeoutMs: 1000, discoveryTimeoutMs: 200},
			);
			assert.deepEqual(result.discovered, []);
			assert.equal(server.frames.filter((f) => f.command === 'SEND').length, 1);
		} finally {
			await server.close();
		}
	});
});

describe('runPing / runRpc (CLI layer) on the fake collective', () => {
	it('-T addresses another collective; exit codes 0 / 3 / 4 / 5 / 2', async () => {
		const {runPing} = await import('../../src/commands/ping.js');
		const {writeFileSync, mkdtempSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const {server} = await fakeCollective([{identity: 'node1'}]);
		const dir = mkdtempSync(join(tmpdir(), 'wire-cli-'));
		const config = join(dir, 'client.cfg');
		writeFileSync(
			config,
			`collectives = mcollective,sub1\nmain_collective = mcollective\nidentity = tester\nplugin.psk = mcsecret\nplugin.activemq.pool.size = 1\nplugin.activemq.pool.1.host = 127.0.0.1\nplugin.activemq.pool.1.port = ${server.port}\nplugin.activemq.pool.1.password = marionette\n`,
			{mode: 0o600},
		);
		const out: string[] = [];
		const sink = (t: string) => out.push(t);
		try {
			assert.equal(await runPing({config, timeout: 0.3, expect: 1}, sink, sink), 0);
			assert.match(out.join('\n'), /^node1 +time=/m);
			assert.equal(await runPing({config, timeout: 0.3, expect: 2}, sink, sink), 3);
			assert.equal(await runPing({config, timeout: 0.3, target: 'sub1', json: true}, sink, sink), 0);
			const send = server.frames.filter((f) => f.command === 'SEND').at(-1);
			assert.equal(send?.headers.destination, '/topic/sub1.discovery.agent');
			assert.equal(JSON.parse(out.at(-1) ?? '{}').collective, 'sub1');
			assert.equal(await runPing({config, timeout: 0.3, identity: ['node7']}, sink, sink), 4);
			// --expect-file: finishes once every listed node answered; a listed silent one is named.
			const list = join(dir, 'fleet.txt');
			writeFileSync(list, '# the fleet\nnode1\n');
			out.length = 0;
			assert.equal(await runPing({config, timeout: 5, expectFile: list}, sink, sink), 0);
			assert.match(out.join('\n'), /^node1 +time=/m);
			writeFileSync(list, 'node1\nnode9\n');
			out.length = 0;
			assert.equal(await runPing({config, timeout: 0.3, expectFile: list}, sink, sink), 3);
			assert.match(out.join('\n'), /no reply from: node9/);
			assert.equal(await runPing({config, timeout: 0.3, expectFile: join(dir, 'none.txt')}, sink, sink), 2);
			assert.equal(await runPing({config: join(dir, 'missing.cfg'), timeout: 0.3}, sink, sink), 2);
		} finally {
			await server.close();
		}
		const refusedCfg = join(dir, 'refused.cfg');
		writeFileSync(
			refusedCfg,
			`plugin.psk = x\nplugin.activemq.pool.size = 1\nplugin.activemq.pool.1.host = 127.0.0.1\nplugin.activemq.pool.1.port = ${await freePort()}\nplugin.activemq.pool.1.password = p\n`,
		);
		assert.equal(await runPing({config: refusedCfg, timeout: 0.3}, sink, sink), 5);
	});
});

describe('clock probe', () => {
	it('a node 5 min ahead rejects our requests as too old; the probe dated in the future measures its clock', async () => {
		const {runPing} = await import('../../src/commands/ping.js');
		const {writeFileSync, mkdtempSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const {server, verdicts} = await fakeCollective([{identity: 'node1', clockOffsetS: 300}]);
		const config = join(mkdtempSync(join(tmpdir(), 'wire-clock-')), 'client.cfg');
		writeFileSync(
			config,
			`identity = tester\nplugin.psk = mcsecret\nplugin.activemq.pool.size = 1\nplugin.activemq.pool.1.host = 127.0.0.1\nplugin.activemq.pool.1.port = ${server.port}\nplugin.activemq.pool.1.password = marionette\n`,
		);
		const out: string[] = [];
		try {
			const code = await runPing(
				{config, timeout: 0.5, json: true},
				(t) => out.push(t),
				(t) => out.push(t),
			);
			assert.equal(code, 4, 'still "no replies"');
			assert.equal(verdicts[0]?.step, 'ttl');
			assert.equal(verdicts[1]?.step, 'accepted');
			const json = JSON.parse(out.at(-1) ?? '{}');
			const offset = json.clockProbe.replies[0].clockOffsetMs;
			assert.ok(Math.abs(offset - 300_000) < 1500, `offset ${offset}`);
			const text: string[] = [];
			await runPing(
				{config, timeout: 0.5},
				(t) => text.push(t),
				(t) => text.push(t),
			);
			assert.match(
				text.join('\n'),
				/clock probe: node1 answers a request dated in the future: its clock is (29\d|30\d)\.\d s ahead/,
			);
		} finally {
			await server.close();
		}
	});
});

describe('TLS from client.cfg', () => {
	it('pool.1.ssl with ssl.ca verifies the broker; without the CA it is a tls-error', async () => {
		const {mkdtempSync, readFileSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const dir = mkdtempSync(join(tmpdir(), 'wire-tlscfg-'));
		writeSelfSignedCert(dir, '/CN=127.0.0.1', 'IP:127.0.0.1');
		const server = await startFakeStompServer({
			tls: {key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem'))},
		});
		try {
			const ok = await mcoPing(
				cfg(
					server.port,
					`plugin.activemq.pool.1.ssl = 1\nplugin.activemq.pool.1.ssl.ca = ${join(dir, 'cert.pem')}`,
				),
				{timeoutMs: 200},
			);
			assert.equal(ok.failure, undefined, JSON.stringify(ok.failure));
			assert.equal(ok.broker?.server, 'FakeMQ/1.0');
			const noCa = await mcoPing(cfg(server.port, 'plugin.activemq.pool.1.ssl = 1'), {timeoutMs: 200});
			assert.equal(noCa.failure?.outcome, 'tls-error');
			assert.equal(noCa.failure?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
			const fallback = await mcoPing(
				cfg(server.port, 'plugin.activemq.pool.1.ssl = 1\nplugin.activemq.pool.1.ssl.fallback = 1'),
				{timeoutMs: 200},
			);
			assert.equal(fallback.failure, undefined);
			const missing = await mcoPing(
				cfg(
					server.port,
					`plugin.activemq.pool.1.ssl = 1\nplugin.activemq.pool.1.ssl.ca = ${join(dir, 'nope.pem')}`,
				),
				{timeoutMs: 200},
			);
			assert.equal(missing.failure?.outcome, 'tls-error');
			assert.equal(missing.failure?.code, 'ENOENT');
		} finally {
			await server.close();
		}
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import type net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import tls from 'node:tls';
import {probeStomp} from '../../src/io/stomp-probe.js';
import {classifySocketFailure, openStompSession} from '../../src/io/stomp-session.js';
import {FrameGuard} from '../../src/io/stomp-socket.js';
import {freePort, startFakeStompServer, writeSelfSignedCert} from './fake-stomp-server.js';

const base = {host: '127.0.0.1', user: 'mcollective', password: 'marionette', timeoutMs: 1500};

describe('probeStomp against a fake broker on 127.0.0.1', () => {
	it('connected: reports server and negotiated version, sends login and vhost', async () => {
		const server = await startFakeStompServer();
		try {
			const result = await probeStomp({...base, port: server.port});
			assert.equal(result.outcome, 'connected');
			assert.equal(result.server, 'FakeMQ/1.0');
			assert.equal(result.version, '1.2');
			const connect = server.frames.find((f) => f.command === 'CONNECT');
			assert.equal(connect?.headers.login, 'mcollective');
			assert.equal(connect?.headers.host, 'mcollective');
			assert.ok(!JSON.stringify(result).includes('marionette'), 'password never in the result');
		} finally {
			await server.close();
		}
	});

	it('refused: nothing listening gives ECONNREFUSED', async () => {
		const port = await freePort();
		const result = await probeStomp({...base, port});
		assert.equal(result.outcome, 'refused');
		assert.equal(result.code, 'ECONNREFUSED');
		assert.equal(result.phase, 'tcp');
	});

	it('unresolvable: a .invalid name never resolves', async () => {
		const result = await probeStomp({...base, host: 'msg1.example.invalid', port: 61613});
		assert.equal(result.outcome, 'unresolvable', JSON.stringify(result));
		assert.ok(result.code === 'ENOTFOUND' || result.code?.startsWith('EAI_'), result.code);
	});

	it('timeout: TCP accepted but no CONNECTED frame, within the deadline', async () => {
		const server = await startFakeStompServer({mode: 'silent'});
		try {
			const started = performance.now();
			const result = await probeStomp({...base, port: server.port, timeoutMs: 400});
			const took = performance.now() - started;
			assert.equal(result.outcome, 'timeout');
			assert.equal(result.phase, 'connect');
			assert.ok(took < 2000, `took ${took} ms`);
		} finally {
			await server.close();
		}
	});

	it('auth-rejected: carries the broker ERROR text verbatim', async () => {
		const server = await startFakeStompServer({mode: 'reject-login'});
		try {
			const result = await probeStomp({...base, port: server.port, password: 'wrongpass'});
			assert.equal(result.outcome, 'auth-rejected');
			assert.equal(result.brokerMessage, 'User name [mcollective] or password is invalid.');
			assert.ok(!JSON.stringify(result).includes('wrongpass'));
		} finally {
			await server.close();
		}
	});

	it('not-authorized: the refused SUBSCRIBE is named, allowed ones are confirmed', async () => {
		const server = await startFakeStompServer({deny: ['/queue/other.reply.x']});
		try {
			const ok = await probeStomp({...base, port: server.port, subscribe: ['/queue/mcollective.reply.x']});
			assert.equal(ok.outcome, 'connected');
			assert.deepEqual(ok.subscribed, ['/queue/mcollective.reply.x']);
			const denied = await probeStomp({
				...base,
				port: server.port,
				subscribe: ['/queue/mcollective.reply.x', '/queue/other.reply.x'],
			});
			assert.equal(denied.outcome, 'not-authorized');
			assert.equal(denied.destination, '/queue/other.reply.x');
			assert.match(denied.brokerMessage ?? '', /not authorized to read from: queue:\/\/other\.reply\.x/);
		} finally {
			await server.close();
		}
	});

	it('error: a port that hangs up before answering CONNECT', async () => {
		const server = await startFakeStompServer({mode: 'hangup'});
		try {
			const result = await probeStomp({...base, port: server.port});
			assert.equal(result.outcome, 'error');
			assert.ok(result.phase === 'connect' || result.phase === 'tcp');
		} finally {
			await server.close();
		}
	});
});

describe('TLS', () => {
	let dir: string;
	let server: tls.Server;
	let port: number;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'wire-tls-'));
		writeSelfSignedCert(dir, '/CN=localhost');
		server = tls.createServer(
			{key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem'))},
			(socket) => {
				socket.on('error', () => {});
				socket.on('data', () => {
					socket.write('CONNECTED\nserver:FakeTLS/1.0\nversion:1.2\n\n\0');
				});
			},
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as net.AddressInfo).port;
	});
	after(() => {
		server.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it("tls-error: a self-signed broker certificate is refused with Node's code", async () => {
		const result = await probeStomp({...base, host: '127.0.0.1', port, tls: true});
		assert.equal(result.outcome, 'tls-error');
		assert.equal(result.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
		assert.equal(result.phase, 'tls');
	});

	it('connected over TLS when the CA is given', async () => {
		const ca = readFileSync(join(dir, 'cert.pem'));
		const result = await probeStomp({...base, host: '127.0.0.1', port, tls: {ca, servername: 'localhost'}});
		assert.equal(result.outcome, 'connected', JSON.stringify(result));
		assert.equal(result.server, 'FakeTLS/1.0');
	});

	it('tls-error: TLS spoken to a plain STOMP port that hangs up', async () => {
		const plain = await startFakeStompServer({mode: 'hangup'});
		try {
			const result = await probeStomp({...base, port: plain.port, tls: true});
			assert.equal(result.outcome, 'tls-error', JSON.stringify(result));
		} finally {
			await plain.close();
		}
	});
});

describe('stomp session: binary bodies', () => {
	it('SEND and MESSAGE carry every byte value, NULs included, framed by content-length', async () => {
		const server = await startFakeStompServer();
		const session = await openStompSession({...base, port: server.port}, {timeoutMs: 1500});
		try {
			const body = new Uint8Array(600);
			for (let i = 0; i < body.length; i++) body[i] = i % 256;
			const received = new Promise<Uint8Array>((resolve) => {
				void session.subscribe('/queue/mcollective.reply.t_1.1', (m) => resolve(m.body), {timeoutMs: 1000});
			});
			// wait for the receipt before sending, as mco subscribes before it publishes
			await new Promise((r) => setTimeout(r, 50));
			session.publish('/queue/mcollective.reply.t_1.1', {mc_sender: 'me'}, body);
			const got = await received;
			assert.deepEqual(Buffer.from(got), Buffer.from(body));
			const send = server.frames.find((f) => f.command === 'SEND');
			assert.equal(send?.headers['content-length'], '600');
			assert.deepEqual(send?.body, Buffer.from(body));
		} finally {
			await session.close();
			await server.close();
		}
	});
});

describe('classifySocketFailure', () => {
	it('maps Node codes and phases', () => {
		assert.deepEqual(classifySocketFailure('ECONNREFUSED', 'connecting'), {outcome: 'refused', phase: 'tcp'});
		assert.deepEqual(classifySocketFailure('EAI_AGAIN', 'connecting'), {
			outcome: 'unresolvable',
			phase: 'tcp',
		});
		assert.deepEqual(classifySocketFailure('ETIMEDOUT', 'tls-handshake'), {
			outcome: 'tls-error',
			phase: 'tls',
		});
		assert.deepEqual(classifySocketFailure('ETIMEDOUT', 'connecting'), {outcome: 'timeout', phase: 'tcp'});
		assert.deepEqual(classifySocketFailure('ERR_SSL_WRONG_VERSION_NUMBER', 'tls-handshake'), {
			outcome: 'tls-error',
			phase: 'tls',
		});
		assert.deepEqual(classifySocketFailure('ECONNRESET', 'tls-handshake'), {
			outcome: 'tls-error',
			phase: 'tls',
		});
		assert.deepEqual(classifySocketFailure('EHOSTUNREACH', 'connecting'), {outcome: 'error', phase: 'tcp'});
	});
});

describe('FrameGuard: hostile inbound frames', () => {
	const enc = (s: string) => new TextEncoder().encode(s);
	it('passes well-formed frames split anywhere, binary bodies included', () => {
		const body = Uint8Array.from([0, 1, 0, 10, 10, 0]);
		const frame = new Uint8Array([
			...enc(`MESSAGE\ndestination:/queue/x\ncontent-length:${body.length}\n\n`),
			...body,
			0,
			10,
			...enc('RECEIPT\nreceipt-id:1\n\n\0'),
		]);
		for (let cut = 0; cut <= frame.length; cut++) {
			const guard = new FrameGuard(100);
			assert.equal(guard.feed(frame.subarray(0, cut)), undefined);
			assert.equal(guard.feed(frame.subarray(cut)), undefined);
		}
	});

	it('refuses an oversized declared content-length, endless headers or NUL-less bodies', () => {
		assert.match(new FrameGuard(1000).feed(enc('MESSAGE\ncontent-length:999999999\n\n')) ?? '', /exceeds/);
		assert.match(
			new FrameGuard(1000).feed(enc('MESSAGE\ncontent-length:abc\n\n')) ?? '',
			/bad content-length/,
		);
		assert.match(new FrameGuard(1000).feed(enc(`MESSAGE\n${'x:y\n'.repeat(20000)}`)) ?? '', /headers longer/);
		assert.match(new FrameGuard(1000).feed(enc(`MESSAGE\n\n${'a'.repeat(2000)}`)) ?? '', /body longer/);
	});

	it('a session whose broker sends a huge frame fails fast with EMSGSIZE', async () => {
		const server = await startFakeStompServer({
			onSend: (_frame, _deliver) => {},
		});
		const session = await openStompSession({...base, port: server.port}, {timeoutMs: 1500});
		try {
			const failed = new Promise<string | undefined>((resolve) => session.onFailure((e) => resolve(e.code)));
			await session.subscribe('/queue/x', () => {}, {timeoutMs: 1000});
			// make the fake broker deliver an oversized frame header to us
			session.publish('/queue/x', {}, new Uint8Array(0));
			server.injectRaw(enc('MESSAGE\ndestination:/queue/x\ncontent-length:2000000000\n\n'));
			assert.equal(await failed, 'EMSGSIZE');
		} finally {
			await session.close();
			await server.close();
		}
	});
});

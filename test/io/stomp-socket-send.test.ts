/**
 * NodeStompSocket holds back the frames sent in one turn of the event loop and writes them in one
 * go (a host of simulated nodes sends thousands at once). Nothing may be lost or reordered by
 * that: frames of one turn and of the next arrive in order, and a frame sent just before
 * terminate() or close() in the same turn (a DISCONNECT) still reaches the peer.
 */
import assert from 'node:assert/strict';
import {createServer, type Server, type Socket} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {NodeStompSocket} from '../../src/io/stomp-socket.js';

describe('NodeStompSocket sends', () => {
	let server: Server;
	let port = 0;
	const peers: {bytes: Buffer[]; closed: Promise<void>}[] = [];

	before(async () => {
		server = createServer((socket: Socket) => {
			const peer = {
				bytes: [] as Buffer[],
				closed: new Promise<void>((done) => socket.on('close', () => done())),
			};
			socket.on('data', (chunk) => peer.bytes.push(chunk));
			socket.on('error', () => {});
			peers.push(peer);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as {port: number}).port;
	});
	after(() => new Promise<void>((resolve) => server.close(() => resolve())));

	async function opened(): Promise<NodeStompSocket> {
		const socket = new NodeStompSocket({host: '127.0.0.1', port, connectTimeoutMs: 2000});
		await new Promise<void>((resolve) => {
			socket.onopen = () => resolve();
		});
		return socket;
	}

	it('frames of one turn and of the next arrive whole and in order, text and bytes mixed', async () => {
		const socket = await opened();
		const expected: Buffer[] = [];
		for (let i = 0; i < 2000; i++) {
			const frame = `SEND\ndestination:/queue/q\nn:${i}\n\n${'x'.repeat(i % 300)}\0`;
			expected.push(Buffer.from(frame));
			if (i % 2 === 0) socket.send(frame);
			else socket.send(new Uint8Array(Buffer.from(frame)));
			// a few turns in between: the held-back frames of each turn go before the next turn's
			if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
		}
		socket.close();
		const peer = peers.at(-1);
		await peer?.closed;
		assert.ok(Buffer.concat(peer?.bytes ?? []).equals(Buffer.concat(expected)));
	});

	it('a frame sent in the same turn as terminate() still reaches the peer', async () => {
		const socket = await opened();
		const peer = peers.at(-1);
		socket.send('DISCONNECT\nreceipt:bye\n\n\0');
		socket.terminate();
		await peer?.closed;
		assert.equal(Buffer.concat(peer?.bytes ?? []).toString(), 'DISCONNECT\nreceipt:bye\n\n\0');
	});
});

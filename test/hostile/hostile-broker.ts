/**
 * A hostile or non-STOMP peer on 127.0.0.1 for tests: each connection gets the bytes the test's
 * `script` writes, whatever the client sent. Unlike fake-stomp-server.ts it speaks no protocol on
 * its own, so a test can send garbage, an HTTP reply, a huge frame, a reset, or CONNECTED and then
 * silence.
 */
import net from 'node:net';

export type HostileScript = (socket: net.Socket, firstBytes: Buffer) => void;

export type HostileBroker = {
	readonly port: number;
	/** Everything clients sent, per connection. */
	readonly received: Buffer[];
	close: () => Promise<void>;
};

/** Runs `script` once the client has sent its first bytes (the CONNECT frame, for STOMP clients). */
export async function startHostileBroker(
	script: HostileScript,
	options: {greetFirst?: boolean} = {},
): Promise<HostileBroker> {
	const received: Buffer[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		const index = received.push(Buffer.alloc(0)) - 1;
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
		let started = false;
		const start = (first: Buffer) => {
			if (started) return;
			started = true;
			script(socket, first);
		};
		socket.on('data', (chunk: Buffer) => {
			received[index] = Buffer.concat([received[index] ?? Buffer.alloc(0), chunk]);
			start(chunk);
		});
		if (options.greetFirst) start(Buffer.alloc(0));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		port,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

/** `CONNECTED` as ActiveMQ sends it. */
export const CONNECTED = Buffer.from('CONNECTED\nversion:1.1\nheart-beat:0,0\nserver:ActiveMQ/5.17.6\n\n\0');

/** A STOMP frame with the given raw header lines (no escaping: hostile tests need raw bytes). */
export function rawFrame(command: string, headerLines: string[], body = ''): Buffer {
	return Buffer.from(`${command}\n${headerLines.join('\n')}\n\n${body}\0`, 'latin1');
}

/**
 * A tiny STOMP broker on 127.0.0.1 for unit tests of the socket, session and probe: it parses
 * frames by content-length (bodies may hold NUL bytes), answers CONNECT per `mode`, honours
 * receipts, refuses SUBSCRIBE to `deny` destinations with an ERROR like ActiveMQ's, and delivers
 * SEND bodies byte for byte to subscribers of the same destination. Records every frame it got.
 */
import {execFileSync} from 'node:child_process';
import net from 'node:net';
import {join} from 'node:path';
import tls from 'node:tls';

export type FakeFrame = {command: string; headers: Record<string, string>; body: Buffer};

export type FakeMode =
	/** CONNECTED, then behave like a broker. */
	| 'ok'
	/** ERROR `User name [x] or password is invalid.` then close (ActiveMQ's bad login). */
	| 'reject-login'
	/** accept TCP, never say anything. */
	| 'silent'
	/** accept TCP, close at once. */
	| 'hangup';

export type FakeServerOptions = {
	mode?: FakeMode;
	deny?: string[];
	/** Serve STOMP over TLS with this key and certificate. */
	tls?: {key: Buffer; cert: Buffer};
	/** Called for each SEND after it was delivered; may reply through `deliver`. */
	onSend?: (
		frame: FakeFrame,
		deliver: (destination: string, headers: Record<string, string>, body: Buffer) => void,
	) => void;
};

export function encodeFrame(
	command: string,
	headers: Record<string, string>,
	body: Buffer = Buffer.alloc(0),
): Buffer {
	const {'content-length': _ignored, ...rest} = headers;
	const lines = [
		command,
		...Object.entries(rest).map(([k, v]) => `${k}:${v}`),
		`content-length:${body.length}`,
	];
	return Buffer.concat([Buffer.from(`${lines.join('\n')}\n\n`, 'utf8'), body, Buffer.from([0])]);
}

/** Parse as many complete frames as `buffer` holds; returns them and the unparsed rest. */
export function parseFrames(buffer: Buffer): {frames: FakeFrame[]; rest: Buffer} {
	const frames: FakeFrame[] = [];
	let offset = 0;
	for (;;) {
		while (offset < buffer.length && (buffer[offset] === 0x0a || buffer[offset] === 0x0d)) offset++;
		const headerEnd = buffer.indexOf('\n\n', offset);
		if (headerEnd < 0) break;
		const head = buffer.subarray(offset, headerEnd).toString('utf8').split('\n');
		const command = head[0] ?? '';
		const headers: Record<string, string> = {};
		for (const line of head.slice(1)) {
			const colon = line.indexOf(':');
			if (colon > 0 && !(line.slice(0, colon) in headers))
				headers[line.slice(0, colon)] = line.slice(colon + 1);
		}
		const bodyStart = headerEnd + 2;
		let bodyEnd: number;
		if (headers['content-length'] !== undefined) {
			bodyEnd = bodyStart + Number(headers['content-length']);
			if (buffer.length < bodyEnd + 1) break;
		} else {
			bodyEnd = buffer.indexOf(0, bodyStart);
			if (bodyEnd < 0) break;
		}
		frames.push({command, headers, body: Buffer.from(buffer.subarray(bodyStart, bodyEnd))});
		offset = bodyEnd + 1;
	}
	return {frames, rest: Buffer.from(buffer.subarray(offset))};
}

export type FakeServer = {
	port: number;
	frames: FakeFrame[];
	connections: number;
	/** Write raw bytes to every connected client (hostile-broker tests). */
	injectRaw: (bytes: Uint8Array) => void;
	close: () => Promise<void>;
};

export async function startFakeStompServer(options: FakeServerOptions = {}): Promise<FakeServer> {
	const mode = options.mode ?? 'ok';
	const frames: FakeFrame[] = [];
	const subscribers = new Map<string, {socket: net.Socket; id: string}[]>();
	const sockets = new Set<net.Socket>();
	let messageCounter = 0;
	const state = {connections: 0};

	const deliver = (destination: string, headers: Record<string, string>, body: Buffer) => {
		for (const sub of subscribers.get(destination) ?? []) {
			sub.socket.write(
				encodeFrame(
					'MESSAGE',
					{
						...headers,
						destination,
						subscription: sub.id,
						'message-id': `ID:fake-${++messageCounter}`,
						'content-length': String(body.length),
					},
					body,
				),
			);
		}
	};

	const onConnection = (socket: net.Socket) => {
		state.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		if (mode === 'hangup') {
			socket.destroy();
			return;
		}
		let buffer: Buffer = Buffer.alloc(0);
		socket.on('data', (chunk) => {
			buffer = Buffer.concat([buffer, chunk]);
			const parsed = parseFrames(buffer);
			buffer = parsed.rest;
			for (const frame of parsed.frames) {
				frames.push(frame);
				if (mode === 'silent') continue;
				handle(socket, frame);
			}
		});
	};
	const server = options.tls ? tls.createServer(options.tls, onConnection) : net.createServer(onConnection);

	const handle = (socket: net.Socket, frame: FakeFrame) => {
		const receipt = frame.headers.receipt;
		switch (frame.command) {
			case 'CONNECT':
			case 'STOMP':
				if (mode === 'reject-login') {
					const message = `User name [${frame.headers.login ?? ''}] or password is invalid.`;
					socket.end(encodeFrame('ERROR', {'content-type': 'text/plain', message}, Buffer.from(message)));
					return;
				}
				socket.write(
					encodeFrame('CONNECTED', {
						server: 'FakeMQ/1.0',
						'heart-beat': '0,0',
						session: 'fake-1',
						version: '1.2',
					}),
				);
				return;
			case 'SUBSCRIBE': {
				const destination = frame.headers.destination ?? '';
				if (options.deny?.includes(destination)) {
					const message = `User ${'mcollective'} is not authorized to read from: ${destination.replace(/^\/(queue|topic)\//, '$1://')}`;
					socket.write(
						encodeFrame(
							'ERROR',
							{message, ...(receipt ? {'receipt-id': receipt} : {})},
							Buffer.from(message),
						),
					);
					return;
				}
				const list = subscribers.get(destination) ?? [];
				list.push({socket, id: frame.headers.id ?? destination});
				subscribers.set(destination, list);
				break;
			}
			case 'UNSUBSCRIBE':
				for (const [destination, list] of subscribers) {
					subscribers.set(
						destination,
						list.filter((s) => !(s.socket === socket && s.id === frame.headers.id)),
					);
				}
				break;
			case 'SEND': {
				const destination = frame.headers.destination ?? '';
				const {destination: _d, 'content-length': _c, receipt: _r, ...rest} = frame.headers;
				deliver(destination, rest, frame.body);
				options.onSend?.(frame, deliver);
				break;
			}
			case 'DISCONNECT':
				if (receipt) socket.end(encodeFrame('RECEIPT', {'receipt-id': receipt}));
				else socket.end();
				return;
		}
		if (receipt) socket.write(encodeFrame('RECEIPT', {'receipt-id': receipt}));
	};

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address() as net.AddressInfo;
	return {
		port: address.port,
		frames,
		get connections() {
			return state.connections;
		},
		injectRaw: (bytes: Uint8Array) => {
			for (const socket of sockets) socket.write(bytes);
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** A port with nothing listening (bound then released). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/**
 * A one-day self-signed certificate from openssl, written as key.pem and cert.pem in `dir`, for a
 * fake TLS broker. `altName` (e.g. `IP:127.0.0.1`) adds a subjectAltName.
 */
export function writeSelfSignedCert(
	dir: string,
	subject: string,
	altName?: string,
): {key: string; cert: string} {
	const key = join(dir, 'key.pem');
	const cert = join(dir, 'cert.pem');
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-subj',
			subject,
			...(altName ? ['-addext', `subjectAltName=${altName}`] : []),
			'-days',
			'1',
			'-keyout',
			key,
			'-out',
			cert,
		],
		{stdio: 'ignore'},
	);
	return {key, cert};
}

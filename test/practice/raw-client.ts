/**
 * A bare TCP STOMP client for the broker's unit tests: writes exactly the bytes a test gives and
 * collects every frame and heart-beat the broker sends back, so hostile inputs can be sent as-is.
 */
import net from 'node:net';
import {encodeFrame, type Frame, FrameParser, type StompVersion} from '../../src/practice/frame.js';

export type RawClient = {
	readonly frames: Frame[];
	readonly closed: Promise<void>;
	isClosed(): boolean;
	heartbeats(): number;
	write(bytes: Uint8Array | string): void;
	send(command: string, headers?: Record<string, string>, body?: Uint8Array | string): void;
	/** The next frame matching `predicate` (already received or arriving within timeoutMs). */
	next(predicate: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
	/** Resolves true if no frame matching arrives within `ms` (for "must NOT be delivered"). */
	none(predicate: (f: Frame) => boolean, ms: number): Promise<boolean>;
	/** Stop reading (a consumer that does not keep up). */
	pause(): void;
	close(): void;
};

export function rawClient(port: number, version: StompVersion = '1.0'): Promise<RawClient> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({host: '127.0.0.1', port});
		const parser = new FrameParser({maxBody: 64 * 1024 * 1024});
		const frames: Frame[] = [];
		const waiters: (() => void)[] = [];
		let closed = false;
		let done: () => void = () => {};
		const closedPromise = new Promise<void>((r) => {
			done = r;
		});
		socket.on('data', (chunk) => {
			try {
				for (const f of parser.push(chunk)) {
					frames.push(f);
					if (f.command === 'CONNECTED') parser.version = (f.headers.version as StompVersion) ?? '1.0';
				}
			} catch {
				socket.destroy();
			}
			for (const w of waiters.splice(0)) w();
		});
		socket.on('error', () => {});
		socket.on('close', () => {
			closed = true;
			done();
			for (const w of waiters.splice(0)) w();
		});
		socket.once('connect', () => {
			const client: RawClient = {
				frames,
				closed: closedPromise,
				isClosed: () => closed,
				heartbeats: () => parser.heartbeats,
				write: (bytes) => socket.write(bytes),
				send(command, headers = {}, body = '') {
					const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
					socket.write(encodeFrame({command, headers, body: bytes}, version));
				},
				next(predicate, timeoutMs = 3000) {
					return new Promise((res, rej) => {
						const timer = setTimeout(() => rej(new Error('no matching frame in time')), timeoutMs);
						let seen = 0;
						const check = () => {
							for (; seen < frames.length; seen++) {
								const f = frames[seen] as Frame;
								if (predicate(f)) {
									frames.splice(seen, 1);
									clearTimeout(timer);
									res(f);
									return;
								}
							}
							if (closed) {
								clearTimeout(timer);
								rej(new Error('connection closed before a matching frame'));
								return;
							}
							waiters.push(check);
						};
						check();
					});
				},
				async none(predicate, ms) {
					await new Promise((r) => setTimeout(r, ms));
					return !frames.some(predicate);
				},
				pause: () => socket.pause(),
				close: () => socket.destroy(),
			};
			resolve(client);
		});
		socket.once('error', reject);
	});
}

export const is = (command: string) => (f: Frame) => f.command === command;
export const text = (f: Frame) => new TextDecoder().decode(f.body);

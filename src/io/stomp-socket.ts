/**
 * A plain TCP / TLS socket that @stomp/stompjs can drive in place of a WebSocket (its IStompSocket).
 * stompjs ships no Node transport; we need raw STOMP on 61613 (not STOMP-over-WebSocket), a
 * connect timeout, Node's own error codes (ECONNREFUSED, ENOTFOUND, CERT_..., kept unchanged so a
 * diagnosis can name the cause), and byte-exact bodies: MCollective's Marshal bodies contain NUL
 * bytes, so every chunk is handed over as bytes (InboundBytes) and stompjs frames MESSAGEs by their
 * content-length header (its parser counts bytes when the header is present).
 */
import net from 'node:net';
import type tls from 'node:tls';
import {type IStompSocket, StompSocketState} from '@stomp/stompjs';
import {InboundBytes} from './inbound-bytes.js';
import {boundedLookup} from './net.js';

let tlsModule: typeof tls | undefined;

/**
 * node:tls, imported before the first TLS socket is made (src/io/stomp-session.ts awaits it):
 * a plain-STOMP ping never loads it (~1 ms of its start-up). A socket with `tls` and no module
 * loaded throws, so a missed call is found at once, not as a plain connection.
 */
export async function loadTls(): Promise<void> {
	tlsModule ??= (await import('node:tls')).default;
}

export type StompSocketOptions = {
	readonly host: string;
	readonly port: number;
	/** true for TLS with Node's defaults (verified against the system CAs), or explicit tls options. */
	readonly tls?: boolean | tls.ConnectionOptions;
	/** Time allowed for TCP connect plus TLS handshake. */
	readonly connectTimeoutMs: number;
	/**
	 * Optional lifetime cap: the connection is dropped once it has received this many bytes. Off by
	 * default: FrameGuard bounds what stompjs buffers per frame, so a long healthy stream of
	 * small frames (a busy reply queue) is never cut.
	 */
	readonly maxInboundBytes?: number;
	/** Hostile-broker guard: largest frame (headers or body) accepted. */
	readonly maxFrameBytes?: number;
};

/** How far the socket got before it failed: lets a caller tell DNS/TCP trouble from TLS trouble. */
export type SocketPhase = 'connecting' | 'tls-handshake' | 'open' | 'closed';

export type SocketCloseEvent = {
	readonly code: string | undefined;
	readonly reason: string;
	readonly wasClean: boolean;
	readonly error: NodeJS.ErrnoException | undefined;
	/** The phase the socket was in when the error happened. */
	readonly phase: SocketPhase;
};

const DEFAULT_MAX_FRAME = 4 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Mirrors @stomp/stompjs 7.5's Parser (esm6/parser.js) state for state, counting bytes instead of
 * keeping them, so it knows exactly what stompjs is buffering for the current frame and can stop
 * a hostile or broken peer before stompjs holds more than one frame's limit. Any divergence from
 * stompjs's reading (where CR is dropped, a header key running across LF because it has no colon,
 * which header counts as content-length) would let a peer bypass the limit, hence the exact copy:
 * - between frames NUL and CR are ignored, LF is a heart-beat;
 * - command: CR ignored, LF ends it; headers: LF alone ends them, CR ignored;
 * - a header key runs to the first `:` whatever it contains (LF and CR included);
 * - a value: CR ignored, LF ends it; the first header whose key is exactly `content-length` gives
 *   the body length by parseInt(value, 10); without one the body runs to the first NUL;
 * - a fixed-size body ends one byte after its length, whatever that byte is.
 * A content-length that parseInt cannot read, or a negative one, would make stompjs read for
 * ever: refused at once.
 */
export class FrameGuard {
	private state: 'between' | 'command' | 'headers' | 'key' | 'value' | 'body-length' | 'body-nul' = 'between';
	/** Bytes of this frame's command and header section so far (what stompjs keeps of them, and more). */
	private held = 0;
	private keyBytes: number[] = [];
	private keyLength = 0;
	private valueBytes: number[] | undefined;
	private contentLength: string | undefined;
	private remaining = 0;
	private bodySeen = 0;

	constructor(private readonly maxFrame: number) {}

	private startFrame(): void {
		this.held = 0;
		this.contentLength = undefined;
	}

	/** Returns an error text when the stream breaks the limits. */
	feed(chunk: Uint8Array): string | undefined {
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i] as number;
			switch (this.state) {
				case 'between':
					if (b === NUL || b === CR || b === LF) continue;
					this.startFrame();
					this.state = 'command';
					i--; // re-inject, as stompjs does
					continue;
				case 'command':
					this.held++;
					if (b === LF) this.state = 'headers';
					break;
				case 'headers':
					if (b === CR) {
						this.held++;
						break;
					}
					if (b === LF) {
						const problem = this.startBody();
						if (problem) return problem;
						continue;
					}
					this.state = 'key';
					this.keyBytes = [];
					this.keyLength = 0;
					i--;
					continue;
				case 'key':
					if (b === COLON) {
						this.held++;
						const isLength =
							this.keyLength === CONTENT_LENGTH.length &&
							this.keyBytes.every((x, k) => x === CONTENT_LENGTH[k]);
						this.valueBytes = isLength && this.contentLength === undefined ? [] : undefined;
						this.state = 'value';
						continue;
					}
					this.keyLength++;
					if (this.keyBytes.length <= CONTENT_LENGTH.length) this.keyBytes.push(b);
					this.held++;
					break;
				case 'value':
					this.held++;
					if (b === CR) break;
					if (b === LF) {
						if (this.valueBytes) this.contentLength = Buffer.from(this.valueBytes).toString('utf8');
						this.valueBytes = undefined;
						this.state = 'headers';
						break;
					}
					this.valueBytes?.push(b);
					break;
				case 'body-length': {
					// post-decrement as stompjs: the byte after `length` body bytes ends the frame
					const take = Math.min(this.remaining + 1, chunk.length - i);
					this.remaining -= take;
					i += take - 1;
					if (this.remaining < 0) this.state = 'between';
					continue;
				}
				case 'body-nul':
					if (b === NUL) {
						this.state = 'between';
						continue;
					}
					if (++this.bodySeen > this.maxFrame) return `frame body longer than ${this.maxFrame} bytes`;
					continue;
			}
			if (this.held > MAX_HEADER_BYTES) return `frame headers longer than ${MAX_HEADER_BYTES} bytes`;
		}
		return undefined;
	}

	private startBody(): string | undefined {
		if (this.contentLength === undefined) {
			this.bodySeen = 0;
			this.state = 'body-nul';
			return undefined;
		}
		const length = Number.parseInt(this.contentLength, 10);
		if (!Number.isFinite(length) || length < 0)
			return `bad content-length ${JSON.stringify(this.contentLength)}`;
		if (length > this.maxFrame)
			return `content-length ${length} exceeds the ${this.maxFrame}-byte frame limit`;
		this.remaining = length;
		this.state = 'body-length';
		return undefined;
	}
}

const PREVIEW_BYTES = 64;

/**
 * Whether a peer's first bytes can be a STOMP server's answer to CONNECT (heart-beat EOLs, then
 * CONNECTED or ERROR and an EOL). Anything else (an HTTP status line, a TLS record, a banner)
 * means the port is not a STOMP broker.
 */
export function looksLikeStompAnswer(first: Uint8Array): boolean {
	const text = Buffer.from(first)
		.toString('latin1')
		.replace(/^[\r\n\0]+/, '');
	return ['CONNECTED\n', 'CONNECTED\r\n', 'ERROR\n', 'ERROR\r\n'].some((start) =>
		text.length < start.length ? start.startsWith(text) : text.startsWith(start),
	);
}

/**
 * Whether a peer's first bytes are a TLS record header (content type 20-23, version 3.0-3.4, a
 * length a record can have): the answer of a TLS port to our plain CONNECT (ActiveMQ's stomp+ssl
 * sends an alert, 15 03 03 00 02 …).
 */
export function isTlsRecord(first: Uint8Array): boolean {
	if (first.length < 5) return false;
	const [type = 0, major, minor = 9, high = 0, low = 0] = first;
	const length = (high << 8) | low;
	return type >= 20 && type <= 23 && major === 3 && minor <= 4 && length > 0 && length <= 18432;
}

const NUL = 0;
const LF = 10;
const CR = 13;
const COLON = 58;
const CONTENT_LENGTH = [...Buffer.from('content-length', 'latin1')];

/** Code we give our own connect timeout (Node uses the same code for its timeouts). */
export const CONNECT_TIMEOUT_CODE = 'ETIMEDOUT';

/** Node reports a multi-address connect failure as an AggregateError; its first cause carries the code. */
function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const code = (error as {code?: unknown}).code;
	if (typeof code === 'string') return code;
	const errors = (error as {errors?: unknown}).errors;
	if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
	return undefined;
}

function firstOf(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

export class NodeStompSocket implements IStompSocket {
	readonly url: string;
	onclose: ((ev?: SocketCloseEvent) => unknown) | null | undefined = null;
	onerror: ((ev: NodeJS.ErrnoException) => unknown) | null | undefined = null;
	onmessage: ((ev: {data: ArrayBuffer}) => unknown) | null | undefined = null;
	onopen: ((ev?: unknown) => unknown) | null | undefined = null;
	binaryType = 'arraybuffer';
	readyState: number = StompSocketState.CONNECTING;
	/** The first error seen, exactly as Node raised it. */
	error: NodeJS.ErrnoException | undefined;
	/** Phase at the moment `error` happened (or the current phase if none). */
	errorPhase: SocketPhase | undefined;
	phase: SocketPhase = 'connecting';
	/** Milliseconds from construction to TCP connect, and to open (after TLS if any). */
	tcpMs: number | undefined;
	openMs: number | undefined;
	/** TLS peer certificate summary, when TLS was used. */
	tlsPeer: {subject?: string; issuer?: string; authorized: boolean; authorizationError?: string} | undefined;

	/** Bytes received so far, and the first of them: tells a non-STOMP peer (HTTP, TLS, garbage) apart. */
	received = 0;
	firstBytes: Uint8Array = new Uint8Array(0);

	private readonly socket: net.Socket;
	private readonly started = performance.now();
	private connectTimer: NodeJS.Timeout | undefined;
	private inbound = 0;
	private readonly maxInbound: number;
	private readonly guard: FrameGuard;
	private closedFired = false;
	private corked = false;

	constructor(options: StompSocketOptions) {
		const {host, port} = options;
		const useTls = options.tls !== undefined && options.tls !== false;
		this.url = `${useTls ? 'stomp+ssl' : 'stomp'}://${host}:${port}`;
		this.maxInbound = options.maxInboundBytes ?? Number.POSITIVE_INFINITY;
		this.guard = new FrameGuard(options.maxFrameBytes ?? DEFAULT_MAX_FRAME);
		// the name is resolved within the connect's bound, and the lookup killed if the socket closes first
		const resolving = new AbortController();
		const lookup = boundedLookup(options.connectTimeoutMs, resolving.signal);
		if (useTls) {
			const tlsOptions = options.tls === true ? {} : (options.tls as tls.ConnectionOptions);
			const servername = net.isIP(host) ? undefined : host;
			if (!tlsModule) throw new Error('NodeStompSocket: TLS asked for before loadTls()');
			this.socket = tlsModule.connect({host, port, servername, lookup, ...tlsOptions});
			this.socket.once('connect', () => this.onTcpConnect(true));
			this.socket.once('secureConnect', () => this.onOpen());
		} else {
			this.socket = net.connect({host, port, lookup});
			this.socket.once('connect', () => {
				this.onTcpConnect(false);
				this.onOpen();
			});
		}
		this.socket.setNoDelay(true);
		this.connectTimer = setTimeout(() => {
			const error: NodeJS.ErrnoException = new Error(
				`${this.phase === 'tls-handshake' ? 'TLS handshake with' : 'connect to'} ${host}:${port} timed out after ${options.connectTimeoutMs} ms`,
			);
			error.code = CONNECT_TIMEOUT_CODE;
			this.socket.destroy(error);
		}, options.connectTimeoutMs);
		this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
		this.socket.on('error', (error: NodeJS.ErrnoException) => {
			if (!this.error) {
				this.error = error;
				if (error.code === undefined) {
					const code = errorCode(error);
					if (code) error.code = code;
				}
				this.errorPhase = this.phase;
			}
			this.onerror?.(error);
		});
		this.socket.on('close', () => {
			resolving.abort();
			this.onSocketClose();
		});
	}

	private onTcpConnect(tlsNext: boolean): void {
		this.tcpMs = performance.now() - this.started;
		if (tlsNext) this.phase = 'tls-handshake';
	}

	private onOpen(): void {
		clearTimeout(this.connectTimer);
		this.connectTimer = undefined;
		this.openMs = performance.now() - this.started;
		if (tlsModule && this.socket instanceof tlsModule.TLSSocket) {
			const peer = this.socket.getPeerCertificate();
			const authorizationError = this.socket.authorizationError;
			this.tlsPeer = {
				subject: firstOf(peer?.subject?.CN),
				issuer: firstOf(peer?.issuer?.CN),
				authorized: this.socket.authorized,
				authorizationError: authorizationError ? String(authorizationError) : undefined,
			};
		}
		this.phase = 'open';
		this.readyState = StompSocketState.OPEN;
		this.onopen?.();
	}

	private onData(chunk: Buffer): void {
		this.inbound += chunk.length;
		this.received += chunk.length;
		if (this.firstBytes.length < PREVIEW_BYTES) {
			this.firstBytes = Uint8Array.from([
				...this.firstBytes,
				...chunk.subarray(0, PREVIEW_BYTES - this.firstBytes.length),
			]);
		}
		if (this.inbound > this.maxInbound) {
			const error: NodeJS.ErrnoException = new Error(
				`broker sent more than ${this.maxInbound} bytes on one connection; dropped`,
			);
			error.code = 'EMSGSIZE';
			this.socket.destroy(error);
			return;
		}
		const problem = this.guard.feed(chunk);
		if (problem) {
			const error: NodeJS.ErrnoException = new Error(
				`broker sent a malformed or oversized frame: ${problem}; dropped`,
			);
			error.code = 'EMSGSIZE';
			this.socket.destroy(error);
			return;
		}
		// A private copy: stompjs may keep the buffer, Node reuses its pool. Wrapped: see InboundBytes.
		const copy = new InboundBytes(chunk.length);
		copy.set(chunk);
		this.onmessage?.({data: copy as unknown as ArrayBuffer});
	}

	private onSocketClose(): void {
		clearTimeout(this.connectTimer);
		this.connectTimer = undefined;
		if (this.closedFired) return;
		this.closedFired = true;
		const phase = this.errorPhase ?? this.phase;
		this.phase = 'closed';
		this.readyState = StompSocketState.CLOSED;
		this.onclose?.({
			code: this.error?.code,
			reason: this.error?.message ?? 'closed',
			wasClean: this.error === undefined,
			error: this.error,
			phase,
		});
	}

	send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
		if (this.readyState !== StompSocketState.OPEN) return;
		// Frames sent in one turn of the event loop leave in one writev: a host of simulated nodes
		// answers a broadcast with thousands of frames in one go, and a write each was a fifth of its
		// CPU (and as many small TCP segments for the broker to read).
		if (!this.corked) {
			this.corked = true;
			this.socket.cork();
			process.nextTick(() => this.flush());
		}
		if (typeof data === 'string') {
			this.socket.write(Buffer.from(data, 'utf8'));
		} else if (ArrayBuffer.isView(data)) {
			this.socket.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
		} else if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) {
			this.socket.write(Buffer.from(new Uint8Array(data)));
		} else {
			throw new TypeError('NodeStompSocket cannot send a Blob');
		}
	}

	/** What send() held back this turn goes to the socket now. */
	private flush(): void {
		if (!this.corked) return;
		this.corked = false;
		this.socket.uncork();
	}

	/**
	 * Graceful: our FIN goes out after every byte we wrote, then the socket is closed. stompjs
	 * closes only after the broker's RECEIPT for DISCONNECT, so nothing more is coming; waiting
	 * for the broker's own FIN as well cost ping 2-5 ms of wall time (ActiveMQ closes when it
	 * gets round to it). The timer covers a write that never drains.
	 */
	close(): void {
		this.flush();
		if (this.readyState === StompSocketState.CLOSED) return;
		this.readyState = StompSocketState.CLOSING;
		this.socket.end(() => this.socket.destroy());
		setTimeout(() => this.socket.destroy(), 1000).unref();
	}

	terminate(): void {
		// a frame sent in this turn (DISCONNECT, say) still leaves, as before sends were held back
		this.flush();
		this.readyState = StompSocketState.CLOSING;
		this.socket.destroy();
	}
}

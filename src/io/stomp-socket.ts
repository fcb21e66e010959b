/**
 * A plain TCP / TLS socket that @stomp/stompjs can drive in place of a WebSocket (its IStompSocket).
 * stompjs ships no Node transport; we need raw STOMP on 61613 (not STOMP-over-WebSocket), a
 * connect timeout, Node's own error codes (ECONNREFUSED, ENOTFOUND, CERT_..., kept unchanged so a
 * diagnosis can name the cause), and byte-exact bodies: MCollective's Marshal bodies contain NUL
 * bytes, so every chunk is handed over as an ArrayBuffer and stompjs frames MESSAGEs by their
 * content-length header (its parser counts bytes when the header is present).
 */
import net from 'node:net';
import tls from 'node:tls';
import {type IStompSocket, StompSocketState} from '@stomp/stompjs';

export type StompSocketOptions = {
	readonly host: string;
	readonly port: number;
	/** true for TLS with Node's defaults (verified against the system CAs), or explicit tls options. */
	readonly tls?: boolean | tls.ConnectionOptions;
	/** Time allowed for TCP connect plus TLS handshake. */
	readonly connectTimeoutMs: number;
	/** Hostile-broker guard: the connection is dropped once it has received this many bytes. */
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

const DEFAULT_MAX_INBOUND = 32 * 1024 * 1024;
const DEFAULT_MAX_FRAME = 4 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Watches frame boundaries in the inbound byte stream so a hostile or broken peer cannot make
 * stompjs buffer without bound (its parser collects bytes into a JS array until content-length
 * bytes or a NUL arrive): an oversized declared content-length or header block is refused at once.
 */
export class FrameGuard {
	private state: 'between' | 'headers' | 'body-length' | 'body-nul' = 'between';
	private header: number[] = [];
	private remaining = 0;
	private bodySeen = 0;

	constructor(private readonly maxFrame: number) {}

	/** Returns an error text when the stream breaks the limits. */
	feed(chunk: Uint8Array): string | undefined {
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i] as number;
			switch (this.state) {
				case 'between':
					if (b === 0 || b === 10 || b === 13) continue;
					this.state = 'headers';
					this.header = [b];
					continue;
				case 'headers': {
					this.header.push(b);
					if (this.header.length > MAX_HEADER_BYTES)
						return `frame headers longer than ${MAX_HEADER_BYTES} bytes`;
					const n = this.header.length;
					const end =
						(b === 10 && this.header[n - 2] === 10) ||
						(b === 10 && this.header[n - 2] === 13 && this.header[n - 3] === 10);
					if (!end) continue;
					const text = new TextDecoder('latin1').decode(Uint8Array.from(this.header));
					const match = /\ncontent-length:\s*([^\r\n]*)/.exec(text); // case as stompjs matches it
					if (match) {
						const length = Number(match[1]);
						if (!Number.isInteger(length) || length < 0)
							return `bad content-length ${JSON.stringify(match[1])}`;
						if (length > this.maxFrame)
							return `content-length ${length} exceeds the ${this.maxFrame}-byte frame limit`;
						this.remaining = length + 1; // body + NUL
						this.state = 'body-length';
					} else {
						this.bodySeen = 0;
						this.state = 'body-nul';
					}
					this.header = [];
					continue;
				}
				case 'body-length': {
					const take = Math.min(this.remaining, chunk.length - i);
					this.remaining -= take;
					i += take - 1;
					if (this.remaining === 0) this.state = 'between';
					continue;
				}
				case 'body-nul':
					if (b === 0) this.state = 'between';
					else if (++this.bodySeen > this.maxFrame) return `frame body longer than ${this.maxFrame} bytes`;
			}
		}
		return undefined;
	}
}
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

	private readonly socket: net.Socket;
	private readonly started = performance.now();
	private connectTimer: NodeJS.Timeout | undefined;
	private inbound = 0;
	private readonly maxInbound: number;
	private readonly guard: FrameGuard;
	private closedFired = false;

	constructor(options: StompSocketOptions) {
		const {host, port} = options;
		const useTls = options.tls !== undefined && options.tls !== false;
		this.url = `${useTls ? 'stomp+ssl' : 'stomp'}://${host}:${port}`;
		this.maxInbound = options.maxInboundBytes ?? DEFAULT_MAX_INBOUND;
		this.guard = new FrameGuard(options.maxFrameBytes ?? DEFAULT_MAX_FRAME);
		if (useTls) {
			const tlsOptions = options.tls === true ? {} : (options.tls as tls.ConnectionOptions);
			const servername = net.isIP(host) ? undefined : host;
			this.socket = tls.connect({host, port, servername, ...tlsOptions});
			this.socket.once('connect', () => this.onTcpConnect(true));
			this.socket.once('secureConnect', () => this.onOpen());
		} else {
			this.socket = net.connect({host, port});
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
		this.socket.on('close', () => this.onSocketClose());
	}

	private onTcpConnect(tlsNext: boolean): void {
		this.tcpMs = performance.now() - this.started;
		if (tlsNext) this.phase = 'tls-handshake';
	}

	private onOpen(): void {
		clearTimeout(this.connectTimer);
		this.connectTimer = undefined;
		this.openMs = performance.now() - this.started;
		if (this.socket instanceof tls.TLSSocket) {
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
		// A private copy: stompjs may keep the buffer, Node reuses its pool.
		const copy = new Uint8Array(chunk.length);
		copy.set(chunk);
		this.onmessage?.({data: copy.buffer});
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

	/** Graceful: half-close, then destroy if the peer does not close within a second. */
	close(): void {
		if (this.readyState === StompSocketState.CLOSED) return;
		this.readyState = StompSocketState.CLOSING;
		this.socket.end();
		setTimeout(() => this.socket.destroy(), 1000).unref();
	}

	terminate(): void {
		this.readyState = StompSocketState.CLOSING;
		this.socket.destroy();
	}
}

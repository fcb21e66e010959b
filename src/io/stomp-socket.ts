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

const DEFAULT_MAX_INBOUND = 64 * 1024 * 1024;
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
	private closedFired = false;

	constructor(options: StompSocketOptions) {
		const {host, port} = options;
		const useTls = options.tls !== undefined && options.tls !== false;
		this.url = `${useTls ? 'stomp+ssl' : 'stomp'}://${host}:${port}`;
		this.maxInbound = options.maxInboundBytes ?? DEFAULT_MAX_INBOUND;
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

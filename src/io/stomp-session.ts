/**
 * One STOMP connection, opened with a hard deadline and closed with a hard deadline, over
 * @stomp/stompjs and our NodeStompSocket. It turns every way a connection can fail into one typed
 * StompSessionError whose `outcome` names the cause (refused, timeout, unresolvable, TLS,
 * auth-rejected with the broker's own ERROR text, not-authorized on SUBSCRIBE). No reconnects:
 * a diagnosis wants the first failure, not a retry loop like ruby-stomp's.
 */
import type tls from 'node:tls';
import {Client, type IFrame, type IMessage, Versions} from '@stomp/stompjs';
import {oneLine} from '../core/sanitize.js';
import {installFastStompParser} from './stomp-parser.js';
import {
	isTlsRecord,
	loadTls,
	looksLikeStompAnswer,
	NodeStompSocket,
	type SocketCloseEvent,
	type SocketPhase,
} from './stomp-socket.js';

export type StompEndpoint = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly tls?: boolean | tls.ConnectionOptions;
	/** CONNECT `host:` header. MCollective sends `mcollective` (activemq) or `/` (rabbitmq). */
	readonly vhost?: string;
};

export type StompFailure =
	| 'refused'
	| 'timeout'
	| 'unresolvable'
	| 'tls-error'
	| 'auth-rejected'
	| 'not-authorized'
	/** The peer answered CONNECT with something that is not STOMP (HTTP, TLS, a banner, garbage). */
	| 'not-stomp'
	/** The peer sent a frame over the size limit (or a content-length stompjs cannot read). */
	| 'oversized'
	/** The peer reset the connection before answering CONNECT. */
	| 'reset'
	/** CONNECTED, then the peer closed or went silent instead of answering SUBSCRIBE. */
	| 'dropped'
	| 'error';

/** Where the failure happened: DNS+TCP, TLS handshake, STOMP CONNECT, SUBSCRIBE, or later. */
export type StompPhase = 'tcp' | 'tls' | 'connect' | 'subscribe' | 'session';

export class StompSessionError extends Error {
	readonly outcome: StompFailure;
	readonly phase: StompPhase;
	/** Node's error code, unchanged (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ERR_SSL_..., CERT_...). */
	readonly code: string | undefined;
	/** The broker's ERROR frame `message` header (or body), verbatim. */
	readonly brokerMessage: string | undefined;
	/** For not-authorized: the destination the broker refused. */
	readonly destination: string | undefined;
	/** For not-stomp: the first line the peer sent, terminal-safe. */
	readonly peerSaid: string | undefined;
	/** For not-stomp: the peer's first bytes are a TLS record (it is a TLS port). */
	readonly peerTls: boolean;

	constructor(
		outcome: StompFailure,
		phase: StompPhase,
		message: string,
		extra: {
			code?: string;
			brokerMessage?: string;
			destination?: string;
			peerSaid?: string;
			peerTls?: boolean;
		} = {},
	) {
		super(message);
		this.name = 'StompSessionError';
		this.outcome = outcome;
		this.phase = phase;
		this.code = extra.code;
		this.brokerMessage = extra.brokerMessage;
		this.destination = extra.destination;
		this.peerSaid = extra.peerSaid;
		this.peerTls = extra.peerTls ?? false;
	}
}

const UNRESOLVABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);

/** TLS failures: OpenSSL/Node TLS codes, and certificate verification codes. */
export function isTlsErrorCode(code: string | undefined): boolean {
	if (!code) return false;
	return (
		code.startsWith('ERR_SSL') ||
		code.startsWith('ERR_TLS') ||
		code.startsWith('CERT_') ||
		code.includes('CERT') ||
		code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
		code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
		code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
		code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
		code === 'HOSTNAME_MISMATCH'
	);
}

/** Socket-level failure (before any STOMP frame came back) → outcome. Pure; exported for tests. */
export function classifySocketFailure(
	code: string | undefined,
	phase: SocketPhase,
): {outcome: StompFailure; phase: StompPhase} {
	const stompPhase: StompPhase =
		phase === 'tls-handshake' ? 'tls' : phase === 'connecting' ? 'tcp' : 'connect';
	if (code === 'ECONNREFUSED') return {outcome: 'refused', phase: stompPhase};
	if (code && UNRESOLVABLE_CODES.has(code)) return {outcome: 'unresolvable', phase: stompPhase};
	if (isTlsErrorCode(code)) return {outcome: 'tls-error', phase: 'tls'};
	// TCP was accepted but the handshake got no answer: almost always TLS spoken to a plain port
	// (ActiveMQ's plain STOMP transport waits silently for a command line).
	if (code === 'ETIMEDOUT')
		return {outcome: phase === 'tls-handshake' ? 'tls-error' : 'timeout', phase: stompPhase};
	// The peer dropped us in the middle of the handshake (e.g. a plain STOMP port given a ClientHello).
	if (phase === 'tls-handshake') return {outcome: 'tls-error', phase: 'tls'};
	return {outcome: 'error', phase: stompPhase};
}

/** The broker's own words, as one terminal-safe line (a hostile broker's ERROR may carry escapes). */
function frameMessage(frame: IFrame): string {
	const header = frame.headers.message;
	if (header) return oneLine(header.slice(0, 1024));
	return oneLine(
		frame.body.slice(0, 4096).split('\n')[0]?.trim().slice(0, 1024) || 'ERROR frame without message',
	);
}

export type ReceivedMessage = {
	readonly headers: Readonly<Record<string, string>>;
	readonly body: Uint8Array;
	/** performance.now() at arrival, for round-trip times. */
	readonly receivedAt: number;
};

export type StompSession = {
	readonly server: string | undefined;
	readonly version: string | undefined;
	/** TCP connect, and CONNECTED, in ms from the start. */
	readonly tcpMs: number | undefined;
	readonly connectedMs: number;
	readonly tlsPeer: NodeStompSocket['tlsPeer'];
	/**
	 * SUBSCRIBE with a receipt and wait for it: resolves on RECEIPT, rejects with `not-authorized`
	 * on the broker's ERROR for it, `timeout` if neither arrives in time.
	 */
	subscribe(
		destination: string,
		onMessage: (message: ReceivedMessage) => void,
		options: {timeoutMs: number; headers?: Record<string, string>},
	): Promise<{unsubscribe: () => void}>;
	publish(destination: string, headers: Record<string, string>, body: Uint8Array): void;
	/** ERROR frames or a dropped connection after CONNECTED. */
	onFailure(listener: (error: StompSessionError) => void): void;
	/** MESSAGEs for no subscription of ours (RabbitMQ's /temp-queue replies arrive this way). */
	onUnhandledMessage(listener: (message: ReceivedMessage) => void): void;
	/** DISCONNECT (with receipt) and close, bounded by timeoutMs; never rejects. */
	close(timeoutMs?: number): Promise<void>;
};

export type OpenOptions = {
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
	readonly maxInboundBytes?: number;
	/** STOMP versions offered; default 1.0-1.2 (ActiveMQ and RabbitMQ both pick 1.2). */
	readonly versions?: readonly string[];
};

/** Open a STOMP session; the returned promise settles within `timeoutMs` (plus a few ms). */
export function openStompSession(endpoint: StompEndpoint, options: OpenOptions): Promise<StompSession> {
	installFastStompParser();
	const started = performance.now();
	let socket: NodeStompSocket | undefined;
	const failureListeners: ((error: StompSessionError) => void)[] = [];
	const unhandledListeners: ((message: ReceivedMessage) => void)[] = [];
	const receiptWaiters = new Map<string, (error: StompSessionError | undefined) => void>();
	let connected = false;
	let receiptCounter = 0;

	const client = new Client({
		webSocketFactory: () => {
			socket = new NodeStompSocket({
				host: endpoint.host,
				port: endpoint.port,
				tls: endpoint.tls,
				connectTimeoutMs: options.timeoutMs,
				maxInboundBytes: options.maxInboundBytes,
			});
			return socket;
		},
		connectHeaders: {
			login: endpoint.user,
			passcode: endpoint.password,
			host: endpoint.vhost ?? 'mcollective',
		},
		stompVersions: new Versions([...(options.versions ?? ['1.0', '1.1', '1.2'])]),
		reconnectDelay: 0,
		heartbeatIncoming: 0,
		heartbeatOutgoing: 0,
		debug: () => {},
		// Without this stompjs builds `<<< ${frame}` (every header escaped) for each inbound frame just
		// to hand it to the no-op debug above: 5.6 % of a 20,000-reply ping. With it, it decodes
		// each chunk once instead (native, cheap) and never serialises frames for the log.
		logRawCommunication: true,
	});

	const emitFailure = (error: StompSessionError) => {
		for (const listener of failureListeners) listener(error);
	};

	return new Promise<StompSession>((resolve, reject) => {
		let settled = false;
		const finish = (error: StompSessionError | undefined, session?: StompSession) => {
			if (settled) return;
			settled = true;
			clearTimeout(deadline);
			options.signal?.removeEventListener('abort', onAbort);
			if (error) {
				void client.deactivate({force: true}).catch(() => {});
				socket?.terminate();
				reject(error);
			} else if (session) {
				resolve(session);
			}
		};
		/** What the peer's own bytes (or a reset, or the frame guard) say, before any CONNECTED. */
		const peerProblem = (code: string | undefined): StompSessionError | undefined => {
			const where = `${endpoint.host}:${endpoint.port}`;
			if (code === 'EMSGSIZE')
				return new StompSessionError(
					'oversized',
					'connect',
					`${where} sent a frame over the size limit before CONNECTED`,
					{code},
				);
			if (socket && socket.received > 0 && !looksLikeStompAnswer(socket.firstBytes)) {
				const said = oneLine(Buffer.from(socket.firstBytes).toString('latin1').split(/\r?\n/, 1)[0] ?? '');
				return new StompSessionError(
					'not-stomp',
					'connect',
					`${where} answered CONNECT with "${said}", not STOMP`,
					{
						code,
						peerSaid: said,
						peerTls: isTlsRecord(socket.firstBytes),
					},
				);
			}
			if ((code === 'ECONNRESET' || code === 'EPIPE') && socket?.received === 0)
				return new StompSessionError(
					'reset',
					'connect',
					`${where} reset the connection before answering CONNECT`,
					{
						code,
					},
				);
			return undefined;
		};
		const deadline = setTimeout(() => {
			const early = socket?.phase === 'open' ? peerProblem(undefined) : undefined;
			if (early) {
				finish(early);
				return;
			}
			const phase: StompPhase =
				socket?.phase === 'open' ? 'connect' : socket?.phase === 'tls-handshake' ? 'tls' : 'tcp';
			const what =
				phase === 'connect'
					? 'the broker accepted TCP but sent no CONNECTED frame'
					: phase === 'tls'
						? 'the TLS handshake did not finish'
						: 'TCP connect did not finish';
			finish(
				new StompSessionError(
					phase === 'tls' ? 'tls-error' : 'timeout',
					phase,
					`no STOMP session with ${endpoint.host}:${endpoint.port} within ${options.timeoutMs} ms: ${what}`,
					{code: 'ETIMEDOUT'},
				),
			);
		}, options.timeoutMs);
		const onAbort = () => finish(new StompSessionError('error', 'tcp', 'aborted', {code: 'ABORT_ERR'}));
		if (options.signal?.aborted) {
			onAbort();
			return;
		}
		options.signal?.addEventListener('abort', onAbort, {once: true});

		client.onStompError = (frame) => {
			const brokerMessage = frameMessage(frame);
			const receiptId = frame.headers['receipt-id'];
			if (!connected) {
				finish(
					new StompSessionError('auth-rejected', 'connect', `broker refused the login: ${brokerMessage}`, {
						brokerMessage,
					}),
				);
				return;
			}
			const waiter = receiptId ? receiptWaiters.get(receiptId) : undefined;
			if (waiter) {
				receiptWaiters.delete(receiptId as string);
				waiter(
					new StompSessionError('not-authorized', 'subscribe', brokerMessage, {
						brokerMessage,
					}),
				);
				return;
			}
			const error = new StompSessionError('error', 'session', `broker ERROR: ${brokerMessage}`, {
				brokerMessage,
			});
			for (const [id, pending] of receiptWaiters) {
				receiptWaiters.delete(id);
				pending(error);
			}
			emitFailure(error);
		};

		client.onWebSocketClose = (event?: SocketCloseEvent) => {
			const code = event?.code;
			if (!connected) {
				// only a peer we got to talk to (TCP, and TLS if any, done) can be judged by its bytes
				const peer = event?.phase === 'open' ? peerProblem(code) : undefined;
				if (peer) {
					finish(peer);
					return;
				}
				if (event?.error) {
					const {outcome, phase} = classifySocketFailure(code, event.phase);
					finish(new StompSessionError(outcome, phase, event.error.message, {code}));
				} else {
					finish(
						new StompSessionError(
							'error',
							'connect',
							`${endpoint.host}:${endpoint.port} closed the connection before answering CONNECT (not a STOMP port?)`,
							{code},
						),
					);
				}
				return;
			}
			const error = new StompSessionError(
				code === 'EMSGSIZE' ? 'oversized' : 'dropped',
				'session',
				`connection to ${endpoint.host}:${endpoint.port} closed after CONNECTED: ${oneLine(event?.reason ?? 'closed')}`,
				{code},
			);
			for (const [id, pending] of receiptWaiters) {
				receiptWaiters.delete(id);
				pending(error);
			}
			emitFailure(error);
		};

		client.onUnhandledMessage = (message: IMessage) => {
			const received = {headers: message.headers, body: message.binaryBody, receivedAt: performance.now()};
			for (const listener of unhandledListeners) listener(received);
		};

		client.onConnect = (frame) => {
			connected = true;
			const connectedMs = performance.now() - started;
			const session: StompSession = {
				server: frame.headers.server,
				version: frame.headers.version,
				tcpMs: socket?.tcpMs,
				connectedMs,
				tlsPeer: socket?.tlsPeer,
				subscribe(destination, onMessage, subscribeOptions) {
					const receipt = `sub-receipt-${++receiptCounter}`;
					return new Promise((resolveSub, rejectSub) => {
						let subscription: {unsubscribe: () => void} | undefined;
						const timer = setTimeout(() => {
							receiptWaiters.delete(receipt);
							rejectSub(
								new StompSessionError(
									'dropped',
									'subscribe',
									`no RECEIPT for SUBSCRIBE ${destination} within ${subscribeOptions.timeoutMs} ms`,
									{destination},
								),
							);
						}, subscribeOptions.timeoutMs);
						receiptWaiters.set(receipt, (error) => {
							clearTimeout(timer);
							if (error) {
								rejectSub(
									new StompSessionError(error.outcome, error.phase, error.message, {
										code: error.code,
										brokerMessage: error.brokerMessage,
										destination,
									}),
								);
							} else if (subscription) {
								resolveSub(subscription);
							}
						});
						client.watchForReceipt(receipt, () => {
							const waiter = receiptWaiters.get(receipt);
							receiptWaiters.delete(receipt);
							waiter?.(undefined);
						});
						const handle = client.subscribe(
							destination,
							(message: IMessage) =>
								onMessage({
									headers: message.headers,
									body: message.binaryBody,
									receivedAt: performance.now(),
								}),
							{...subscribeOptions.headers, receipt},
						);
						subscription = {
							unsubscribe: () => {
								if (client.connected) handle.unsubscribe();
							},
						};
					});
				},
				publish(destination, headers, body) {
					client.publish({destination, headers, binaryBody: body});
				},
				onFailure(listener) {
					failureListeners.push(listener);
				},
				onUnhandledMessage(listener) {
					unhandledListeners.push(listener);
				},
				async close(timeoutMs = 1000) {
					let timer: NodeJS.Timeout | undefined;
					await Promise.race([
						client.deactivate().catch(() => {}),
						new Promise<void>((done) => {
							timer = setTimeout(done, timeoutMs);
						}),
					]);
					clearTimeout(timer);
					socket?.terminate();
				},
			};
			finish(undefined, session);
		};

		// node:tls only for a TLS endpoint; a plain one starts at once, as before.
		if (endpoint.tls) {
			loadTls().then(
				() => {
					if (!settled) client.activate();
				},
				(error: Error) =>
					finish(new StompSessionError('tls-error', 'tls', `cannot load node:tls: ${error.message}`)),
			);
		} else {
			client.activate();
		}
	});
}

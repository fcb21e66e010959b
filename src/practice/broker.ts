/**
 * The practice range's embedded STOMP broker: STOMP 1.0–1.2 over TCP, the subset of ActiveMQ 5.17
 * that MCollective (ruby-stomp's activemq connector, mcollectived, mco) and our own client use —
 * login checked against users and groups, ActiveMQ-style authorization, topics, queues, selectors
 * on `mc_identity`, `reply-to` passed through, absolute `expires` honoured, receipts, heart-beats,
 * transactions — with ActiveMQ's ERROR wording where the wizard quotes it.
 *
 * Why our own: no maintained npm package brokers STOMP over plain TCP (the npm "STOMP brokers"
 * are STOMP-over-WebSocket toys and unmaintained), and the practice range must run with nothing
 * but Node.js. It stays small: no persistence, no durable subscriptions, client acks behave as
 * auto (no redelivery), which MCollective never relies on.
 *
 * Bounds: frame size and header count (frame.ts), pending bytes per connection (a consumer that
 * does not read loses topic messages and gets no queue messages until it drains), queue depth and
 * destination count (destinations.ts), subscriptions and open transactions per connection, total
 * connections, and a deadline for CONNECT. A hostile client gets an ERROR and is closed.
 */
import net from 'node:net';
import {
	type AclEntry,
	allowed,
	authenticate,
	type BrokerUser,
	invalidLoginMessage,
	labAcl,
	notAuthorizedMessage,
} from './auth.js';
import {
	DEFAULT_ROUTER_LIMITS,
	physicalName,
	Router,
	type RouterLimits,
	type StoredMessage,
} from './destinations.js';
import {
	DEFAULT_FRAME_LIMITS,
	encodeFrame,
	type Frame,
	FrameError,
	type FrameLimits,
	FrameParser,
	type StompVersion,
} from './frame.js';
import {parseSelector, SelectorError} from './selector.js';

export type BrokerLimits = FrameLimits &
	RouterLimits & {
		readonly maxConnections: number;
		readonly maxSubscriptionsPerConnection: number;
		/** Bytes queued for a connection's socket before it counts as a slow consumer. */
		readonly maxPendingBytesPerConnection: number;
		readonly maxTransactionsPerConnection: number;
		readonly maxMessagesPerTransaction: number;
		/** A connection that has not sent CONNECT by then is closed (ActiveMQ: 30 s). */
		readonly connectDeadlineMs: number;
	};

export const DEFAULT_BROKER_LIMITS: BrokerLimits = {
	...DEFAULT_FRAME_LIMITS,
	...DEFAULT_ROUTER_LIMITS,
	maxConnections: 1000,
	maxSubscriptionsPerConnection: 20_000,
	maxPendingBytesPerConnection: 8 * 1024 * 1024,
	maxTransactionsPerConnection: 10,
	maxMessagesPerTransaction: 1000,
	connectDeadlineMs: 30_000,
};

export type BrokerLogLevel = 'INFO' | 'WARN';

/** One line for the broker's log, with the ActiveMQ class that would have logged it. */
export type BrokerLogEvent = {
	readonly level: BrokerLogLevel;
	readonly logger: string;
	readonly message: string;
};

export type BrokerOptions = {
	readonly host?: string;
	/** 0 = ephemeral. */
	readonly port: number;
	readonly users: readonly BrokerUser[];
	readonly acl?: readonly AclEntry[];
	readonly limits?: Partial<BrokerLimits>;
	/** Broker clock, epoch ms (tests move it). */
	readonly now?: () => number;
	readonly log?: (event: BrokerLogEvent) => void;
	/** CONNECTED `server` header. */
	readonly serverName?: string;
};

export type BrokerStats = {
	readonly connections: number;
	readonly destinations: number;
	readonly delivered: number;
	readonly expired: number;
	readonly queueFull: number;
	readonly noSubscriber: number;
	/** Bytes queued towards clients, all connections together (bounded by the per-connection cap). */
	readonly outboundBytes: number;
};

export type PracticeBroker = {
	readonly host: string;
	readonly port: number;
	stats(): BrokerStats;
	/** Closes the listener and every connection. */
	close(): Promise<void>;
};

const SUPPORTED: readonly StompVersion[] = ['1.0', '1.1', '1.2'];
/** ActiveMQ's hbGracePeriodMultiplier: a client is dead after 1.5 × its promised interval. */
const HEARTBEAT_GRACE = 1.5;
/** Sent to ActiveMQ clients, who never look at it; never claims to be ActiveMQ. */
const SERVER_NAME = 'mco-wizard-practice/1.0';
const CONTROL_HEADERS = new Set(['destination', 'receipt', 'transaction', 'content-length']);

/** ActiveMQ's answer to a version it does not speak. */
export function negotiateVersion(acceptVersion: string | undefined): StompVersion | undefined {
	if (acceptVersion === undefined || acceptVersion.trim() === '') return '1.0';
	const offered = acceptVersion.split(',').map((v) => v.trim());
	for (const version of [...SUPPORTED].reverse()) if (offered.includes(version)) return version;
	return undefined;
}

/**
 * Heart-beat negotiation (STOMP 1.1 §Heart-beating): we send every `cy` ms when the client asks
 * for it, and expect its data at least every `cx` ms (× grace). CONNECTED says `cy,cx` back, as
 * the lab's ActiveMQ 5.17 does (probed: `30500,29500` from ruby-stomp → `29500,30500`).
 */
export function negotiateHeartbeat(header: string | undefined): {sendEveryMs: number; expectEveryMs: number} {
	const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(header ?? '');
	if (!m) return {sendEveryMs: 0, expectEveryMs: 0};
	return {sendEveryMs: Number(m[2]), expectEveryMs: Number(m[1])};
}

type Subscription = {
	readonly key: string;
	readonly id: string | undefined;
	readonly kind: 'topic' | 'queue';
	readonly name: string;
	readonly ack: string;
	readonly consumer: {
		readonly selector: ReturnType<typeof parseSelector> | undefined;
		deliver(m: StoredMessage): boolean;
	};
};

export function startBroker(options: BrokerOptions): Promise<PracticeBroker> {
	const limits: BrokerLimits = {...DEFAULT_BROKER_LIMITS, ...options.limits};
	const now = options.now ?? Date.now;
	const acl = options.acl ?? labAcl();
	const log = options.log ?? (() => {});
	const connections = new Set<Connection>();
	const brokerId = `ID:practice-${process.pid}-${Date.now()}`;
	let connectionSeq = 0;
	let messageSeq = 0;
	let advisorySeq = 0;
	// ActiveMQ fires ActiveMQ.Advisory.Expired.<Queue|Topic>.<name> for each message it drops as
	// expired: headers only (as the wizard reads it on Debian's broker), `orignalMessageId` (sic)
	// naming the sender's connection. It is how the client side sees a node whose clock is behind.
	const fireExpired = (kind: 'topic' | 'queue', name: string, message: StoredMessage) => {
		if (name.startsWith('ActiveMQ.Advisory.')) return;
		const advisoryName = `ActiveMQ.Advisory.Expired.${kind === 'queue' ? 'Queue' : 'Topic'}.${name}`;
		router.route('topic', advisoryName, {
			id: `${brokerId}-0:1:-1:1:${++advisorySeq}`,
			destination: `/topic/${advisoryName}`,
			headers: {
				type: 'Advisory',
				orignalMessageId: message.id,
				originBrokerName: 'localhost',
				originBrokerId: brokerId,
				expires: '0',
				priority: '0',
				timestamp: '0',
			},
			body: new Uint8Array(0),
			expires: 0,
		});
	};
	const router: Router = new Router(now, limits, fireExpired);

	class Connection {
		readonly id = `${brokerId}-${++connectionSeq}`;
		readonly remote: string;
		private readonly parser: FrameParser;
		private version: StompVersion = '1.0';
		private user: BrokerUser | undefined;
		private state: 'new' | 'connected' | 'refused' | 'closed' = 'new';
		private readonly subscriptions = new Map<string, Subscription>();
		private readonly transactions = new Map<
			string,
			{kind: 'topic' | 'queue'; name: string; message: StoredMessage}[]
		>();
		private timers: NodeJS.Timeout[] = [];
		private lastRead = Date.now();
		private lastWrite = Date.now();

		constructor(private readonly socket: net.Socket) {
			this.remote = `tcp://${socket.remoteAddress}:${socket.remotePort}`;
			this.parser = new FrameParser(limits);
			socket.setNoDelay(true);
			socket.on('data', (chunk) => this.onData(chunk));
			socket.on('drain', () => {
				if (socket.isPaused()) socket.resume();
				router.drain();
			});
			socket.on('error', () => {});
			socket.on('close', () => this.cleanup());
			const deadline = setTimeout(() => {
				if (this.state === 'new') this.close();
			}, limits.connectDeadlineMs);
			deadline.unref();
			this.timers.push(deadline);
		}

		private write(frame: Frame): void {
			if (this.state === 'closed' || this.socket.destroyed) return;
			this.lastWrite = Date.now();
			this.socket.write(encodeFrame(frame, this.version));
			// a client that sends (receipts, errors) but never reads: stop reading it until it drains,
			// so its answers cannot pile up in our memory (TCP then pushes back on it)
			if (this.socket.writableLength > limits.maxPendingBytesPerConnection && !this.socket.isPaused()) {
				this.socket.pause();
			}
		}

		/** Bytes written to this socket that the peer has not taken yet. */
		get pendingBytes(): number {
			return this.socket.writableLength;
		}

		private error(message: string, request?: Frame, body?: string): void {
			const headers: Record<string, string> = {'content-type': 'text/plain', message};
			const receipt = request?.headers.receipt;
			if (receipt !== undefined) headers['receipt-id'] = receipt;
			this.write({command: 'ERROR', headers, body: new TextEncoder().encode(body ?? message)});
		}

		/** Error the peer cannot recover from: say so, then close once the bytes are out. */
		private fatal(message: string, request?: Frame, body?: string): void {
			this.error(message, request, body);
			this.state = 'refused';
			this.socket.end();
			const kill = setTimeout(() => this.socket.destroy(), 2000);
			kill.unref();
			this.timers.push(kill);
		}

		private onData(chunk: Buffer): void {
			this.lastRead = Date.now();
			if (this.state === 'closed') return;
			let frames: Frame[];
			try {
				frames = this.parser.push(chunk);
			} catch (error) {
				const message = error instanceof FrameError ? error.message : String(error);
				log({
					level: 'WARN',
					logger: 'org.apache.activemq.transport.stomp.ProtocolConverter',
					message: `Exception occurred for client ${this.id} processing: ${message}`,
				});
				this.fatal(message);
				return;
			}
			for (const frame of frames) {
				if (this.socket.destroyed) return;
				this.handle(frame);
			}
		}

		private handle(frame: Frame): void {
			if (frame.command === 'CONNECT' || frame.command === 'STOMP') {
				this.onConnect(frame);
				return;
			}
			if (this.state !== 'connected') {
				// ActiveMQ answers every frame on a connection without a session so (also after a refused login)
				this.error(
					'Not connected.',
					frame,
					'org.apache.activemq.transport.stomp.ProtocolException: Not connected.\n',
				);
				return;
			}
			switch (frame.command) {
				case 'SEND':
					this.onSend(frame);
					break;
				case 'SUBSCRIBE':
					this.onSubscribe(frame);
					break;
				case 'UNSUBSCRIBE':
					this.onUnsubscribe(frame);
					break;
				case 'BEGIN':
				case 'COMMIT':
				case 'ABORT':
					this.onTransaction(frame);
					break;
				case 'ACK':
				case 'NACK':
					// acks are not tracked: every subscription behaves as ack:auto (see the header comment)
					this.receipt(frame);
					break;
				case 'DISCONNECT':
					this.receipt(frame);
					this.state = 'refused';
					this.socket.end();
					break;
				default:
					this.error(`Unknown STOMP action: ${frame.command}`, frame);
			}
		}

		private receipt(frame: Frame): void {
			const receipt = frame.headers.receipt;
			if (receipt !== undefined)
				this.write({command: 'RECEIPT', headers: {'receipt-id': receipt}, body: new Uint8Array()});
		}

		private onConnect(frame: Frame): void {
			if (this.state === 'connected') {
				this.error('Already connected.', frame);
				return;
			}
			if (this.state !== 'new') return;
			const version = negotiateVersion(frame.headers['accept-version']);
			if (version === undefined) {
				this.write({
					command: 'ERROR',
					headers: {
						version: SUPPORTED.join(','),
						'content-type': 'text/plain',
						message: 'Supported protocol versions are 1.0,1.1,1.2',
					},
					body: new TextEncoder().encode('Supported protocol versions are 1.0,1.1,1.2'),
				});
				this.state = 'refused';
				this.socket.end();
				return;
			}
			this.version = version;
			this.parser.version = version;
			const login = frame.headers.login;
			const user = authenticate(options.users, login, frame.headers.passcode);
			if (!user) {
				const message = invalidLoginMessage(login);
				log({
					level: 'WARN',
					logger: 'org.apache.activemq.broker.TransportConnection',
					message: `Failed to add Connection id=${this.id}, clientIP=${login ?? 'null'} due to ${message}`,
				});
				log({
					level: 'WARN',
					logger: 'org.apache.activemq.broker.TransportConnection.Service',
					message: `Security Error occurred on connection to: ${this.remote}, ${message}`,
				});
				// The connection stays open a moment (ruby-stomp's SUBSCRIBEs get "Not connected."),
				// then is closed, as ActiveMQ stops a connection that failed with a SecurityException.
				this.error(message, frame);
				this.state = 'refused';
				const stop = setTimeout(() => this.socket.end(), 100);
				stop.unref();
				this.timers.push(stop);
				return;
			}
			this.user = user;
			this.state = 'connected';
			const hb =
				version === '1.0'
					? {sendEveryMs: 0, expectEveryMs: 0}
					: negotiateHeartbeat(frame.headers['heart-beat']);
			this.startHeartbeats(hb);
			this.write({
				command: 'CONNECTED',
				headers: {
					server: options.serverName ?? SERVER_NAME,
					'heart-beat': `${hb.sendEveryMs},${hb.expectEveryMs}`,
					session: this.id,
					version,
				},
				body: new Uint8Array(),
			});
			this.receipt(frame);
		}

		private startHeartbeats(hb: {sendEveryMs: number; expectEveryMs: number}): void {
			if (hb.sendEveryMs > 0) {
				const every = Math.max(hb.sendEveryMs, 100);
				const timer = setInterval(() => {
					if (Date.now() - this.lastWrite >= every * 0.9 && !this.socket.destroyed) {
						this.lastWrite = Date.now();
						this.socket.write('\n');
					}
				}, every);
				timer.unref();
				this.timers.push(timer);
			}
			if (hb.expectEveryMs > 0) {
				const limit = Math.max(hb.expectEveryMs, 100) * HEARTBEAT_GRACE;
				const timer = setInterval(
					() => {
						if (Date.now() - this.lastRead > limit) {
							log({
								level: 'WARN',
								logger: 'org.apache.activemq.transport.AbstractInactivityMonitor',
								message: `Channel was inactive (no connection attempt made) for too (>${Math.round(limit)}) long: ${this.remote}`,
							});
							this.close();
						}
					},
					Math.max(50, Math.round(limit / 3)),
				);
				timer.unref();
				this.timers.push(timer);
			}
		}

		private authorize(
			action: 'read' | 'write',
			kind: 'topic' | 'queue',
			name: string,
			frame: Frame,
		): boolean {
			const user = this.user as BrokerUser;
			if (allowed(acl, user, action, kind, name)) return true;
			const message = notAuthorizedMessage(user.name, action, kind, name);
			log({
				level: 'WARN',
				logger: 'org.apache.activemq.broker.TransportConnection.Service',
				message: `Security Error occurred on connection to: ${this.remote}, ${message}`,
			});
			// as the lab's ActiveMQ 5.17 answers (probed): ERROR with the words in `message` and as the
			// body's first line, receipt-id when asked, and the connection stays open
			this.error(message, frame);
			return false;
		}

		private onSend(frame: Frame): void {
			const destination = frame.headers.destination;
			if (!destination) {
				this.error('SEND received without a Destination specified!', frame);
				return;
			}
			const {kind, name} = physicalName(destination);
			if (!this.authorize('write', kind, name, frame)) return;
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(frame.headers))
				if (!CONTROL_HEADERS.has(key)) headers[key] = value;
			const expires = Number(frame.headers.expires ?? 0);
			headers.expires = String(Number.isFinite(expires) && expires > 0 ? Math.floor(expires) : 0);
			headers.priority ??= '4';
			headers.timestamp ??= String(now());
			const message: StoredMessage = {
				// ActiveMQ's shape <connection id>:<session>:<producer>:<sequence> (STOMP: session -1), so
				// advisory readers find the sending connection in orignalMessageId
				id: `${this.id}:1:-1:1:${++messageSeq}`,
				destination,
				headers,
				body: frame.body,
				expires: Number(headers.expires),
			};
			const tx = frame.headers.transaction;
			if (tx !== undefined) {
				const buffered = this.transactions.get(tx);
				if (!buffered) {
					this.error(`Invalid transaction id: ${tx}`, frame);
					return;
				}
				if (buffered.length >= limits.maxMessagesPerTransaction) {
					this.fatal(`Transaction ${tx} holds more than ${limits.maxMessagesPerTransaction} messages`, frame);
					return;
				}
				buffered.push({kind, name, message});
				this.receipt(frame);
				return;
			}
			if (this.route(kind, name, message, frame)) this.receipt(frame);
		}

		private route(kind: 'topic' | 'queue', name: string, message: StoredMessage, frame: Frame): boolean {
			const outcome = router.route(kind, name, message);
			if (outcome === 'queue-full') {
				const text = `Usage Manager Memory Limit reached. Stopping producer (${this.id}) to prevent flooding ${kind}://${name}. See http://activemq.apache.org/producer-flow-control.html for more info`;
				log({level: 'WARN', logger: 'org.apache.activemq.broker.region.Queue', message: text});
				this.error(text, frame);
				return false;
			}
			return true;
		}

		private onSubscribe(frame: Frame): void {
			const destination = frame.headers.destination;
			if (!destination) {
				this.error('SUBSCRIBE received without a Destination specified!', frame);
				return;
			}
			const id = frame.headers.id;
			if (id === undefined && this.version !== '1.0') {
				this.error('Subscription id is required for STOMP 1.1 and later', frame);
				return;
			}
			const key = id ?? `/subscription-to/${destination}`;
			if (this.subscriptions.has(key)) {
				this.error(`Duplicate subscription id: ${key}`, frame);
				return;
			}
			if (this.subscriptions.size >= limits.maxSubscriptionsPerConnection) {
				this.fatal(
					`Exceeded the maximum of ${limits.maxSubscriptionsPerConnection} subscriptions on one connection`,
					frame,
				);
				return;
			}
			let selector: Subscription['consumer']['selector'];
			const selectorText = frame.headers.selector;
			if (selectorText !== undefined && selectorText.trim() !== '') {
				try {
					selector = parseSelector(selectorText);
				} catch (error) {
					const reason = error instanceof SelectorError ? error.message : String(error);
					this.error(`javax.jms.InvalidSelectorException: ${reason} in selector '${selectorText}'`, frame);
					return;
				}
			}
			const {kind, name} = physicalName(destination);
			if (!this.authorize('read', kind, name, frame)) return;
			const ack = frame.headers.ack ?? 'auto';
			const subscription: Subscription = {
				key,
				id,
				kind,
				name,
				ack,
				consumer: {selector, deliver: (message) => this.deliver(subscription, message)},
			};
			this.subscriptions.set(key, subscription);
			// the RECEIPT goes before queued messages, as a broker confirms the subscription first
			this.receipt(frame);
			if (!router.addConsumer(kind, name, subscription.consumer)) {
				this.subscriptions.delete(key);
				this.error(`Too many destinations on this broker (${limits.maxDestinations})`, frame);
			}
		}

		private deliver(subscription: Subscription, message: StoredMessage): boolean {
			if (this.state !== 'connected' || this.socket.destroyed) return false;
			if (this.socket.writableLength > limits.maxPendingBytesPerConnection) return false;
			const headers: Record<string, string> = {
				'content-length': String(message.body.length),
				expires: message.headers.expires ?? '0',
				destination: message.destination,
				priority: message.headers.priority ?? '4',
				'message-id': message.id,
			};
			if (subscription.id !== undefined) headers.subscription = subscription.id;
			if (this.version === '1.2' && subscription.ack !== 'auto') headers.ack = message.id;
			for (const [key, value] of Object.entries(message.headers)) if (!(key in headers)) headers[key] = value;
			this.write({command: 'MESSAGE', headers, body: message.body});
			return true;
		}

		private onUnsubscribe(frame: Frame): void {
			const id = frame.headers.id;
			const destination = frame.headers.destination;
			const key = id ?? (destination !== undefined ? `/subscription-to/${destination}` : undefined);
			const subscription = key === undefined ? undefined : this.subscriptions.get(key);
			if (!subscription) {
				this.error('No subscription matched.', frame);
				return;
			}
			this.subscriptions.delete(subscription.key);
			router.removeConsumer(subscription.kind, subscription.name, subscription.consumer);
			this.receipt(frame);
		}

		private onTransaction(frame: Frame): void {
			const tx = frame.headers.transaction;
			if (tx === undefined) {
				this.error(
					`Must specify the transaction you are ${frame.command === 'BEGIN' ? 'beginning' : frame.command === 'COMMIT' ? 'committing' : 'aborting'}`,
					frame,
				);
				return;
			}
			if (frame.command === 'BEGIN') {
				if (this.transactions.has(tx)) {
					this.error(`The transaction was already started: ${tx}`, frame);
					return;
				}
				if (this.transactions.size >= limits.maxTransactionsPerConnection) {
					this.fatal(
						`Exceeded the maximum of ${limits.maxTransactionsPerConnection} open transactions`,
						frame,
					);
					return;
				}
				this.transactions.set(tx, []);
				this.receipt(frame);
				return;
			}
			const buffered = this.transactions.get(tx);
			if (!buffered) {
				this.error(`Invalid transaction id: ${tx}`, frame);
				return;
			}
			this.transactions.delete(tx);
			if (frame.command === 'COMMIT') {
				for (const item of buffered) if (!this.route(item.kind, item.name, item.message, frame)) return;
			}
			this.receipt(frame);
		}

		close(): void {
			this.state = 'closed';
			this.socket.destroy();
		}

		private cleanup(): void {
			this.state = 'closed';
			for (const timer of this.timers) clearTimeout(timer);
			this.timers = [];
			for (const subscription of this.subscriptions.values()) {
				router.removeConsumer(subscription.kind, subscription.name, subscription.consumer);
			}
			this.subscriptions.clear();
			this.transactions.clear();
			connections.delete(this);
		}
	}

	const server = net.createServer((socket) => {
		if (connections.size >= limits.maxConnections) {
			socket.on('error', () => {});
			socket.end(
				encodeFrame(
					{
						command: 'ERROR',
						headers: {
							'content-type': 'text/plain',
							message: 'Exceeded the maximum number of allowed client connections.',
						},
						body: new Uint8Array(),
					},
					'1.0',
				),
			);
			return;
		}
		connections.add(new Connection(socket));
	});
	const sweeper = setInterval(() => router.sweep(), 10_000);
	sweeper.unref();

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: options.host ?? '127.0.0.1', port: options.port}, () => {
			server.off('error', reject);
			const address = server.address() as net.AddressInfo;
			resolve({
				host: address.address,
				port: address.port,
				stats: () => ({
					connections: connections.size,
					destinations: router.destinationCount,
					...router.counts,
					outboundBytes: [...connections].reduce((sum, c) => sum + c.pendingBytes, 0),
				}),
				close: () =>
					new Promise<void>((done) => {
						clearInterval(sweeper);
						for (const connection of connections) connection.close();
						server.close(() => done());
					}),
			});
		});
	});
}

/**
 * `mco ping` and `mco rpc` in TypeScript, over one STOMP session: discovery, then (for rpc) the
 * request, signed with the psk, to the destinations the configured connector uses. Unlike mco they
 * stop as soon as the expected nodes have answered, every step has a deadline, and nothing is
 * thrown: connection and auth failures come back typed in `failure`, replies that do not validate
 * (wrong psk, foreign requestid) come back in `rejected` instead of being dropped silently.
 */

import {readFile} from 'node:fs/promises';
import os from 'node:os';
import type tls from 'node:tls';
import type {McoConfig, PoolHost} from '../core/mco-config/model.js';
import {type ConnectorKind, planRequest, type RequestPlan} from '../mcollective/destinations.js';
import {
	buildFilter,
	clockOffsetMs,
	decodeReply,
	encodeRequest,
	fromRubyBase64,
	newRequestId,
	type ReplyProblem,
	rpcRequestBody,
	rpcResultOf,
	rubyBase64,
	type ServerVerdict,
	serverVerdict,
} from '../mcollective/envelope.js';
import type {MarshalInput, MarshalValue} from '../mcollective/marshal.js';
import {callerId} from '../mcollective/psk.js';
import {CLOCK_PROBE_SHIFT_S} from '../mcollective/silent-node-evidence.js';
import {
	openStompSession,
	type ReceivedMessage,
	type StompFailure,
	type StompSession,
	StompSessionError,
} from './stomp-session.js';

export type McoOptions = {
	/** How long to wait for replies (ping) or for the RPC replies (rpc). */
	readonly timeoutMs: number;
	/** TCP+TLS+CONNECT bound; default: config connection_timeout, else 5 s. */
	readonly connectTimeoutMs?: number;
	/** rpc discovery wait; default: config discovery_timeout, else 2 s (the mc DDL's). */
	readonly discoveryTimeoutMs?: number;
	/** Finish as soon as this many nodes, or these identities, have answered. */
	readonly expect?: number | readonly string[];
	/** Identity filter (-I): plain names or /regex/. */
	readonly identities?: readonly string[];
	/** Agent filter (-A) for ping. */
	readonly agents?: readonly string[];
	/** Collective to address (default main_collective). */
	readonly collective?: string;
	/** Client identity when client.cfg has none (default: this host's name). */
	readonly clientIdentity?: string;
	/** Wall clock in epoch ms (msgtime, timestamps, clock offsets). Injected for tests. */
	readonly now?: () => number;
	readonly signal?: AbortSignal;
	/**
	 * Seconds added to the request's msgtime only (headers keep our clock, so the broker does not
	 * expire it). The node's TTL check is one-sided, so a request "from the future" passes a node
	 * whose clock is ahead of ours: the clock probe behind `ping`'s diagnosis of silent nodes.
	 */
	readonly msgtimeShiftS?: number;
	/** Called as each valid reply arrives. */
	readonly onReply?: (reply: NodeReply) => void;
	/** Called once the request is on the wire: from then on aborting `signal` ends the wait, not the ping. */
	readonly onSent?: () => void;
	/** Called when discovery finished (rpc). */
	readonly onDiscovered?: (nodes: readonly string[]) => void;
};

export type NodeReply = {
	readonly identity: string;
	/** Round trip from our SEND to the reply's arrival. */
	readonly ms: number;
	/** RPC only (ping replies are the bare String "pong"). */
	readonly statuscode?: number;
	readonly statusmsg?: string;
	readonly data?: MarshalValue;
	/** The decoded inner body as the node sent it. */
	readonly body: MarshalValue;
	/** The node's msgtime (epoch s) and the offset of its clock from ours it implies (±0.5 s). */
	readonly msgtime?: number;
	readonly clockOffsetMs?: number;
};

export type RejectedReply = {
	readonly identity: string | undefined;
	readonly problem: ReplyProblem;
	readonly detail: string;
};

export type McoFailure = {
	readonly outcome: StompFailure | 'config';
	readonly phase: string;
	readonly detail: string;
	readonly code?: string;
	readonly brokerMessage?: string;
	readonly destination?: string;
};

export type McoResult = {
	readonly ok: boolean;
	readonly replies: readonly NodeReply[];
	readonly rejected: readonly RejectedReply[];
	/** Expected identities (from `expect`, or rpc's discovered nodes) that did not answer. */
	readonly missing: readonly string[];
	/** rpc: the nodes discovery found (or the -I list when discovery was skipped). */
	readonly discovered?: readonly string[];
	readonly discoveryMs?: number;
	readonly requestId?: string;
	readonly directed: boolean;
	readonly broker?: {
		readonly host: string;
		readonly port: number;
		readonly server?: string;
		readonly version?: string;
		readonly connectedMs: number;
	};
	readonly elapsedMs: number;
	/** True when we stopped because the expected nodes had all answered. */
	readonly stoppedEarly: boolean;
	readonly failure?: McoFailure;
};

type Context = {
	settings: McoConfig;
	options: McoOptions;
	session: StompSession;
	identity: string;
	callerid: string;
	collective: string;
	connector: ConnectorKind;
	now: () => number;
	seq: number;
};

const isPlainIdentity = (id: string) => !/^\/.*\/$/.test(id);

function settingsFailure(settings: McoConfig): McoFailure | undefined {
	if (settings.psk === undefined) {
		return {outcome: 'config', phase: 'config', detail: 'No plugin.psk configuration option specified'};
	}
	if (
		settings.connector !== 'activemq' &&
		settings.connector !== 'rabbitmq' &&
		settings.connector !== 'stomp'
	) {
		return {outcome: 'config', phase: 'config', detail: `unknown connector '${settings.connector}'`};
	}
	if (settings.pool.length === 0) {
		return {
			outcome: 'config',
			phase: 'config',
			detail: settings.problems[0] ?? 'no broker host in client.cfg',
		};
	}
	return undefined;
}

/** plugin.<connector>.pool.N.ssl.{cert,key,ca} (ca may be a comma list), as activemq.rb reads them. */
export async function tlsOptions(host: PoolHost): Promise<tls.ConnectionOptions | undefined> {
	if (!host.ssl) return undefined;
	const options: tls.ConnectionOptions = {};
	if (host.sslCert) options.cert = await readFile(host.sslCert);
	if (host.sslKey) options.key = await readFile(host.sslKey);
	if (host.sslCa) options.ca = await Promise.all(host.sslCa.split(',').map((p) => readFile(p.trim())));
	// ssl.fallback: connect unverified when the verified setup is incomplete (activemq.rb:374).
	if (host.sslFallback && !(host.sslCert && host.sslKey && host.sslCa)) options.rejectUnauthorized = false;
	return options;
}

/** Connect to the first pool host that answers (mco's failover order), each bounded. */
export async function connect(
	settings: McoConfig,
	options: McoOptions,
): Promise<{session: StompSession; host: PoolHost} | {failure: McoFailure}> {
	const connectTimeoutMs =
		options.connectTimeoutMs ??
		(settings.connectionTimeout !== undefined ? settings.connectionTimeout * 1000 : 5000);
	let last: McoFailure | undefined;
	for (const host of settings.pool) {
		try {
			let tlsConfig: tls.ConnectionOptions | undefined;
			try {
				tlsConfig = await tlsOptions(host);
			} catch (error) {
				last = {
					outcome: 'tls-error',
					phase: 'tls',
					detail: `cannot read the TLS files of ${host.host}:${host.port}: ${(error as Error).message}`,
					code: (error as NodeJS.ErrnoException).code,
				};
				continue;
			}
			const session = await openStompSession(
				{
					host: host.host,
					port: host.port,
					user: host.user,
					password: host.password,
					tls: tlsConfig,
					vhost: settings.vhost,
				},
				{timeoutMs: connectTimeoutMs, signal: options.signal},
			);
			return {session, host};
		} catch (error) {
			last =
				error instanceof StompSessionError
					? {
							outcome: error.outcome,
							phase: error.phase,
							detail: error.message,
							code: error.code,
							brokerMessage: error.brokerMessage,
						}
					: {outcome: 'error', phase: 'tcp', detail: String(error)};
			// A login the broker refused will be refused by the next host of the same cluster too.
			if (last.outcome === 'auth-rejected') break;
		}
	}
	return {failure: last ?? {outcome: 'config', phase: 'config', detail: 'no broker host in client.cfg'}};
}

type Exchange = {
	requestId: string;
	replies: NodeReply[];
	rejected: RejectedReply[];
	stoppedEarly: boolean;
	directed: boolean;
	failure?: McoFailure;
};

/**
 * One request/reply exchange: SUBSCRIBE (with receipt) to the reply destination, SEND, collect
 * until `done()` says enough or the deadline passes, UNSUBSCRIBE.
 */
async function exchange(
	ctx: Context,
	request: {
		agent: string;
		body: MarshalInput;
		filter: Map<MarshalInput, MarshalInput>;
		nodes?: readonly string[];
	},
	waitMs: number,
	done: (replies: readonly NodeReply[]) => boolean,
	onReply?: (reply: NodeReply) => void,
): Promise<Exchange> {
	const {settings, session} = ctx;
	const psk = settings.psk ?? '';
	const requestId = newRequestId();
	const nowMs = ctx.now();
	const plan: RequestPlan = planRequest({
		connector: ctx.connector,
		collective: ctx.collective,
		agent: request.agent,
		identity: ctx.identity,
		pid: process.pid,
		seq: ctx.seq++,
		ttl: settings.ttl,
		nowMs,
		nodes: request.nodes,
		agentsMultiplex: settings.agentsMultiplex,
		priority: settings.priority,
		useReplyExchange: settings.useReplyExchange,
		topicPrefix: settings.topicPrefix,
	});
	const encoded = encodeRequest({
		body: request.body,
		senderid: ctx.identity,
		requestid: requestId,
		filter: request.filter,
		collective: ctx.collective,
		agent: request.agent,
		callerid: ctx.callerid,
		ttl: settings.ttl,
		msgtime: Math.floor(nowMs / 1000) + (ctx.options.msgtimeShiftS ?? 0),
		psk,
	});
	const result: Exchange = {
		requestId,
		replies: [],
		rejected: [],
		stoppedEarly: false,
		directed: plan.directed,
	};
	const seen = new Set<string>();
	let sentAt = performance.now();
	let sentWallMs = ctx.now();
	let finish: () => void = () => {};
	const finished = new Promise<void>((resolve) => {
		finish = resolve;
	});

	const onMessage = (message: ReceivedMessage) => {
		let payload: Uint8Array | undefined = message.body;
		if (settings.base64) payload = fromRubyBase64(payload);
		if (payload === undefined) {
			result.rejected.push({
				identity: message.headers.mc_sender,
				problem: 'not-marshal',
				detail: 'invalid base64',
			});
			return;
		}
		const decoded = decodeReply(payload, {psk, requestid: requestId});
		if (!decoded.ok) {
			// Another client's reply on a shared queue is not ours to report.
			if (decoded.problem === 'requestid-mismatch') return;
			const identity = decoded.senderid ?? message.headers.mc_sender;
			if (!result.rejected.some((r) => r.identity === identity && r.problem === decoded.problem)) {
				result.rejected.push({identity, problem: decoded.problem, detail: decoded.detail});
			}
			return;
		}
		const {reply} = decoded;
		if (seen.has(reply.senderid)) return;
		seen.add(reply.senderid);
		const receivedWallMs = ctx.now();
		const rpc = rpcResultOf(reply.body);
		const node: NodeReply = {
			identity: reply.senderid,
			ms: Math.round((message.receivedAt - sentAt) * 100) / 100,
			...(rpc && request.agent !== 'discovery'
				? {statuscode: rpc.statuscode, statusmsg: rpc.statusmsg, data: rpc.data}
				: {}),
			body: reply.body,
			msgtime: reply.msgtime,
			clockOffsetMs: clockOffsetMs(reply.msgtime, sentWallMs, receivedWallMs),
		};
		result.replies.push(node);
		onReply?.(node);
		if (done(result.replies)) {
			result.stoppedEarly = true;
			finish();
		}
	};

	let subscription: {unsubscribe: () => void} | undefined;
	const started = performance.now();
	try {
		if (plan.subscribe) {
			subscription = await session.subscribe(plan.subscribe.destination, onMessage, {
				timeoutMs: Math.max(1000, Math.min(waitMs, 5000)),
				headers: plan.subscribe.headers as Record<string, string>,
			});
		} else {
			session.onUnhandledMessage(onMessage);
		}
	} catch (error) {
		const e = error as StompSessionError;
		result.failure = {
			outcome: e.outcome ?? 'error',
			phase: 'subscribe',
			detail: e.message,
			code: e.code,
			brokerMessage: e.brokerMessage,
			destination: plan.subscribe?.destination,
		};
		return result;
	}
	session.onFailure((error) => {
		result.failure ??= {
			outcome: error.outcome,
			phase: error.phase,
			detail: error.message,
			code: error.code,
			brokerMessage: error.brokerMessage,
		};
		finish();
	});
	const payload = settings.base64 ? rubyBase64(encoded.payload) : encoded.payload;
	sentAt = performance.now();
	sentWallMs = ctx.now();
	for (const send of plan.sends)
		session.publish(send.destination, send.headers as Record<string, string>, payload);
	ctx.options.onSent?.();
	if (done(result.replies)) {
		result.stoppedEarly = true;
		finish();
	}
	const remaining = Math.max(0, waitMs - (performance.now() - started));
	const timer = setTimeout(finish, remaining);
	const onAbort = () => finish();
	ctx.options.signal?.addEventListener('abort', onAbort, {once: true});
	// aborted already (e.g. from onSent, the caller had decided before the request left)
	if (ctx.options.signal?.aborted) finish();
	await finished;
	clearTimeout(timer);
	ctx.options.signal?.removeEventListener('abort', onAbort);
	subscription?.unsubscribe();
	return result;
}

function expectation(expect: McoOptions['expect']): {
	done: (r: readonly NodeReply[]) => boolean;
	names: readonly string[];
} {
	if (expect === undefined) return {done: () => false, names: []};
	if (typeof expect === 'number') return {done: (r) => expect > 0 && r.length >= expect, names: []};
	const names = [...expect];
	return {done: allAnswered(names), names};
}

/**
 * `done` for an exchange that waits for every one of `names`. Replies only ever grow, so each
 * call looks at the new ones alone: checking the whole list on every reply was quadratic, hours
 * at 100,000 expected identities. A new replies array (the next exchange) starts over.
 */
function allAnswered(names: readonly string[]): (replies: readonly NodeReply[]) => boolean {
	let list: readonly NodeReply[] | undefined;
	let looked = 0;
	let waiting = new Set<string>();
	return (replies) => {
		if (replies !== list) {
			list = replies;
			looked = 0;
			waiting = new Set(names);
		}
		for (; looked < replies.length; looked++) waiting.delete((replies[looked] as NodeReply).identity);
		return names.length > 0 && waiting.size === 0;
	};
}

/** The names no reply came from, in the order given. */
function unanswered(names: readonly string[], replies: readonly NodeReply[]): string[] {
	const answered = new Set(replies.map((r) => r.identity));
	return names.filter((n) => !answered.has(n));
}

async function withSession(
	settings: McoConfig,
	options: McoOptions,
	body: (ctx: Context, broker: McoResult['broker']) => Promise<McoResult>,
): Promise<McoResult> {
	const started = performance.now();
	const elapsed = () => Math.round(performance.now() - started);
	const base = {replies: [], rejected: [], missing: [], directed: false, stoppedEarly: false};
	const bad = settingsFailure(settings);
	if (bad) return {...base, ok: false, elapsedMs: elapsed(), failure: bad};
	const connected = await connect(settings, options);
	if ('failure' in connected) return {...base, ok: false, elapsedMs: elapsed(), failure: connected.failure};
	const {session, host} = connected;
	const identity = settings.identity ?? options.clientIdentity ?? os.hostname();
	const user = (() => {
		try {
			return os.userInfo().username;
		} catch {
			return '';
		}
	})();
	const ctx: Context = {
		settings,
		options,
		session,
		identity,
		callerid: callerId(settings.callerType, {
			uid: process.getuid?.() ?? 0,
			gid: process.getgid?.() ?? 0,
			user,
			group: user,
			identity,
		}),
		collective: options.collective ?? settings.mainCollective,
		connector: settings.connector as ConnectorKind,
		now: options.now ?? Date.now,
		seq: 1,
	};
	const broker = {
		host: host.host,
		port: host.port,
		server: session.server,
		version: session.version,
		connectedMs: Math.round(session.connectedMs),
	};
	try {
		const result = await body(ctx, broker);
		return {...result, elapsedMs: elapsed()};
	} finally {
		await session.close(1000);
	}
}

/** `mco ping`: one discovery request, replies until `expect` is met or `timeoutMs` passes. */
export function mcoPing(settings: McoConfig, options: McoOptions): Promise<McoResult> {
	return withSession(settings, options, async (ctx, broker) => {
		const expected = expectation(options.expect);
		const filter = buildFilter({agent: options.agents, identity: options.identities});
		const ex = await exchange(
			ctx,
			{agent: 'discovery', body: 'ping', filter},
			options.timeoutMs,
			expected.done,
			options.onReply,
		);
		const missing = unanswered(expected.names, ex.replies);
		return {
			ok: ex.failure === undefined && ex.replies.length > 0 && missing.length === 0,
			replies: ex.replies,
			rejected: ex.rejected,
			missing,
			requestId: ex.requestId,
			directed: false,
			broker,
			elapsedMs: 0,
			stoppedEarly: ex.stoppedEarly,
			failure: ex.failure,
		};
	});
}

/**
 * `mco rpc AGENT ACTION k=v`: mc discovery (skipped for plain -I identities, as mco does), then one
 * SEND per node (≤ direct_addressing_threshold) or a broadcast; waits until every discovered node
 * has answered or `timeoutMs`.
 */
export function mcoRpc(
	settings: McoConfig,
	agent: string,
	action: string,
	args: ReadonlyMap<string, MarshalInput> | Readonly<Record<string, MarshalInput>>,
	options: McoOptions,
): Promise<McoResult> {
	return withSession(settings, options, async (ctx, broker) => {
		const identities = options.identities ?? [];
		const expected = expectation(options.expect);
		let discovered: string[];
		let discoveryMs: number | undefined;
		let rejected: RejectedReply[] = [];
		if (identities.length > 0 && identities.every(isPlainIdentity)) {
			discovered = [...identities];
		} else {
			const discoveryTimeoutMs =
				options.discoveryTimeoutMs ??
				(settings.discoveryTimeout !== undefined ? settings.discoveryTimeout * 1000 : 2000);
			const started = performance.now();
			const ex = await exchange(
				ctx,
				{
					agent: 'discovery',
					body: 'ping',
					filter: buildFilter({agent: [agent], identity: identities, collective: ctx.collective}),
				},
				discoveryTimeoutMs,
				expected.done,
			);
			discoveryMs = Math.round(performance.now() - started);
			rejected = ex.rejected;
			discovered = ex.replies.map((r) => r.identity);
			if (ex.failure) {
				return {
					ok: false,
					replies: [],
					rejected,
					missing: [],
					discovered,
					discoveryMs,
					requestId: ex.requestId,
					directed: false,
					broker,
					elapsedMs: 0,
					stoppedEarly: false,
					failure: ex.failure,
				};
			}
		}
		options.onDiscovered?.(discovered);
		if (discovered.length === 0) {
			return {
				ok: false,
				replies: [],
				rejected,
				missing: [],
				discovered,
				discoveryMs,
				directed: false,
				broker,
				elapsedMs: 0,
				stoppedEarly: false,
			};
		}
		const direct =
			settings.directAddressing &&
			ctx.connector !== 'stomp' &&
			discovered.length <= settings.directAddressingThreshold;
		const body = rpcRequestBody({agent, action, caller: ctx.callerid, args});
		// mco resets the encoded filter to the agent alone when it addresses nodes directly (message.rb:79-91).
		const filter =
			direct && identities.every(isPlainIdentity)
				? buildFilter({agent: [agent]})
				: buildFilter({agent: [agent], identity: identities});
		const ex = await exchange(
			ctx,
			{agent, body, filter, nodes: direct ? discovered : undefined},
			options.timeoutMs,
			discovered.length === 0 ? () => true : allAnswered(discovered),
			options.onReply,
		);
		const missing = unanswered(discovered, ex.replies);
		return {
			ok: ex.failure === undefined && missing.length === 0 && ex.replies.every((r) => r.statuscode === 0),
			replies: ex.replies,
			rejected: [...rejected, ...ex.rejected],
			missing,
			discovered,
			discoveryMs,
			requestId: ex.requestId,
			directed: ex.directed,
			broker,
			elapsedMs: 0,
			stoppedEarly: ex.stoppedEarly,
			failure: ex.failure,
		};
	});
}

/**
 * What the node configured by `server` would do with the discovery request we send (its psk, its
 * collectives, its TTL check against our clock): the node's own checks, replayed locally, so a
 * silent node can be explained without its log. Clocks: `nodeNow` defaults to ours (same host).
 */
export function explainNodeVerdict(
	client: McoConfig,
	server: McoConfig,
	options: {clientIdentity?: string; now?: () => number; nodeNow?: () => number; collective?: string} = {},
): ServerVerdict {
	const collective = options.collective ?? client.mainCollective;
	if (!server.collectives.includes(collective)) {
		return {
			accepted: false,
			step: 'filter',
			reason: `the node does not subscribe to collective '${collective}' (its collectives: ${server.collectives.join(', ')})`,
			logLine: '(nothing: the request never reaches the node)',
		};
	}
	const identity = client.identity ?? options.clientIdentity ?? os.hostname();
	const nowMs = (options.now ?? Date.now)();
	const {payload} = encodeRequest({
		body: 'ping',
		senderid: identity,
		requestid: newRequestId(),
		filter: buildFilter(),
		collective,
		agent: 'discovery',
		callerid: callerId(client.callerType, {
			uid: process.getuid?.() ?? 0,
			gid: process.getgid?.() ?? 0,
			identity,
		}),
		ttl: client.ttl,
		msgtime: Math.floor(nowMs / 1000),
		psk: client.psk ?? '',
	});
	return serverVerdict(payload, {
		psk: server.psk ?? '',
		nowS: Math.floor((options.nodeNow ?? options.now ?? Date.now)() / 1000),
	});
}

export {CLOCK_PROBE_SHIFT_S};

/**
 * When nodes stay silent: ask again with a msgtime far in the future. mcollectived only rejects
 * requests that are too OLD (message.rb:215), so nodes whose clock is ahead of ours by more than
 * the TTL answer this one, and their reply's msgtime measures the skew. Nodes silent even now are
 * silent for another reason (psk, stopped, not connected, filter).
 */
export async function probeNodeClocks(settings: McoConfig, options: McoOptions): Promise<McoResult> {
	return mcoPing(settings, {...options, msgtimeShiftS: CLOCK_PROBE_SHIFT_S});
}

/**
 * Landmark 4 (end to end): a ping every expected node must answer, with each node's time; when
 * nodes stay silent, the evidence that tells the three look-alikes apart is gathered right
 * away: what the node logged DURING this ping (invalid signature = psk, "seconds old" = clock,
 * nothing = different wire or node down), the client.cfg/server.cfg comparison, the daemon.
 * Then each node's clock against the message TTL.
 */
import {FLEET_SUMMARY_FROM, fleetSummaryLine, summarizeFleet} from '../core/fleet-summary.js';
import {
	type IdentityHere,
	identityHere as identityHereFacts,
	type ThisHostProof,
} from '../core/identity-here.js';
import type {McoLogEvent} from '../core/log-classify.js';
import {type McoConfig, readMcoConfig} from '../core/mco-config/model.js';
import type {ClockSkew} from '../core/types.js';
import type {McoResult, SilentNodeEvidence} from '../io/check-io.js';
import {discoveryTopic} from '../mcollective/advisory.js';
import {
	CLOCK_PROBE_SHIFT_S,
	type SilentNodeFacts,
	silentNodeVerdict,
} from '../mcollective/silent-node-evidence.js';
import {provenThisHost} from './identity-here.js';
import {followLog, reconnectNote} from './node-log.js';
import {pairDifferences} from './pair.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

/** The wizard's own ping (wire client): stops as soon as every expected node answered, bounded. */
async function nativePing(input: RungInput, waitMs: number) {
	const client = await input.state.clientConfig();
	const settings = client.settings ?? readMcoConfig('');
	return input.ctx.io.mcoPing(settings, {
		timeoutMs: waitMs,
		connectTimeoutMs: input.timeoutMs,
		expect: input.ctx.ingredients.nodeIdentities,
		signal: input.signal,
		now: input.ctx.io.now,
	});
}

/** Log lines that decide a silent node for sure (F13, F14): the ping need not wait any longer. */
const DECISIVE_LOG = new Set<McoLogEvent['kind']>(['invalid-signature', 'message-too-old']);

/** How long after this host's node logged "Handling message" its reply may still be on its way. */
const HANDLED_REPLY_GRACE_MS = 1000;

/** Why the ping ended before the user's timeout although nodes were missing. */
type StoppedBy = 'node-log' | 'wire' | 'identity' | undefined;

/** Silent names beyond this many are not each resolved to prove they are this host (a fleet). */
const PROVE_HERE_MAX = 5;

/** Per silent identity, what the client-side listening proved or left open (one JSON-safe object). */
export type WireVerdict = {
	readonly identity: string;
	readonly id?: `F${number}`;
	readonly candidates: readonly string[];
	readonly because: string;
	/** With F14: which way the node's clock is off, as this run observed it. */
	readonly clock?: ClockSkew;
};

/** The client-side evidence of one ping, as facts for src/core/diagnose.ts (no secret in it). */
export type WireEvidence = {
	/** False when the listening failed (refused, rabbitmq): nothing below was observed. */
	readonly observed: boolean;
	readonly failure?: string;
	readonly verdicts: readonly WireVerdict[];
	/** mcollectived subscribed to our collective's discovery topic; undefined: no advisory seen for it. */
	readonly subscribed?: number;
	/** Replies to our ping the broker expired; undefined: not watched. */
	readonly expiredReplies?: number;
	/** Silent identities that answered the clock probe (a request dated +30 days), with their offset. */
	readonly clockAhead: readonly {readonly identity: string; readonly offsetS: number}[];
	readonly listenedMs: number;
};

/**
 * Silent identities that cannot answer any more: every subscriber of the collective's discovery
 * topic has answered (the advisory's count is exact for mcollectived: mco never subscribes there).
 */
function unsubscribedProven(facts: SilentNodeFacts | undefined, collective: string, answered: number) {
	const count = facts?.consumers.get(discoveryTopic(collective));
	return count !== undefined && count <= answered;
}

async function pingNodes(input: RungInput): Promise<RungOutcome> {
	const {io} = input.ctx;
	const client = await input.state.clientConfig();
	if (client.text === undefined)
		return {
			ok: false,
			evidence: `${client.path} cannot be read (${client.error})`,
			data: {probe: {outcome: 'error'}},
		};
	const settings = client.settings ?? readMcoConfig('');
	const expected = input.ctx.ingredients.nodeIdentities;
	const server = await input.state.serverConfig();
	const logPath = await input.state.nodeLog();
	const logStart = await io.logSize(logPath);
	// this host's own node (server.cfg here): the one its log speaks for
	const localNode = server.settings?.identity;
	const expectedSet = new Set(expected);
	// This host's node answering as a name nobody expected: proven to be the silent expected one
	// only when each silent name is this host (src/checks/identity-here.ts); then no need to wait.
	const answeredHere = localNode !== undefined && server.text !== undefined && !expectedSet.has(localNode);
	let proofs: Promise<(ThisHostProof | undefined)[]> | undefined;
	const proveHere = () => {
		const names = stillMissing();
		proofs ??= Promise.all(
			names.length <= PROVE_HERE_MAX ? names.map((n) => provenThisHost(io, n, input.timeoutMs)) : [],
		);
		return proofs;
	};
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	input.signal.addEventListener('abort', onAbort, {once: true});
	const answered = new Set<string>();
	let stoppedBy: StoppedBy;
	let facts: SilentNodeFacts | undefined;
	let expiredSeen = 0;
	const clockAhead = new Map<string, number>();
	const stillMissing = () => expected.filter((n) => !answered.has(n));
	// The ping is ended only once its request is on the wire: before that an abort would fail it.
	const pingStop = new AbortController();
	let sent = false;
	let decided: StoppedBy;
	const decideEarly = (by: Exclude<StoppedBy, undefined>) => {
		decided ??= by;
		if (sent && !pingStop.signal.aborted) {
			stoppedBy = decided;
			pingStop.abort();
		}
	};
	const onSent = () => {
		sent = true;
		if (decided) decideEarly(decided);
	};
	input.signal.addEventListener('abort', () => pingStop.abort(), {once: true});
	const started = io.monotonicMs();

	// Where the node log is local, its rejection line arrives within ms of our request.
	const logEvents: McoLogEvent[] = [];
	const following =
		logStart === undefined
			? undefined
			: followLog(io, logPath, logStart, stop.signal, (events) => {
					logEvents.push(...events);
					// a node that lost the broker says so while we wait for its reply
					const said = reconnectNote(events);
					if (said) input.note?.(said);
					const missing = stillMissing();
					const onlyLocalLeft = missing.length === 1 && (localNode === undefined || missing[0] === localNode);
					if (onlyLocalLeft && events.some((e) => DECISIVE_LOG.has(e.kind))) decideEarly('node-log');
					// handled, so its reply is due within ms: still missing a moment later, it was lost
					// on the way back (handledButLost below asks why, within the rung's budget)
					if (onlyLocalLeft && localNode && events.some((e) => e.kind === 'handling'))
						void io.sleep(HANDLED_REPLY_GRACE_MS, stop.signal).then(() => {
							if (!stop.signal.aborted && !answered.has(localNode)) decideEarly('node-log');
						});
				});
	// Where it is not: the broker's registrations and advisories, gathered while the ping is in flight.
	const ttlS = settings.ttl;
	const wireDecides = () => {
		const missing = stillMissing();
		if (missing.length === 0) return false;
		const proven = (id: string) =>
			clockAhead.has(id) ||
			facts?.nodes.some(
				(n) =>
					n.identity === id &&
					silentNodeVerdict(n, {
						collective: settings.mainCollective,
						ttlS,
						expiredSenders: 0,
						registrationExpected: false,
					}).id !== undefined,
			) === true;
		return (
			missing.every(proven) ||
			unsubscribedProven(facts, settings.mainCollective, answered.size) ||
			(expiredSeen > 0 && missing.length === 1)
		);
	};
	const checkWire = () => {
		if (wireDecides()) decideEarly('wire');
	};
	const clientSide = logStart === undefined && settings.connector === 'activemq';
	const listening = clientSide
		? io.gatherSilentNodeEvidence({
				settings,
				identities: expected,
				timeoutMs: input.timeoutMs,
				connectTimeoutMs: input.timeoutMs,
				signal: stop.signal,
				now: io.now,
				onFacts: (f) => {
					facts = f;
					checkWire();
				},
			})
		: undefined;
	// The clock probe: a request dated +30 days passes the TTL check of a node whose clock is ahead.
	const clockProbe = clientSide
		? io.mcoPing(
				{...settings, identity: `${settings.identity ?? 'mco-wizard'}-clockprobe`},
				{
					timeoutMs: input.timeoutMs,
					connectTimeoutMs: input.timeoutMs,
					expect: expected,
					signal: stop.signal,
					now: io.now,
					msgtimeShiftS: CLOCK_PROBE_SHIFT_S,
					onReply: (r) => {
						const offset = r.clockOffsetMs;
						if (offset !== undefined && Math.abs(offset) > ttlS * 1000) {
							clockAhead.set(r.identity, Math.round(offset / 1000));
							checkWire();
						}
					},
				},
			)
		: undefined;
	const pingOptions = {
		timeoutMs: input.timeoutMs,
		connectTimeoutMs: input.timeoutMs,
		expect: expected,
		signal: pingStop.signal,
		onSent,
		now: io.now,
		onReply: (r: {identity: string}) => {
			answered.add(r.identity);
			if (clientSide) checkWire();
			if (answeredHere && r.identity === localNode)
				void proveHere().then((list) => {
					const missing = stillMissing();
					if (missing.length > 0 && missing.every((n) => list.some((p) => p?.name === n)))
						decideEarly('identity');
				});
		},
	};
	let r: McoResult;
	let expiredReplies: number | undefined;
	try {
		if (clientSide) {
			const watched = await io.pingWatchingExpiredReplies(settings, {
				...pingOptions,
				onExpiredReply: (n) => {
					expiredSeen = n;
					checkWire();
				},
			});
			r = watched.ping;
			expiredReplies = watched.expiredReplies;
		} else r = await io.mcoPing(settings, pingOptions);
	} finally {
		// the ping is over: stop the listeners (a rejection may still be on its way to the log)
		if (!stoppedBy && following) await io.sleep(150);
		stop.abort();
		input.signal.removeEventListener('abort', onAbort);
	}
	const [followed, heard, probed] = await Promise.all([following, listening, clockProbe]);
	const waitedMs = Math.round(io.monotonicMs() - started);
	for (const x of r.replies) answered.add(x.identity);
	const missing = expected.filter((n) => !answered.has(n));
	// A fleet: the summary (answered of expected, slowest, silent named) instead of one entry per node.
	const fleet = r.replies.length > FLEET_SUMMARY_FROM || expected.length > FLEET_SUMMARY_FROM;
	const summary = fleet ? fleetSummaryLine(summarizeFleet(r.replies, {expected})) : undefined;
	const times = (summary ? [] : r.replies)
		.map(
			(x) =>
				`${x.identity} time=${x.ms.toFixed(1)} ms${x.clockOffsetMs !== undefined ? ` clock ${x.clockOffsetMs >= 0 ? '+' : ''}${(x.clockOffsetMs / 1000).toFixed(1)} s` : ''}`,
		)
		.join(', ');
	const replies = r.replies.map((x) => ({identity: x.identity, ms: x.ms, clockOffsetMs: x.clockOffsetMs}));
	if (!r.failure && missing.length === 0)
		return {ok: true, evidence: summary ?? `${r.replies.length} replied: ${times}`, data: {replies, missing}};
	if (r.failure?.outcome === 'dropped' && client.settings) {
		// The broker closed a session it had accepted: a fresh look tells whether it went away.
		const {host = '', port = 0} = client.settings.pool[0] ?? {};
		const now = await input.ctx.io.tcpConnect(host, port, input.timeoutMs, input.signal);
		if (now.outcome === 'refused' || now.outcome === 'timeout')
			return {
				ok: false,
				evidence: `ping failed at ${r.failure.phase}: ${r.failure.detail}; ${host}:${port} ${now.outcome === 'refused' ? 'refuses' : 'does not answer'} new connections now`,
				data: {replies, missing, probe: {outcome: now.outcome, code: now.code, host, port}},
			};
	}
	if (r.failure)
		return {
			ok: false,
			evidence: `ping failed at ${r.failure.phase}: ${r.failure.brokerMessage ?? r.failure.detail}`,
			data: {
				replies,
				missing,
				probe: {
					outcome: r.failure.outcome,
					code: r.failure.code,
					brokerMessage: r.failure.brokerMessage,
					destination: r.failure.destination,
				},
			},
		};
	// The same node's rejections, from a ping that ended early: the lines of this window only.
	const events = followed ?? logEvents;
	// Only an mcollectived that loaded THIS server.cfg is this node (other hosts' daemons, e.g. in
	// namespaces, show in /proc too).
	const daemons = await io.runningDaemons(input.ctx.ingredients.platform);
	const want = server.text !== undefined ? await io.realpath(server.path) : undefined;
	let ours = 0;
	for (const d of daemons ?? []) if ((await io.realpath(d.config)) === want) ours++;
	for (const x of probed?.replies ?? [])
		if (x.clockOffsetMs !== undefined && Math.abs(x.clockOffsetMs) > ttlS * 1000)
			clockAhead.set(x.identity, Math.round(x.clockOffsetMs / 1000));
	// This host's node handled our request (its log says so), yet its reply never came back.
	const handledHere =
		!clientSide &&
		settings.connector === 'activemq' &&
		localNode !== undefined &&
		missing.length === 1 &&
		missing[0] === localNode &&
		events.some((e) => e.kind === 'handling' && e.requestId === r.requestId);
	const wire = clientSide
		? await wireEvidence(input, settings, {
				heard,
				missing,
				answered: answered.size,
				expiredReplies,
				clockAhead,
			})
		: handledHere
			? await handledButLost(input, settings, localNode)
			: undefined;
	const unexpected = r.replies.map((x) => x.identity).filter((id) => !expectedSet.has(id));
	const identityHere: IdentityHere | undefined =
		answeredHere && localNode !== undefined && unexpected.includes(localNode) && server.text !== undefined
			? identityHereFacts(localNode, server.text, await proveHere(), missing)
			: undefined;
	const how =
		stoppedBy === undefined
			? `waited the full ${input.timeoutMs} ms`
			: stoppedBy === 'identity'
				? `stopped after ${waitedMs} ms: this host's node answered as ${localNode}`
				: `stopped after ${waitedMs} ms: the ${stoppedBy === 'node-log' ? 'node log' : 'broker'} already showed why`;
	return {
		ok: false,
		evidence:
			summary ??
			`${r.replies.length ? `${times}; ` : 'No responses received; '}silent: ${missing.join(', ')} (${how})`,
		data: {
			replies,
			missing,
			events,
			nodeLogPath: logPath,
			nodeLogReadable: logStart !== undefined,
			serverConfigRead: server.text !== undefined,
			waitedMs,
			...(stoppedBy ? {stoppedBy} : {}),
			...(wire ? {wire} : {}),
			...(unexpected.length > 0 ? {unexpected: unexpected.slice(0, 20)} : {}),
			...(identityHere ? {identityHere} : {}),
			...(client.settings && server.settings
				? {pair: pairDifferences(client.settings, server.settings)}
				: {}),
			...(daemons !== undefined && want !== undefined ? {daemonRunning: ours > 0} : {}),
		},
	};
}

/**
 * The client-side facts for the silent identities: each one's registration verdict, the
 * subscriber count, and, when the broker expired a reply to our broadcast ping, a ping aimed at
 * each silent node alone to say WHICH node's clock is behind (the advisory names no sender).
 */
async function wireEvidence(
	input: RungInput,
	settings: McoConfig,
	seen: {
		heard: SilentNodeEvidence | undefined;
		missing: readonly string[];
		answered: number;
		expiredReplies: number | undefined;
		clockAhead: ReadonlyMap<string, number>;
	},
): Promise<WireEvidence> {
	const {heard, missing} = seen;
	// The consumer advisories are replayed when we subscribe, one frame per destination WITH
	// consumers: after a whole window with the subscription granted, no frame for our discovery
	// topic means nobody is subscribed there.
	const subscribed =
		heard?.consumers.get(discoveryTopic(settings.mainCollective)) ??
		(heard?.ok && heard.advisoriesSeen ? 0 : undefined);
	const behind = new Set<string>();
	if ((seen.expiredReplies ?? 0) > 0)
		for (const identity of missing.slice(0, 5))
			if ((await repliesExpire(input, settings, identity)).expired) behind.add(identity);
	const notSubscribed = subscribed !== undefined && subscribed <= seen.answered;
	const verdicts = missing.map((identity): WireVerdict => {
		const ahead = seen.clockAhead.get(identity);
		if (ahead !== undefined)
			return {
				identity,
				id: 'F14',
				candidates: ['F14'],
				// a request dated in the future answered: the node's clock is ahead (sign kept for the words)
				clock: ahead >= 0 ? 'node-ahead' : 'node-behind',
				because: `${identity} answered the clock probe (a request dated +30 days): its clock is ${ahead >= 0 ? '+' : ''}${ahead} s off ours, beyond the TTL of ${settings.ttl} s`,
			};
		if (behind.has(identity))
			return {
				identity,
				id: 'F14',
				candidates: ['F14'],
				clock: 'node-behind',
				because: `${identity} handled our ping, but the broker expired its reply (ActiveMQ.Advisory.Expired): its clock is behind the broker's by more than ttl+10 s`,
			};
		const node = heard?.nodes.find((n) => n.identity === identity);
		const v = node
			? silentNodeVerdict(node, {
					collective: settings.mainCollective,
					ttlS: settings.ttl,
					expiredSenders: heard?.expiredSenders ?? 0,
					registrationExpected: false,
				})
			: undefined;
		if (v?.id)
			return {
				identity,
				id: v.id,
				candidates: v.candidates,
				because: v.because,
				...(v.clock ? {clock: v.clock} : {}),
			};
		if (notSubscribed)
			return {
				identity,
				candidates: ['F9', 'F10', 'F11', 'F12'],
				because: `the broker counts ${subscribed} mcollectived subscribed to ${discoveryTopic(settings.mainCollective)} and ${seen.answered} answered: ${identity} is not connected to this broker in this collective`,
			};
		return {
			identity,
			candidates: ['F9', 'F10', 'F11', 'F12', 'F13', 'F14'],
			because:
				subscribed !== undefined
					? `${subscribed} mcollectived subscribed to ${discoveryTopic(settings.mainCollective)}, ${seen.answered} answered; the count does not name nodes, so ${identity} may be connected (psk, clock) or not (stopped, login, collective)`
					: `no registration and no advisory named ${identity}`,
		};
	});
	return {
		observed: heard?.ok === true,
		...(heard && !heard.ok && heard.failure ? {failure: heard.failure.detail} : {}),
		verdicts,
		...(subscribed !== undefined ? {subscribed} : {}),
		...(seen.expiredReplies !== undefined ? {expiredReplies: seen.expiredReplies} : {}),
		clockAhead: [...seen.clockAhead].map(([identity, offsetS]) => ({identity, offsetS})),
		listenedMs: heard?.listenedMs ?? 0,
	};
}

/**
 * A ping aimed at `identity` alone while watching the broker's expired-message advisories: true
 * when the broker expired the reply and none arrived (the node's clock is behind, F14). `watched`
 * is false when the advisories could not be read (the answer is then unknown, not no).
 */
async function repliesExpire(
	input: RungInput,
	settings: McoConfig,
	identity: string,
): Promise<{expired: boolean; watched: boolean; count: number}> {
	const directed = await input.ctx.io.pingWatchingExpiredReplies(settings, {
		timeoutMs: Math.min(2000, input.timeoutMs),
		connectTimeoutMs: input.timeoutMs,
		identities: [identity],
		expect: [identity],
		signal: input.signal,
		now: input.ctx.io.now,
	});
	const count = directed.expiredReplies ?? 0;
	return {
		expired: count > 0 && directed.ping.replies.length === 0,
		watched: directed.expiredReplies !== undefined,
		count,
	};
}

/**
 * This host's node logged "Handling message" for our ping but its reply never arrived: asked
 * again alone, with the broker's expiry advisories watched, an expired reply names F14 (a node
 * clock behind stamps its replies already expired; ActiveMQ drops them). Undefined when that is
 * not what happened: the silence then keeps the story the log tells.
 */
async function handledButLost(
	input: RungInput,
	settings: McoConfig,
	identity: string,
): Promise<WireEvidence | undefined> {
	const started = input.ctx.io.monotonicMs();
	const seen = await repliesExpire(input, settings, identity);
	if (!seen.expired) return undefined;
	return {
		observed: true,
		verdicts: [
			{
				identity,
				id: 'F14',
				candidates: ['F14'],
				clock: 'node-behind',
				because: `${identity} logged "Handling message" for our ping, and the broker expired its reply to a ping aimed at it alone (ActiveMQ.Advisory.Expired): its clock is behind the broker's by more than ttl+10 s`,
			},
		],
		expiredReplies: seen.count,
		clockAhead: [],
		listenedMs: Math.round(input.ctx.io.monotonicMs() - started),
	};
}

async function clockOffset(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const ttl = client.settings?.ttl ?? 60;
	const r = await nativePing(input, input.timeoutMs);
	if (r.failure || r.replies.length === 0)
		return {
			ok: false,
			evidence: `no reply to measure: ${r.failure?.detail ?? 'No responses received'}`,
			// a failed connection is the broker's story, not the clock's (diagnose reads probe)
			data: r.failure
				? {
						ttl,
						probe: {
							outcome: r.failure.outcome,
							code: r.failure.code,
							brokerMessage: r.failure.brokerMessage,
							destination: r.failure.destination,
						},
					}
				: {ttl},
		};
	// the node's msgtime (whole seconds) against our clock: ±0.5 s
	const offsets = r.replies.map((x) => ({
		identity: x.identity,
		offsetS: Math.round((x.clockOffsetMs ?? 0) / 100) / 10,
	}));
	const worst = offsets.reduce((m, o) => Math.max(m, Math.abs(o.offsetS)), 0);
	const red = ttl / 2;
	return {
		ok: worst < red,
		evidence: `${clockList(offsets)} (TTL ${ttl} s, warning from ${red} s)`,
		data: {offsets, ttl},
	};
}

/** Each node's offset; for a fleet the five furthest off and the count, not thousands of entries. */
function clockList(offsets: readonly {identity: string; offsetS: number}[]): string {
	const say = (o: {identity: string; offsetS: number}) =>
		`${o.identity} ${o.offsetS >= 0 ? '+' : ''}${o.offsetS} s`;
	if (offsets.length <= FLEET_SUMMARY_FROM) return offsets.map(say).join(', ');
	const worst = [...offsets].sort((a, b) => Math.abs(b.offsetS) - Math.abs(a.offsetS)).slice(0, 5);
	return `${offsets.length} nodes, furthest off: ${worst.map(say).join(', ')}`;
}

export const e2eLadder: Ladder = {
	'ping-nodes': {run: pingNodes},
	'clock-offset': {run: clockOffset},
};

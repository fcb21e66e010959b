/**
 * Listen, from a host that has only client.cfg, for what the broker tells about nodes: their
 * registration messages (signed with their psk, stamped with their clock) and ActiveMQ's
 * advisories (consumers per agent topic, registrations the broker expired). One STOMP session, a
 * hard deadline, nothing thrown. Only the ActiveMQ connector: RabbitMQ has neither these topic
 * names nor advisories. What each source really delivers: docs/client-side-evidence-verified.md.
 */

import os from 'node:os';
import type {McoConfig} from '../core/mco-config/model.js';
import {
	type AdvisoryFrame,
	CONSUMER_ADVISORY_TOPICS,
	collectivesWithConsumers,
	consumerCounts,
	decodeAdvisory,
	expiredAdvisoryTopic,
	expiredRepliesTo,
	HEADERS_ONLY_TRANSFORMATION,
} from '../mcollective/advisory.js';
import {decodeRegistration, registrationTopic} from '../mcollective/registration.js';
import {
	type HeardRegistration,
	type SilentNodeFacts,
	summarizeSilentNodeEvidence,
} from '../mcollective/silent-node-evidence.js';
import {connect, type McoFailure, type McoOptions, type McoResult, mcoPing} from './mco-client.js';
import {type ReceivedMessage, type StompSession, StompSessionError} from './stomp-session.js';

export type SilentNodeEvidenceOptions = {
	readonly settings: McoConfig;
	/** The nodes we are asking about (typically those that did not answer a ping). */
	readonly identities: readonly string[];
	/**
	 * How long to listen. A node registers once per `registerinterval`, so only a window at least
	 * that long can prove "no registration"; stops earlier once every identity was heard.
	 */
	readonly timeoutMs: number;
	/** TCP+CONNECT bound; default config connection_timeout, else 5 s. */
	readonly connectTimeoutMs?: number;
	readonly signal?: AbortSignal;
	/** Wall clock, epoch ms (clock offsets). */
	readonly now?: () => number;
	/**
	 * Called with the facts so far after every registration or advisory frame, so a caller can
	 * stop a ping in flight once they decide (then abort `signal` to end the listening).
	 */
	readonly onFacts?: (facts: SilentNodeFacts) => void;
};

export type RefusedSubscription = {readonly destination: string; readonly brokerMessage: string};

export type SilentNodeEvidence = SilentNodeFacts & {
	readonly ok: boolean;
	readonly failure?: McoFailure;
	readonly listenedMs: number;
	/** Registration topics we listened to (ours, plus collectives seen in the advisories). */
	readonly registrationTopics: readonly string[];
	/** Subscriptions the broker refused (ACLs): what we could NOT see. */
	readonly refused: readonly RefusedSubscription[];
	/** False when the advisory subscription was refused or failed: consumer counts are unknown. */
	readonly advisoriesSeen: boolean;
	/** Frames that were not registrations (not Marshal, not an envelope): count only. */
	readonly undecodable: number;
};

const emptyFacts = (identities: readonly string[]): SilentNodeFacts => ({
	nodes: identities.map((identity) => ({identity, heard: 'nothing'})),
	others: [],
	expiredSenders: 0,
	consumers: new Map(),
	discoveryConsumers: new Map(),
});

export async function gatherSilentNodeEvidence(
	options: SilentNodeEvidenceOptions,
): Promise<SilentNodeEvidence> {
	const {settings} = options;
	const now = options.now ?? Date.now;
	const started = performance.now();
	const base = {
		listenedMs: 0,
		registrationTopics: [] as string[],
		refused: [] as RefusedSubscription[],
		advisoriesSeen: false,
		undecodable: 0,
	};
	if (settings.connector !== 'activemq') {
		return {
			...emptyFacts(options.identities),
			...base,
			ok: false,
			failure: {
				outcome: 'config',
				phase: 'config',
				detail: `registrations and advisories are read only with the activemq connector (this is '${settings.connector}')`,
			},
		};
	}
	const connected = await connect(settings, {
		timeoutMs: options.timeoutMs,
		connectTimeoutMs: options.connectTimeoutMs,
		signal: options.signal,
	});
	if ('failure' in connected)
		return {...emptyFacts(options.identities), ...base, ok: false, failure: connected.failure};
	const session: StompSession = connected.session;
	const registrations: HeardRegistration[] = [];
	const advisories: AdvisoryFrame[] = [];
	const refused: RefusedSubscription[] = [];
	const topics: string[] = [];
	let undecodable = 0;
	let advisoriesSeen = false;
	let failure: McoFailure | undefined;
	let closing = false;
	const pending = new Set(options.identities);
	let wake: () => void = () => {};
	const allHeard = new Promise<void>((resolve) => {
		wake = resolve;
	});
	session.onFailure((error) => {
		if (closing) return;
		failure = {
			outcome: error.outcome,
			phase: error.phase,
			detail: error.message,
			brokerMessage: error.brokerMessage,
		};
		wake();
	});

	const onRegistration = (message: ReceivedMessage) => {
		const decoded = decodeRegistration(
			{headers: message.headers, body: message.body},
			{psk: settings.psk ?? '', base64: settings.base64},
		);
		if (!decoded.ok) {
			undecodable++;
			return;
		}
		registrations.push({registration: decoded.registration, receivedAtMs: now()});
		pending.delete(decoded.registration.identity);
		report();
		if (pending.size === 0) wake();
	};
	const report = () => {
		if (options.onFacts && !closing)
			options.onFacts(
				summarizeSilentNodeEvidence({identities: options.identities, registrations, advisories}),
			);
	};
	const extraSubscriptions: Promise<void>[] = [];
	const onAdvisory = (message: ReceivedMessage) => {
		const advisory = decodeAdvisory(message.headers);
		if (!advisory) return;
		advisories.push(advisory);
		report();
		// A collective some node listens to that we do not use (F12): its registrations say which
		// node, where the ACLs let us read them.
		for (const collective of collectivesWithConsumers(consumerCounts([advisory])))
			if (!closing && !topics.includes(registrationTopic(collective)))
				extraSubscriptions.push(subscribeRegistrations(collective));
	};
	const subscribeMs = Math.min(3000, options.timeoutMs);
	const trySubscribe = async (
		destination: string,
		handler: (m: ReceivedMessage) => void,
		headers?: Record<string, string>,
	): Promise<boolean> => {
		try {
			await session.subscribe(destination, handler, {timeoutMs: subscribeMs, headers});
			return true;
		} catch (error) {
			// a subscription still pending when our window closed is not a broker failure
			if (closing) return false;
			const e = error as StompSessionError;
			if (e instanceof StompSessionError && e.outcome === 'not-authorized')
				refused.push({destination, brokerMessage: e.brokerMessage ?? e.message});
			else failure ??= {outcome: 'error', phase: 'subscribe', detail: (e as Error).message, destination};
			return false;
		}
	};
	// Without a transformation the broker needs XStream for advisories, which Debian's ActiveMQ
	// lacks: it would drop this connection. See advisory.ts.
	const headersOnly = {transformation: HEADERS_ONLY_TRANSFORMATION};
	const subscribeRegistrations = async (collective: string) => {
		const topic = registrationTopic(collective);
		if (topics.includes(topic)) return;
		topics.push(topic);
		await trySubscribe(topic, onRegistration);
		await trySubscribe(expiredAdvisoryTopic(topic), onAdvisory, headersOnly);
	};
	try {
		advisoriesSeen = true;
		for (const topic of CONSUMER_ADVISORY_TOPICS)
			advisoriesSeen = (await trySubscribe(topic, onAdvisory, headersOnly)) && advisoriesSeen;
		for (const collective of settings.collectives) if (!failure) await subscribeRegistrations(collective);
		await Promise.all(extraSubscriptions);
		// an abort before the wait (the caller already decided) ends the listening at once
		if (!failure && pending.size > 0 && !options.signal?.aborted) {
			const left = Math.max(0, options.timeoutMs - (performance.now() - started));
			let timer: NodeJS.Timeout | undefined;
			const onAbort = () => wake();
			options.signal?.addEventListener('abort', onAbort, {once: true});
			await Promise.race([allHeard, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
		}
	} finally {
		closing = true;
		await session.close(1000);
	}
	const facts = summarizeSilentNodeEvidence({identities: options.identities, registrations, advisories});
	return {
		...facts,
		ok: failure === undefined,
		...(failure ? {failure} : {}),
		listenedMs: Math.round(performance.now() - started),
		registrationTopics: topics,
		refused,
		advisoriesSeen,
		undecodable,
	};
}

export type PingExpiryResult = {
	readonly ping: McoResult;
	/**
	 * Replies to THIS ping that the broker expired before delivering them: a node handled our
	 * request (psk, collective and filter fine) but its reply's `expires` header, stamped by its
	 * clock, was already past by the broker's: a node clock behind by more than ttl+10 s (F14).
	 * With `identities` set to one node, that node. Undefined when the advisory was not readable.
	 */
	readonly expiredReplies: number | undefined;
	readonly failure?: McoFailure;
};

/**
 * `ping` (mco-client) while watching the broker's expired-message advisories for our own reply
 * queue. Verified on the lab: a node under libfaketime -300 s logs "Handling message" and sends
 * the reply, and ActiveMQ fires ActiveMQ.Advisory.Expired.Queue.<c>.reply.<id>_<pid>.<seq>.
 */
export async function pingWatchingExpiredReplies(
	settings: McoConfig,
	options: McoOptions & {
		/** Called on each expired reply to this ping as it is seen (the ping may then be aborted). */
		readonly onExpiredReply?: (count: number) => void;
	},
): Promise<PingExpiryResult> {
	const collective = options.collective ?? settings.mainCollective;
	const identity = settings.identity ?? options.clientIdentity ?? os.hostname();
	// our reply queues: activemq.rb make_target :reply, as mco-client names them
	const ours = `/queue/${collective}.reply.${identity}_${process.pid}.`;
	const watcher =
		settings.connector === 'activemq'
			? await connect(settings, {
					timeoutMs: options.timeoutMs,
					connectTimeoutMs: options.connectTimeoutMs,
					signal: options.signal,
				})
			: undefined;
	if (watcher && 'failure' in watcher)
		return {ping: await mcoPing(settings, options), expiredReplies: undefined, failure: watcher.failure};
	let watching = false;
	const expired: AdvisoryFrame[] = [];
	if (watcher) {
		try {
			await watcher.session.subscribe(
				expiredAdvisoryTopic(`/queue/${collective}.reply.>`),
				(message) => {
					const advisory = decodeAdvisory(message.headers);
					if (!advisory) return;
					expired.push(advisory);
					const count = expiredRepliesTo(expired, ours);
					if (count > 0) options.onExpiredReply?.(count);
				},
				{
					timeoutMs: Math.min(3000, options.timeoutMs),
					headers: {transformation: HEADERS_ONLY_TRANSFORMATION},
				},
			);
			watching = true;
		} catch {
			// not readable (ACL) or not answered: the count is unknown, not zero
		}
	}
	try {
		const ping = await mcoPing(settings, options);
		return {ping, expiredReplies: watching ? expiredRepliesTo(expired, ours) : undefined};
	} finally {
		await watcher?.session.close(1000);
	}
}

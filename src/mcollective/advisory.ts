/**
 * ActiveMQ advisory messages as a STOMP client receives them, for "is any mcollectived subscribed
 * to this collective at all?". Verified on ActiveMQ 5.17.2 (Debian): see
 * docs/client-side-evidence-verified.md. What it delivers there, and why we read headers only:
 *
 * - Debian's activemq package ships no XStream/Jettison. Without a `transformation` header (or with
 *   jms-advisory-json / -xml, jms-map-json, jms-byte) the broker converts advisories with XStream,
 *   throws NoClassDefFoundError and DROPS OUR CONNECTION. A transformation name it does not know
 *   makes it fall back to the legacy translator: the advisory arrives with an empty body and its
 *   properties as headers (`consumerCount`, `orignalMessageId`, `type:Advisory`). Same on an
 *   upstream broker that has XStream, so one code path works everywhere.
 * - Consumer advisories are replayed on SUBSCRIBE, also for wildcards: subscribing to
 *   `ActiveMQ.Advisory.Consumer.Topic.>` delivers one frame per existing consumer, each addressed
 *   to `ActiveMQ.Advisory.Consumer.Topic.<watched destination>` with the current `consumerCount`.
 *   No client id, address or identity is readable without the body.
 * - A message that expired in the broker (a node whose clock is behind by more than ttl+10 s: its
 *   `expires` header is already past) fires `ActiveMQ.Advisory.Expired.Topic.<destination>` with
 *   `orignalMessageId` (sic), whose connection part names the sender's connection.
 */

/** A transformation ActiveMQ does not know: the legacy, headers-only translation (see above). */
export const HEADERS_ONLY_TRANSFORMATION = 'mco-wizard-headers-only';

export const ADVISORY_PREFIX = '/topic/ActiveMQ.Advisory.';

/** Every topic consumer and every queue consumer, replayed on subscribe. */
export const CONSUMER_ADVISORY_TOPICS = [
	`${ADVISORY_PREFIX}Consumer.Topic.>`,
	`${ADVISORY_PREFIX}Consumer.Queue.>`,
] as const;

/** Expired-message advisories for a destination such as `/topic/mcollective.registration.agent`. */
export function expiredAdvisoryTopic(destination: string): string {
	const {kind, name} = splitDestination(destination);
	return `${ADVISORY_PREFIX}Expired.${kind === 'queue' ? 'Queue' : 'Topic'}.${name}`;
}

/** A collective's agent topic that only mcollectived subscribes to (mco never does). */
export function discoveryTopic(collective: string): string {
	return `/topic/${collective}.discovery.agent`;
}

function splitDestination(destination: string): {kind: 'topic' | 'queue'; name: string} {
	const m = /^\/(topic|queue)\/(.*)$/.exec(destination);
	return m ? {kind: m[1] as 'topic' | 'queue', name: m[2] as string} : {kind: 'topic', name: destination};
}

export type AdvisoryFrame =
	| {
			readonly kind: 'consumer';
			/** The destination being consumed, e.g. `/topic/mcollective.discovery.agent`. */
			readonly watched: string;
			readonly consumerCount: number;
	  }
	| {readonly kind: 'connection'}
	| {
			readonly kind: 'expired';
			readonly watched: string;
			readonly originalMessageId: string | undefined;
			/** The sending connection (message-id minus session, producer and sequence). */
			readonly senderConnection: string | undefined;
	  }
	| {readonly kind: 'other'; readonly advisoryTopic: string};

/**
 * ActiveMQ message ids are `<connection id>:<session>:<producer>:<sequence>` and the connection
 * id itself contains colons (`ID:host-port-start-n:conn`); STOMP producers use session -1.
 */
export function connectionOfMessageId(messageId: string | undefined): string | undefined {
	if (!messageId) return undefined;
	const parts = messageId.split(':');
	if (parts.length < 5) return undefined;
	return parts.slice(0, -3).join(':');
}

/** One advisory MESSAGE (headers only); undefined when it is not an advisory. */
export function decodeAdvisory(headers: Readonly<Record<string, string>>): AdvisoryFrame | undefined {
	const destination = headers.destination;
	if (!destination?.startsWith(ADVISORY_PREFIX)) return undefined;
	const rest = destination.slice(ADVISORY_PREFIX.length);
	const watched = /^(Consumer|Expired)\.(Topic|Queue)\.(.+)$/.exec(rest);
	if (watched?.[1] === 'Consumer') {
		const count = Number(headers.consumerCount);
		return {
			kind: 'consumer',
			watched: `/${watched[2]?.toLowerCase()}/${watched[3]}`,
			consumerCount: Number.isInteger(count) && count >= 0 ? count : 0,
		};
	}
	if (watched?.[1] === 'Expired') {
		const originalMessageId = headers.orignalMessageId ?? headers.originalMessageId;
		return {
			kind: 'expired',
			watched: `/${watched[2]?.toLowerCase()}/${watched[3]}`,
			originalMessageId,
			senderConnection: connectionOfMessageId(originalMessageId),
		};
	}
	if (rest === 'Connection') return {kind: 'connection'};
	return {kind: 'other', advisoryTopic: destination};
}

/**
 * Consumers per destination after a series of advisories: the broker puts the CURRENT count on
 * every frame (replayed, added or removed consumer alike), so the last one per destination wins.
 */
export function consumerCounts(frames: readonly AdvisoryFrame[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const frame of frames) if (frame.kind === 'consumer') counts.set(frame.watched, frame.consumerCount);
	return counts;
}

/** Collectives some consumer listens to, read from `/topic/<collective>.<agent>.agent` names. */
export function collectivesWithConsumers(counts: ReadonlyMap<string, number>): string[] {
	const found = new Set<string>();
	for (const [destination, count] of counts) {
		const m = /^\/topic\/(.+)\.discovery\.agent$/.exec(destination);
		if (m?.[1] && count > 0) found.add(m[1]);
	}
	return [...found].sort();
}

/**
 * Replies the broker expired on their way to reply queues starting with `replyQueuePrefix` (ours:
 * `/queue/<c>.reply.<identity>_<pid>.`): a node handled our request but its clock stamped an
 * `expires` already past by the broker's clock.
 */
export function expiredRepliesTo(frames: readonly AdvisoryFrame[], replyQueuePrefix: string): number {
	return frames.filter((f) => f.kind === 'expired' && f.watched.startsWith(replyQueuePrefix)).length;
}

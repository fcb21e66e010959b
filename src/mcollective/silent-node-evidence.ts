/**
 * What a host with only client.cfg can say about nodes that stay silent, from what it heard on the
 * wire for a while: their registrations (registration.ts) and the broker's advisories
 * (advisory.ts). Pure: the listening is src/io/client-evidence.ts. Each finding names the
 * failure-catalogue entries the evidence proves or leaves open; it never guesses between them.
 */
import type {ClockSkew} from '../core/types.js';
import {
	type AdvisoryFrame,
	collectivesWithConsumers,
	connectionOfMessageId,
	consumerCounts,
	discoveryTopic,
} from './advisory.js';
import {type Registration, registrationClockOffsetMs} from './registration.js';

/** The clock probe's shift: 30 days, far beyond any skew we diagnose, still a plausible Bignum msgtime. */
export const CLOCK_PROBE_SHIFT_S = 30 * 24 * 3600;

export type HeardRegistration = {readonly registration: Registration; readonly receivedAtMs: number};

export type NodeEvidence =
	| {
			readonly identity: string;
			readonly heard: 'registration';
			/** Collective the node registered in (its main_collective or registration_collective). */
			readonly collective: string | undefined;
			readonly signatureValid: boolean;
			/** Node clock minus ours, ms, from the latest registration. */
			readonly clockOffsetMs: number | undefined;
			readonly messages: number;
			readonly agents: readonly string[] | undefined;
	  }
	| {readonly identity: string; readonly heard: 'nothing'};

export type SilentNodeFacts = {
	readonly nodes: readonly NodeEvidence[];
	/** Registrations from identities we were not asked about (other nodes of the same broker). */
	readonly others: readonly NodeEvidence[];
	/**
	 * Distinct connections whose registrations the broker expired before delivery: nodes whose
	 * clock is behind the broker's by more than ttl+10 s. The advisory carries no identity.
	 */
	readonly expiredSenders: number;
	/** Consumers per destination (topics and queues), from the replayed consumer advisories. */
	readonly consumers: ReadonlyMap<string, number>;
	/** mcollectived subscribed to `/topic/<c>.discovery.agent`, per collective that has any. */
	readonly discoveryConsumers: ReadonlyMap<string, number>;
};

export function summarizeSilentNodeEvidence(input: {
	readonly identities: readonly string[];
	readonly registrations: readonly HeardRegistration[];
	readonly advisories: readonly AdvisoryFrame[];
}): SilentNodeFacts {
	const byIdentity = new Map<string, HeardRegistration[]>();
	for (const heard of input.registrations) {
		const list = byIdentity.get(heard.registration.identity) ?? [];
		list.push(heard);
		byIdentity.set(heard.registration.identity, list);
	}
	const evidenceOf = (identity: string): NodeEvidence => {
		const heard = byIdentity.get(identity);
		const latest = heard?.at(-1);
		if (!heard || !latest) return {identity, heard: 'nothing'};
		const {registration} = latest;
		return {
			identity,
			heard: 'registration',
			collective: registration.collective,
			// one bad signature is enough: a node signs every message with the same psk
			signatureValid: heard.every((h) => h.registration.signatureValid),
			clockOffsetMs:
				registration.msgtime === undefined
					? undefined
					: registrationClockOffsetMs(registration.msgtime, latest.receivedAtMs),
			messages: heard.length,
			agents: registration.agents,
		};
	};
	const delivered = new Set(
		input.registrations.map((h) => connectionOfMessageId(h.registration.messageId)).filter(Boolean),
	);
	const expired = new Set<string>();
	for (const a of input.advisories) {
		if (a.kind === 'expired' && a.senderConnection && !delivered.has(a.senderConnection))
			expired.add(a.senderConnection);
	}
	const consumers = consumerCounts(input.advisories);
	const discoveryConsumers = new Map<string, number>();
	for (const c of collectivesWithConsumers(consumers))
		discoveryConsumers.set(c, consumers.get(discoveryTopic(c)) ?? 0);
	const asked = new Set(input.identities);
	return {
		nodes: input.identities.map(evidenceOf),
		others: [...byIdentity.keys()].filter((id) => !asked.has(id)).map(evidenceOf),
		expiredSenders: expired.size,
		consumers,
		discoveryConsumers,
	};
}

export type SilentNodeVerdict = {
	/** Set only when the evidence proves one entry. */
	readonly id: 'F12' | 'F13' | 'F14' | undefined;
	/** Entries still possible (with id set: just that one; empty: the node looks healthy). */
	readonly candidates: readonly string[];
	readonly because: string;
	/** With F14: which way the node's clock is off (its registration's msgtime ahead of ours). */
	readonly clock?: ClockSkew;
};

/**
 * For one node that did not answer a ping: what its registration (or the lack of one) proves.
 * `collective` is the one we pinged; `ttlS` our TTL (the node rejects requests older than its own).
 */
export function silentNodeVerdict(
	node: NodeEvidence,
	context: {
		collective: string;
		ttlS: number;
		expiredSenders: number;
		/**
		 * True only when the node is known to register within the window we listened (its
		 * server.cfg has registerinterval > 0, e.g. written by the wizard). MCollective's default
		 * is 0, and then silence on the registration topic proves nothing.
		 */
		registrationExpected: boolean;
	},
): SilentNodeVerdict {
	if (node.heard === 'nothing') {
		if (!context.registrationExpected) {
			return {
				id: undefined,
				candidates: ['F10', 'F11', 'F12', 'F13', 'F14'],
				because: `no registration from ${node.identity}, and it may not have registration on`,
			};
		}
		const candidates = ['F10', 'F11', 'F12', ...(context.expiredSenders > 0 ? ['F14'] : [])];
		return {
			id: undefined,
			candidates,
			because:
				context.expiredSenders > 0
					? `no registration from ${node.identity}; ${context.expiredSenders} connection(s) sent registrations the broker expired (a clock behind by more than ttl+10 s)`
					: `no registration from ${node.identity} (not running, login refused, or another collective)`,
		};
	}
	if (!node.signatureValid) {
		return {
			id: 'F13',
			candidates: ['F13'],
			because: `${node.identity}'s registration is signed with a psk that is not ours`,
		};
	}
	if (node.collective !== undefined && node.collective !== context.collective) {
		return {
			id: 'F12',
			candidates: ['F12'],
			because: `${node.identity} registers in collective '${node.collective}', not '${context.collective}'`,
		};
	}
	if (node.clockOffsetMs !== undefined && node.clockOffsetMs > context.ttlS * 1000) {
		return {
			id: 'F14',
			candidates: ['F14'],
			clock: 'node-ahead',
			because: `${node.identity}'s clock is ${Math.round(node.clockOffsetMs / 1000)} s ahead of ours (TTL ${context.ttlS} s)`,
		};
	}
	return {
		id: undefined,
		candidates: [],
		because: `${node.identity} is connected, shares our psk and collective, and its clock is within the TTL`,
	};
}

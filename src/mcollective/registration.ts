/**
 * MCollective 2.12 registration messages, read by a client. A node with `registerinterval = N`
 * publishes every N s a REQUEST envelope for agent `registration` (registration/base.rb:54-65) to
 * `/topic/<collective>.registration.agent` (activemq.rb make_target :request). It is signed with
 * the NODE's psk and stamped with the NODE's clock, so a client that only has client.cfg can tell
 * "that node's psk differs from mine" and "that node's clock is off" without the node's log.
 * Verified on ActiveMQ 5.17.2 + mcollectived 2.12.5: docs/client-side-evidence-verified.md.
 */
import {fromRubyBase64} from './envelope.js';
import {integerOf, type MarshalValue, marshalLoad, RubyString, stringOf, symbolKey} from './marshal.js';
import {pskDigest} from './psk.js';

export {REGISTRATION_SERVER_SETTINGS} from './registration-settings.js';

/** Where a node of `collective` publishes its registrations (ActiveMQ connector). */
export function registrationTopic(collective: string): string {
	return `/topic/${collective}.registration.agent`;
}

export type RegistrationFrame = {
	readonly headers: Readonly<Record<string, string>>;
	readonly body: Uint8Array;
};

export type Registration = {
	/** `:senderid`: the node's identity (not covered by the signature, like everything but :body). */
	readonly identity: string;
	readonly collective: string | undefined;
	readonly agent: string | undefined;
	/** `:msgtime`, epoch seconds by the node's clock. */
	readonly msgtime: number | undefined;
	readonly ttl: number | undefined;
	readonly requestid: string | undefined;
	readonly callerid: string | undefined;
	/** MD5(:body ‖ psk) recomputed with OUR psk equals the node's :hash: same psk on both ends. */
	readonly signatureValid: boolean;
	/** The agentlist plugin's body: the agents the node loaded (undefined for other plugins' bodies). */
	readonly agents: readonly string[] | undefined;
	/** STOMP headers the node's connector set, by the node's clock (activemq.rb headers_for). */
	readonly sender: string | undefined;
	readonly timestampMs: number | undefined;
	readonly expiresMs: number | undefined;
	/** The broker's message-id; its connection part links it to advisories (see advisory.ts). */
	readonly messageId: string | undefined;
	readonly destination: string | undefined;
};

export type DecodedRegistration =
	| {readonly ok: true; readonly registration: Registration}
	| {readonly ok: false; readonly problem: 'not-marshal' | 'not-an-envelope'; readonly detail: string};

const numberHeader = (value: string | undefined): number | undefined =>
	value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;

function bytesOf(value: MarshalValue | undefined): Uint8Array | undefined {
	if (value instanceof Uint8Array) return value;
	if (value instanceof RubyString) return value.bytes;
	if (typeof value === 'string') return new TextEncoder().encode(value);
	return undefined;
}

/** Agentlist's body is a Marshal Array of Strings; anything else (a Meta plugin's Hash) is not a list. */
function agentListOf(body: Uint8Array): string[] | undefined {
	try {
		const value = marshalLoad(body);
		if (!Array.isArray(value)) return undefined;
		const names = value.map((v) => stringOf(v));
		return names.every((n): n is string => n !== undefined) ? names : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One MESSAGE from a registration topic. The signature check is the node's own (psk.rb:105-114)
 * replayed with our psk; nothing here trusts the unsigned fields beyond reporting them.
 */
export function decodeRegistration(
	frame: RegistrationFrame,
	options: {psk: string; base64?: boolean},
): DecodedRegistration {
	const payload = options.base64 ? fromRubyBase64(frame.body) : frame.body;
	if (!payload)
		return {
			ok: false,
			problem: 'not-marshal',
			detail: 'body is not base64 (plugin.activemq.base64 differs?)',
		};
	let envelope: MarshalValue;
	try {
		envelope = marshalLoad(payload);
	} catch (error) {
		return {ok: false, problem: 'not-marshal', detail: (error as Error).message};
	}
	const identity = stringOf(symbolKey(envelope, 'senderid'));
	const body = bytesOf(symbolKey(envelope, 'body'));
	const hash = stringOf(symbolKey(envelope, 'hash'));
	if (identity === undefined || body === undefined || hash === undefined) {
		return {ok: false, problem: 'not-an-envelope', detail: 'not a Hash with :senderid, :body and :hash'};
	}
	const msgtime = integerOf(symbolKey(envelope, 'msgtime'));
	const ttl = integerOf(symbolKey(envelope, 'ttl'));
	return {
		ok: true,
		registration: {
			identity,
			collective: stringOf(symbolKey(envelope, 'collective')),
			agent: stringOf(symbolKey(envelope, 'agent')),
			msgtime: msgtime === undefined ? undefined : Number(msgtime),
			ttl: ttl === undefined ? undefined : Number(ttl),
			requestid: stringOf(symbolKey(envelope, 'requestid')),
			callerid: stringOf(symbolKey(envelope, 'callerid')),
			signatureValid: pskDigest(body, options.psk) === hash,
			agents: agentListOf(body),
			sender: frame.headers.mc_sender,
			timestampMs: numberHeader(frame.headers.timestamp),
			expiresMs: numberHeader(frame.headers.expires),
			messageId: frame.headers['message-id'],
			destination: frame.headers.destination,
		},
	};
}

/**
 * The node's clock minus ours (ms) from a registration received at `receivedAtMs` (our epoch ms).
 * msgtime is floor(node seconds), so +500 centres it; the broker adds no timestamp of its own
 * (ActiveMQ passes the node's `timestamp` header through, verified), so the delivery delay cannot
 * be separated and counts as skew: on a LAN it is milliseconds, far below the TTL that matters.
 */
export function registrationClockOffsetMs(msgtimeS: number, receivedAtMs: number): number {
	return Math.round(msgtimeS * 1000 + 500 - receivedAtMs);
}

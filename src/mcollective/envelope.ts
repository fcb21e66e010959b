/**
 * MCollective 2.x message envelopes under the psk provider (security/base.rb, psk.rb, message.rb):
 * building requests as `mco` does, decoding and validating replies as the client does, and
 * replaying the server's own checks in the server's order so we can say WHY a node would drop a
 * request (bad signature, forged-looking callerid, too old for its TTL, not targeted at it).
 */
import {randomUUID} from 'node:crypto';
import {
	integerOf,
	MarshalError,
	type MarshalInput,
	type MarshalValue,
	marshalDump,
	marshalLoad,
	marshalLong,
	RubyString,
	stringOf,
	sym,
	symbolKey,
} from './marshal.js';
import {pskDigest, validCallerId} from './psk.js';

const ascii = (text: string) => new RubyString(new TextEncoder().encode(text), 'US-ASCII');

/** 32 lowercase hex chars, like `SSL.uuid` without dashes (the server only echoes it back). */
export function newRequestId(): string {
	return randomUUID().replaceAll('-', '');
}

export type FilterSpec = {
	readonly fact?: readonly {fact: string; value: string; operator: string}[];
	readonly cf_class?: readonly string[];
	readonly agent?: readonly string[];
	readonly identity?: readonly string[];
	readonly compound?: readonly MarshalInput[];
	/** mc discovery adds the collective as an extra top-level key (client.rb:148). */
	readonly collective?: string;
};

/** The filter Hash: String keys in mco's order, fact entries with Symbol keys. */
export function buildFilter(spec: FilterSpec = {}): Map<MarshalInput, MarshalInput> {
	const filter = new Map<MarshalInput, MarshalInput>([
		['fact', (spec.fact ?? []).map((f) => ({fact: f.fact, value: f.value, operator: f.operator}))],
		['cf_class', [...(spec.cf_class ?? [])]],
		['agent', [...(spec.agent ?? [])]],
		['identity', [...(spec.identity ?? [])]],
		['compound', [...(spec.compound ?? [])]],
	]);
	if (spec.collective !== undefined) filter.set('collective', spec.collective);
	return filter;
}

export type RequestFields = {
	/** The inner body (`"ping"` for discovery, an RPC Hash for agents). */
	readonly body: MarshalInput;
	/** A string (UTF-8) normally; bytes to reproduce a Ruby client whose identity came from gethostname (binary). */
	readonly senderid: string | Uint8Array;
	readonly requestid: string;
	readonly filter: Map<MarshalInput, MarshalInput>;
	readonly collective: string;
	readonly agent: string;
	readonly callerid: string;
	readonly ttl: number;
	/** Epoch seconds (Ruby `Time.now.utc.to_i`). */
	readonly msgtime: number;
	readonly psk: string;
};

export type EncodedRequest = {
	readonly payload: Uint8Array;
	readonly body: Uint8Array;
	readonly hash: string;
};

/** security/base.rb:177-189 + psk.rb:46-54, same key order and string encodings as Ruby's. */
export function encodeRequest(fields: RequestFields): EncodedRequest {
	const body = marshalDump(fields.body);
	const hash = pskDigest(body, fields.psk);
	// mco puts the very same String object in filter["collective"] and :collective, so Ruby writes
	// the second as a link; sharing one object here reproduces its bytes exactly.
	const collective = new RubyString(new TextEncoder().encode(fields.collective), 'UTF-8');
	const filter = new Map(fields.filter);
	if (filter.get('collective') === fields.collective) filter.set('collective', collective);
	// Likewise an RPC request's :agent is the String object of its agent filter entry.
	const agent = new RubyString(new TextEncoder().encode(fields.agent), 'UTF-8');
	const agentFilter = filter.get('agent');
	if (Array.isArray(agentFilter)) {
		const at = agentFilter.indexOf(fields.agent);
		if (at >= 0)
			filter.set(
				'agent',
				agentFilter.map((a, i) => (i === at ? agent : a)),
			);
	}
	const payload = marshalDump(
		new Map<MarshalInput, MarshalInput>([
			[sym('body'), body],
			[sym('senderid'), fields.senderid],
			[sym('requestid'), ascii(fields.requestid)],
			[sym('filter'), filter],
			[sym('collective'), collective],
			[sym('agent'), agent],
			[sym('callerid'), fields.callerid],
			[sym('ttl'), fields.ttl],
			[sym('msgtime'), fields.msgtime],
			[sym('hash'), ascii(hash)],
		]),
	);
	return {payload, body, hash};
}

/** `{:agent, :action, :caller, :data => {args…, :process_results => true}}` (rpc/client.rb:913-937). */
export function rpcRequestBody(request: {
	agent: string;
	action: string;
	caller: string;
	args?: ReadonlyMap<string, MarshalInput> | Readonly<Record<string, MarshalInput>>;
	processResults?: boolean;
}): MarshalInput {
	const data = new Map<MarshalInput, MarshalInput>();
	const args = request.args instanceof Map ? request.args : new Map(Object.entries(request.args ?? {}));
	for (const [key, value] of args) data.set(sym(key), value);
	data.set(sym('process_results'), request.processResults ?? true);
	return new Map<MarshalInput, MarshalInput>([
		[sym('agent'), request.agent],
		[sym('action'), request.action],
		[sym('caller'), request.caller],
		[sym('data'), data],
	]);
}

/** A node's reply envelope (security/base.rb:167-175), for fake nodes in tests and for symmetry. */
export function encodeReply(fields: {
	body: MarshalInput;
	senderid: string;
	requestid: string;
	senderagent: string;
	msgtime: number;
	psk: string;
}): Uint8Array {
	const body = marshalDump(fields.body);
	return marshalDump(
		new Map<MarshalInput, MarshalInput>([
			[sym('senderid'), fields.senderid],
			[sym('requestid'), ascii(fields.requestid)],
			[sym('senderagent'), fields.senderagent],
			[sym('msgtime'), fields.msgtime],
			[sym('body'), body],
			[sym('hash'), ascii(pskDigest(body, fields.psk))],
		]),
	);
}

type ReplyFields = Parameters<typeof encodeReply>[0];

/**
 * encodeReply for one host's many nodes answering the same request: the same bytes, but the
 * inner body's Marshal and MD5 and the envelope after :senderid are made once per distinct reply
 * and only the sender's identity is spliced in per node. Byte-identical because nothing in the
 * envelope refers back to the senderid String (a JS string is never a Marshal link) and the
 * symbols and objects after it are numbered the same whatever its content.
 */
export function replyEncoder(): (fields: ReplyFields) => Uint8Array {
	let key = '';
	let bodyBytes: Uint8Array | undefined;
	let head = new Uint8Array(0);
	let tail = new Uint8Array(0);
	return (fields) => {
		// a String body (discovery's "pong") is compared as itself, anything else by its Marshal bytes
		const body = typeof fields.body === 'string' ? undefined : marshalDump(fields.body);
		const k = `${fields.requestid}\0${fields.senderagent}\0${fields.msgtime}\0${fields.psk}\0${body === undefined ? `s${fields.body as string}` : 'b'}`;
		if (
			k !== key ||
			// a view, not a copy: this runs once per simulated node's reply
			(body !== undefined &&
				(bodyBytes === undefined ||
					!Buffer.from(body.buffer, body.byteOffset, body.byteLength).equals(bodyBytes)))
		) {
			const empty = encodeReply({...fields, senderid: ''});
			// 04 08 { 6 :senderid I " <len 0> … : the empty String's length byte, then the rest
			const at = SENDERID_LENGTH_AT;
			if (empty[at] !== 0) throw new Error('reply envelope layout is not the one expected');
			head = empty.slice(0, at);
			tail = empty.slice(at + 1);
			key = k;
			bodyBytes = body;
		}
		const id = utf8.encode(fields.senderid);
		const length = marshalLong(id.length);
		const out = new Uint8Array(head.length + length.length + id.length + tail.length);
		out.set(head, 0);
		out.set(length, head.length);
		out.set(id, head.length + length.length);
		out.set(tail, head.length + length.length + id.length);
		return out;
	};
}

const utf8 = new TextEncoder();

/** `04 08 { <6> : <8> senderid I "`: where the reply's senderid String length is written. */
const SENDERID_LENGTH_AT = 2 + 1 + 1 + 1 + 1 + 'senderid'.length + 1 + 1;

/** `Base64.encode64` (a newline every 60 chars) for `plugin.<connector>.base64 = true`. */
export function rubyBase64(bytes: Uint8Array): Uint8Array {
	const text = Buffer.from(bytes).toString('base64');
	const lines = text.match(/.{1,60}/g) ?? [];
	return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
}

/** Inverse of rubyBase64; undefined when the body is not base64 (ssl.rb:195-201 raises then). */
export function fromRubyBase64(body: Uint8Array): Uint8Array | undefined {
	const text = new TextDecoder('latin1').decode(body);
	if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
	return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
}

// ---------------------------------------------------------------------------------------------
// Replies

export type Reply = {
	readonly senderid: string;
	readonly requestid: string;
	readonly senderagent: string | undefined;
	/** Epoch seconds by the node's clock. */
	readonly msgtime: number | undefined;
	/** Raw inner body bytes (what the digest covers). */
	readonly bodyBytes: Uint8Array;
	readonly body: MarshalValue;
	readonly hash: string;
};

export type ReplyProblem =
	| 'not-marshal'
	| 'not-an-envelope'
	| 'requestid-mismatch'
	| 'invalid-signature'
	| 'body-not-marshal';

export type DecodedReply =
	| {readonly ok: true; readonly reply: Reply}
	| {
			readonly ok: false;
			readonly problem: ReplyProblem;
			readonly detail: string;
			/** Whatever could be read, to say who sent the bad reply. */
			readonly senderid?: string;
			readonly requestid?: string;
	  };

/**
 * The client's checks (message.rb:183-209, psk.rb:35-43): Marshal, then requestid, then the MD5
 * over the RAW body bytes, then the inner body. A wrong psk shows here as invalid-signature.
 */
export function decodeReply(payload: Uint8Array, expect: {psk: string; requestid?: string}): DecodedReply {
	let envelope: MarshalValue;
	try {
		envelope = marshalLoad(payload);
	} catch (error) {
		return {ok: false, problem: 'not-marshal', detail: (error as Error).message};
	}
	const senderid = stringOf(symbolKey(envelope, 'senderid'));
	const requestid = stringOf(symbolKey(envelope, 'requestid'));
	const bodyValue = symbolKey(envelope, 'body');
	const hash = stringOf(symbolKey(envelope, 'hash'));
	if (!(envelope instanceof Map) || senderid === undefined || requestid === undefined || hash === undefined) {
		return {
			ok: false,
			problem: 'not-an-envelope',
			detail: 'reply is not a Hash with :senderid, :requestid, :body, :hash',
			senderid,
			requestid,
		};
	}
	if (
		!(bodyValue instanceof Uint8Array || bodyValue instanceof RubyString || typeof bodyValue === 'string')
	) {
		return {
			ok: false,
			problem: 'not-an-envelope',
			detail: 'reply :body is not a String',
			senderid,
			requestid,
		};
	}
	if (expect.requestid !== undefined && requestid !== expect.requestid) {
		return {
			ok: false,
			problem: 'requestid-mismatch',
			detail: `Got a message with id ${requestid} but was expecting ${expect.requestid}, ignoring message`,
			senderid,
			requestid,
		};
	}
	const bodyBytes =
		bodyValue instanceof Uint8Array
			? bodyValue
			: bodyValue instanceof RubyString
				? bodyValue.bytes
				: new TextEncoder().encode(bodyValue);
	if (pskDigest(bodyBytes, expect.psk) !== hash) {
		return {
			ok: false,
			problem: 'invalid-signature',
			detail: 'Received an invalid signature in message',
			senderid,
			requestid,
		};
	}
	let body: MarshalValue;
	try {
		body = marshalLoad(bodyBytes);
	} catch (error) {
		return {ok: false, problem: 'body-not-marshal', detail: (error as Error).message, senderid, requestid};
	}
	const msgtime = integerOf(symbolKey(envelope, 'msgtime'));
	return {
		ok: true,
		reply: {
			senderid,
			requestid,
			senderagent: stringOf(symbolKey(envelope, 'senderagent')),
			msgtime: msgtime === undefined ? undefined : Number(msgtime),
			bodyBytes,
			body,
			hash,
		},
	};
}

export type RpcResult = {
	readonly statuscode: number;
	readonly statusmsg: string;
	readonly data: MarshalValue;
};

/** `{:statuscode, :statusmsg, :data}` from an RPC reply body; undefined for other shapes. */
export function rpcResultOf(body: MarshalValue): RpcResult | undefined {
	const code = integerOf(symbolKey(body, 'statuscode'));
	if (code === undefined) return undefined;
	return {
		statuscode: Number(code),
		statusmsg: stringOf(symbolKey(body, 'statusmsg')) ?? '',
		data: symbolKey(body, 'data') ?? null,
	};
}

/** rpc/helpers.rb:131-136 texts. */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
	0: 'OK',
	1: 'Request Aborted',
	2: 'Unknown Action',
	3: 'Missing Request Data',
	4: 'Invalid Request Data',
	5: 'Unknown Request Status',
};

// ---------------------------------------------------------------------------------------------
// What the server would do with a request

export type ServerStep = 'marshal' | 'signature' | 'body' | 'callerid' | 'ttl' | 'filter' | 'accepted';

export type ServerVerdict = {
	readonly accepted: boolean;
	/** The first check that failed ('accepted' when none). */
	readonly step: ServerStep;
	/** Plain explanation for the operator. */
	readonly reason: string;
	/** The line mcollectived writes to its log for this case (without timestamp prefix). */
	readonly logLine: string;
};

export type ServerContext = {
	/** The node's psk (from its server.cfg / MCOLLECTIVE_PSK). */
	readonly psk: string;
	/** The node's clock, epoch seconds. */
	readonly nowS: number;
	/** For the filter check, when known. */
	readonly identity?: string;
	readonly agents?: readonly string[];
};

/** message.rb:133-139 */
export function describeRequest(f: {
	requestid: string;
	agent: string;
	collective: string;
	callerid: string;
	senderid: string;
}): string {
	return `${f.requestid} for agent '${f.agent}' in collective '${f.collective}' from ${f.callerid}@${f.senderid}`;
}

function matchesEntry(entry: string, value: string): boolean {
	const regex = /^\/(.*)\/$/.exec(entry);
	if (regex) {
		try {
			return new RegExp(regex[1] ?? '').test(value);
		} catch {
			return false;
		}
	}
	return entry === value;
}

/**
 * A request read once for every node that receives it (a host of simulated nodes gets ONE copy
 * of a broadcast for thousands of nodes): the Marshal load, the fields, the inner body, and the
 * psk digest per psk are worked out once, the per-node checks (TTL by the node's clock, filter)
 * stay per node. Read-only for its users.
 */
export type RequestReading = {
	/** The Marshal error text, when the payload is not Marshal (nothing else is set then). */
	readonly marshalError?: string;
	readonly envelope: MarshalValue;
	readonly fields: {
		readonly requestid: string;
		readonly agent: string;
		readonly collective: string;
		readonly callerid: string;
		readonly senderid: string;
	};
	readonly msgtime: number;
	readonly ttl: number;
	/** Whether body + psk hashes to the envelope's :hash (false without a body or hash). */
	signedWith(psk: string): boolean;
	/** The inner body, Marshal-loaded (once); `error` when it is not Marshal. */
	body(): {readonly value: MarshalValue; readonly error?: undefined} | {readonly error: string};
};

export function readRequest(payload: Uint8Array): RequestReading {
	let envelope: MarshalValue;
	try {
		envelope = marshalLoad(payload);
	} catch (error) {
		const text = error instanceof MarshalError ? error.message : String(error);
		return {
			marshalError: text,
			envelope: null,
			fields: {requestid: '', agent: '', collective: '', callerid: '', senderid: ''},
			msgtime: 0,
			ttl: 0,
			signedWith: () => false,
			body: () => ({error: text}),
		};
	}
	const bodyValue = symbolKey(envelope, 'body');
	const bodyBytes =
		bodyValue instanceof Uint8Array
			? bodyValue
			: bodyValue instanceof RubyString
				? bodyValue.bytes
				: undefined;
	const hash = stringOf(symbolKey(envelope, 'hash'));
	const signed = new Map<string, boolean>();
	let body: ReturnType<RequestReading['body']> | undefined;
	return {
		envelope,
		fields: {
			requestid: stringOf(symbolKey(envelope, 'requestid')) ?? '',
			agent: stringOf(symbolKey(envelope, 'agent')) ?? '',
			collective: stringOf(symbolKey(envelope, 'collective')) ?? '',
			callerid: stringOf(symbolKey(envelope, 'callerid')) ?? '',
			senderid: stringOf(symbolKey(envelope, 'senderid')) ?? '',
		},
		msgtime: Number(integerOf(symbolKey(envelope, 'msgtime')) ?? 0),
		ttl: Number(integerOf(symbolKey(envelope, 'ttl')) ?? 0),
		signedWith(psk) {
			let ok = signed.get(psk);
			if (ok === undefined) {
				ok = bodyBytes !== undefined && hash !== undefined && pskDigest(bodyBytes, psk) === hash;
				signed.set(psk, ok);
			}
			return ok;
		},
		body() {
			if (body === undefined) {
				try {
					body = {value: bodyBytes === undefined ? null : marshalLoad(bodyBytes)};
				} catch (error) {
					body = {error: (error as Error).message};
				}
			}
			return body;
		},
	};
}

/**
 * Runner#receive's checks in its order (runner.rb:186-234, message.rb:183-220, security/base.rb):
 * Marshal → MD5 → inner body → callerid → TTL age (one-sided: a sender clock AHEAD passes) →
 * filter (agent and identity only: facts and classes need the node's data).
 */
export function serverVerdict(payload: Uint8Array | RequestReading, server: ServerContext): ServerVerdict {
	const reading = payload instanceof Uint8Array ? readRequest(payload) : payload;
	if (reading.marshalError !== undefined) {
		const text = reading.marshalError;
		return {
			accepted: false,
			step: 'marshal',
			reason: `the payload is not Ruby Marshal 4.8: ${text}`,
			logLine: `Failed to handle message: ${text} - TypeError`,
		};
	}
	if (!reading.signedWith(server.psk)) {
		return {
			accepted: false,
			step: 'signature',
			reason:
				'the MD5 of body + psk does not match: the psk differs between client and node (or the outer keys are not Symbols)',
			logLine:
				'Failed to handle message: Received an invalid signature in message - MCollective::SecurityValidationFailed',
		};
	}
	const body = reading.body();
	if (body.error !== undefined) {
		return {
			accepted: false,
			step: 'body',
			reason: `the signed body is not Marshal: ${body.error}`,
			logLine: `Failed to handle message: ${body.error} - TypeError`,
		};
	}
	const {fields, msgtime, ttl, envelope} = reading;
	if (!validCallerId(fields.callerid)) {
		return {
			accepted: false,
			step: 'callerid',
			reason: `callerid ${JSON.stringify(fields.callerid)} does not match /^[\\w]+=[\\w.-]+$/`,
			logLine:
				'Failed to handle message: callerid in request is not valid, surpressing reply to potentially forged request - RuntimeError',
		};
	}
	const age = server.nowS - msgtime;
	if (age > ttl) {
		return {
			accepted: false,
			step: 'ttl',
			reason: `the request is ${age} s old by the node's clock but its TTL is ${ttl} s: the client clock is behind the node's (or the TTL is too short)`,
			logLine: `Message ${describeRequest(fields)} created at ${msgtime} is ${age} seconds old, TTL is ${ttl}. Rejecting message.`,
		};
	}
	const filter = symbolKey(envelope, 'filter');
	if (filter instanceof Map && (server.agents !== undefined || server.identity !== undefined)) {
		const list = (key: string) => {
			const value = filter.get(key);
			return Array.isArray(value) ? value.map((v) => stringOf(v) ?? '') : [];
		};
		let passed = 0;
		let failed = 0;
		for (const agent of list('agent')) {
			if (server.agents === undefined) continue;
			if (agent === 'mcollective' || server.agents.some((a) => matchesEntry(agent, a))) passed++;
			else failed++;
		}
		const identities = list('identity');
		if (identities.length > 0 && server.identity !== undefined) {
			if (identities.some((i) => matchesEntry(i, server.identity as string))) passed++;
			else failed++;
		}
		const empty = ['fact', 'cf_class', 'agent', 'identity', 'compound'].every((k) => list(k).length === 0);
		if (!empty && !(failed === 0 && passed > 0)) {
			return {
				accepted: false,
				step: 'filter',
				reason: 'the request filter does not select this node (agent not loaded there, or identity differs)',
				logLine: `Message ${describeRequest(fields)} does not pass filters. Ignoring message.`,
			};
		}
	}
	return {
		accepted: true,
		step: 'accepted',
		reason: 'the node would handle this request',
		logLine: `Handling message ${describeRequest(fields)}`,
	};
}

/**
 * Clock offset a reply implies (node minus us, ms): the node stamps msgtime as whole seconds
 * (floor), so its clock read msgtime + 0.5 s ± 0.5 s at some moment of our round trip; we compare
 * with the middle of it. Offsets within about ±(500 + rtt/2) ms mean "in sync".
 */
export function clockOffsetMs(
	replyMsgtimeS: number | undefined,
	sentAtMs: number,
	receivedAtMs: number,
): number | undefined {
	if (replyMsgtimeS === undefined) return undefined;
	const middle = (sentAtMs + receivedAtMs) / 2;
	return Math.round(replyMsgtimeS * 1000 + 500 - middle);
}

/**
 * A node proves itself without the client host: a request ADDRESSED TO THIS NODE'S OWN IDENTITY,
 * sent through ActiveMQ with server.cfg's own broker, credentials, psk and collective (the native
 * wire client, no Ruby), while the node's own log is followed. The reply proves the whole round
 * trip; the log line the daemon writes within milliseconds of our request says why not
 * (`invalid signature`, `seconds old`), and the request id ties the line to OUR request.
 */
import type {McoLogEvent} from '../core/log-classify.js';
import type {McoConfig} from '../core/mco-config/model.js';
import type {McoResult} from '../io/check-io.js';
import {followLog} from './node-log.js';
import type {RungInput} from './types.js';

/** Log lines that decide for sure why the node refused our request: no need to wait any longer. */
const DECISIVE = new Set<McoLogEvent['kind']>(['invalid-signature', 'message-too-old']);

/** After the node logged "Handling message" for our request, its reply may still be on its way. */
const HANDLED_GRACE_MS = 1000;

export type SelfRequestSend = (
	settings: McoConfig,
	options: {
		readonly timeoutMs: number;
		readonly connectTimeoutMs: number;
		readonly identity: string;
		readonly signal: AbortSignal;
		readonly onSent: () => void;
	},
) => Promise<McoResult>;

export type SelfRequest = {
	readonly result: McoResult;
	/** Whether our identity answered. */
	readonly answered: boolean;
	/** The node log's events appended while the request ran (line numbers of the file). */
	readonly events: readonly McoLogEvent[];
	/** False when the node log cannot be read on this host. */
	readonly logReadable: boolean;
	/** The node logged "Handling message" for our request id. */
	readonly handled: boolean;
	/** The wait ended on a decisive log line instead of the timeout. */
	readonly stoppedByLog: boolean;
	readonly waitedMs: number;
	/** This host's wall clock (epoch ms) just before the request was sent: the daemon's log time compares to it. */
	readonly sentAtMs: number;
};

/** The discovery ping `mco ping -I IDENTITY` sends, with the given config's psk and credentials. */
export function pingSelf(input: RungInput): SelfRequestSend {
	return (settings, o) =>
		input.ctx.io.mcoPing(settings, {
			timeoutMs: o.timeoutMs,
			connectTimeoutMs: o.connectTimeoutMs,
			identities: [o.identity],
			expect: [o.identity],
			signal: o.signal,
			onSent: o.onSent,
			now: input.ctx.io.now,
		});
}

/**
 * Sends one request to `identity` with `settings`, following `logPath` meanwhile. Bounded by the
 * rung's budget; ends early on a decisive log line about it, or once the node handled it and its
 * reply did not follow within a grace.
 */
export async function requestSelf(
	input: RungInput,
	settings: McoConfig,
	identity: string,
	logPath: string,
	send: SelfRequestSend,
): Promise<SelfRequest> {
	const {io} = input.ctx;
	const started = io.monotonicMs();
	const logStart = await io.logSize(logPath);
	const stopFollowing = new AbortController();
	const stopWaiting = new AbortController();
	const onAbort = () => stopWaiting.abort();
	input.signal.addEventListener('abort', onAbort, {once: true});
	// our request id is known only once the reply (or the timeout) comes: decide on the kind of line
	let sent = false;
	let decided = false;
	let stoppedByLog = false;
	const decide = () => {
		decided = true;
		if (sent && !stopWaiting.signal.aborted) {
			stoppedByLog = true;
			stopWaiting.abort();
		}
	};
	const following =
		logStart === undefined
			? undefined
			: followLog(io, logPath, logStart, stopFollowing.signal, (events) => {
					if (events.some((e) => DECISIVE.has(e.kind))) decide();
					else if (events.some((e) => e.kind === 'handling'))
						void io.sleep(HANDLED_GRACE_MS, stopFollowing.signal).then(() => {
							if (!stopFollowing.signal.aborted) decide();
						});
				});
	let result: McoResult;
	const sentAtMs = io.now();
	try {
		result = await send(settings, {
			timeoutMs: input.timeoutMs,
			connectTimeoutMs: input.timeoutMs,
			identity,
			signal: stopWaiting.signal,
			onSent: () => {
				sent = true;
				if (decided) decide();
			},
		});
	} finally {
		// a rejection line may still be on its way to the log
		if (!stoppedByLog && following) await io.sleep(150);
		stopFollowing.abort();
		input.signal.removeEventListener('abort', onAbort);
	}
	const followed = (await following) ?? [];
	// only the lines about OUR request decide (another client's request may be logged meanwhile)
	const ours = (e: McoLogEvent) =>
		!('requestId' in e) || result.requestId === undefined || e.requestId === result.requestId;
	const events = followed.filter(ours);
	return {
		result,
		answered: result.replies.some((r) => r.identity === identity),
		events,
		logReadable: logStart !== undefined,
		handled: events.some((e) => e.kind === 'handling'),
		stoppedByLog,
		waitedMs: Math.round(io.monotonicMs() - started),
		sentAtMs,
	};
}

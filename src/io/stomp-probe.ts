/**
 * probeStomp: one bounded attempt to log in to a STOMP broker (and optionally SUBSCRIBE), reporting
 * exactly how far it got. This is the wizard's "telnet msg1 61613" from the seed, made precise:
 * refused vs timeout vs unresolvable vs TLS vs a login the broker rejected (with its own ERROR text)
 * vs a destination the user may not read. Never throws; never retries; never echoes the password.
 */
import {
	openStompSession,
	type StompEndpoint,
	type StompFailure,
	type StompPhase,
	StompSessionError,
} from './stomp-session.js';

/** A probe either connects or fails the way a session can fail (one vocabulary for both). */
export type ProbeOutcome = 'connected' | StompFailure;

/** Where and as whom to log in (the session's own endpoint type), and the probe's bounds. */
export type ProbeOptions = StompEndpoint & {
	readonly timeoutMs: number;
	/** Destinations to SUBSCRIBE to (each with a receipt) after login; any refusal → not-authorized. */
	readonly subscribe?: readonly string[];
	readonly signal?: AbortSignal;
};

export type ProbeResult = {
	readonly outcome: ProbeOutcome;
	/** Wall time of the whole probe. */
	readonly ms: number;
	/** Node's error code unchanged (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ERR_SSL_..., CERT_...). */
	readonly code?: string;
	/** The broker's own ERROR text, verbatim (e.g. `User name [x] or password is invalid.`). */
	readonly brokerMessage?: string;
	/** CONNECTED `server` header, e.g. `ActiveMQ/5.17.2`. */
	readonly server?: string;
	/** Negotiated STOMP version. */
	readonly version?: string;
	/** Where it stopped: tcp, tls, connect, subscribe. */
	readonly phase?: StompPhase;
	/** One human line (no secrets). */
	readonly detail?: string;
	/** For not-authorized: the destination refused. */
	readonly destination?: string;
	/** For not-stomp: the first line the peer sent instead (terminal-safe). */
	readonly peerSaid?: string;
	/** For not-stomp: what the peer sent is a TLS record (a TLS port hit with plain STOMP). */
	readonly peerTls?: boolean;
	/** Destinations the broker confirmed with a RECEIPT. */
	readonly subscribed?: readonly string[];
};

export async function probeStomp(options: ProbeOptions): Promise<ProbeResult> {
	const started = performance.now();
	const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
	const deadline = started + options.timeoutMs;
	let session: Awaited<ReturnType<typeof openStompSession>> | undefined;
	try {
		session = await openStompSession(
			{
				host: options.host,
				port: options.port,
				user: options.user,
				password: options.password,
				tls: options.tls,
				vhost: options.vhost,
			},
			{timeoutMs: options.timeoutMs, signal: options.signal},
		);
		const subscribed: string[] = [];
		for (const destination of options.subscribe ?? []) {
			const remaining = Math.max(1, deadline - performance.now());
			const handle = await session.subscribe(destination, () => {}, {timeoutMs: remaining});
			subscribed.push(destination);
			handle.unsubscribe();
		}
		const result: ProbeResult = {
			outcome: 'connected',
			ms: elapsed(),
			server: session.server,
			version: session.version,
			phase: options.subscribe?.length ? 'subscribe' : 'connect',
			detail: `logged in as ${options.user} on ${options.host}:${options.port}${session.server ? ` (${session.server})` : ''}`,
			subscribed,
		};
		return result;
	} catch (error) {
		if (error instanceof StompSessionError) {
			return {
				outcome: error.outcome,
				ms: elapsed(),
				code: error.code,
				brokerMessage: error.brokerMessage,
				server: session?.server,
				version: session?.version,
				phase: error.phase,
				detail: error.message,
				destination: error.destination,
				...(error.peerSaid === undefined ? {} : {peerSaid: error.peerSaid}),
				...(error.peerTls ? {peerTls: true} : {}),
			};
		}
		return {outcome: 'error', ms: elapsed(), detail: error instanceof Error ? error.message : String(error)};
	} finally {
		await session?.close(Math.max(200, Math.min(1000, deadline - performance.now())));
	}
}

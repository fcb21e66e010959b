/**
 * Landmark 3 (node → ActiveMQ): server.cfg lint (and against client.cfg when both are here), the
 * service restart (shown, run only after confirmation), the daemon's process and the config it
 * really runs with, then the node log since the last start, watched live until it shows the
 * connection (or the failure) for sure; then a request addressed to this node itself proves the
 * round trip through ActiveMQ without the client host (self-request.ts).
 */
import {DROPPED, type LogEntry, logRef, nodeConnectionState} from '../core/log-classify.js';
import {hasErrors, lintConfig, lintPair} from '../core/mco-config/lint.js';
import type {RunningDaemon} from '../io/check-io.js';
import {eventsSinceLastStart, RECONNECT_GRACE_MS, rotatedPastStart, watchReconnection} from './node-log.js';
import {pairDifferences} from './pair.js';
import {pingSelf, requestSelf, type SelfRequest} from './self-request.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

async function serverLint(input: RungInput): Promise<RungOutcome> {
	const server = await input.state.serverConfig();
	if (server.text === undefined)
		return {
			ok: false,
			evidence: `${server.path} cannot be read (${server.error})`,
			data: {
				findings: [{rule: 'missing-file', severity: 'error', message: `${server.path}: ${server.error}`}],
			},
		};
	const findings = lintConfig(server.text, 'server');
	const client = await input.state.clientConfig();
	const pairFindings = client.text !== undefined ? lintPair(client.text, server.text) : [];
	const pair = client.settings && server.settings ? pairDifferences(client.settings, server.settings) : [];
	const all = [...findings, ...pairFindings];
	const errors = all.filter((f) => f.severity === 'error');
	const first = errors[0];
	return {
		ok: !hasErrors(all),
		evidence: `${server.path}: ${errors.length} error(s)${client.text !== undefined ? `, compared with ${client.path}` : ''}${first ? `; ${first.message}` : ''}`,
		data: {findings: all, ...(pair.length ? {pair} : {})},
	};
}

async function serviceStart(input: RungInput): Promise<RungOutcome> {
	const fix = await input.state.fix();
	const command = fix.serviceRestart;
	const confirmed = input.ctx.confirm ? await input.ctx.confirm(command) : false;
	if (!confirmed)
		return {
			ok: true,
			skipped: true,
			evidence: `not restarted (not confirmed); to restart: ${command}`,
			data: {command, ran: false},
		};
	const r = await input.ctx.io.exec('/bin/sh', ['-c', command], {
		timeoutMs: input.timeoutMs,
		signal: input.signal,
	});
	const ok = r.code === 0 && !r.timedOut;
	const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
	return {
		ok,
		evidence: ok
			? `${command}: done (${r.ms} ms)`
			: `${command}: ${r.timedOut ? 'timed out' : `exit ${r.code}`}${tail ? `: ${tail}` : ''}`,
		data: {command, ran: true, exitCode: r.code, stderr: tail},
	};
}

/** The running mcollectived that loaded this ladder's server.cfg (the first, if several). */
async function ourDaemon(
	input: RungInput,
	daemons: readonly RunningDaemon[],
): Promise<RunningDaemon | undefined> {
	const want = await input.ctx.io.realpath((await input.state.serverConfig()).path);
	for (const d of daemons) if ((await input.ctx.io.realpath(d.config)) === want) return d;
	return undefined;
}

async function daemonProcess(input: RungInput): Promise<RungOutcome> {
	const {io} = input.ctx;
	const server = await input.state.serverConfig();
	const daemons = await io.runningDaemons(input.ctx.ingredients.platform);
	if (daemons === undefined)
		return {ok: true, skipped: true, evidence: 'not applicable: no /proc on this host'};
	if (daemons.length === 0) {
		const log = await eventsSinceLastStart(io, await input.state.nodeLog());
		const exit = log.events
			.filter(
				(e) =>
					e.kind === 'exiting' ||
					e.kind === 'config-error' ||
					e.kind === 'runner-failed' ||
					e.kind === 'connector-missing',
			)
			.at(-1);
		return {
			ok: false,
			evidence: `no mcollectived process running${exit ? `; last log line: ${exit.entry.message}` : ''}`,
			data: {running: false, ...(exit && exit.kind !== 'exiting' ? {events: log.events} : {})},
		};
	}
	const chosen = await ourDaemon(input, daemons);
	if (!chosen) {
		const other = daemons[0];
		return {
			ok: false,
			evidence: `mcollectived pid ${other?.pid} runs with ${other?.explicit ? `--config=${other.config}` : `the default config (${other?.config})`}, not ${server.path}`,
			data: {
				running: true,
				configArg: other?.explicit ? other.config : '(default)',
				pids: daemons.map((d) => d.pid),
			},
		};
	}
	return {
		ok: true,
		evidence: `mcollectived pid ${chosen.pid} ${chosen.explicit ? `--config=${chosen.config}` : `(default config ${chosen.config})`}`,
		data: {running: true, pid: chosen.pid, configArg: chosen.explicit ? chosen.config : '(default)'},
	};
}

const when = (e: LogEntry) => e.time ?? `line ${e.lineNo}`;

/** The node-log evidence for a log that has rotated past the running daemon's start. */
function rotatedWords(oldest: LogEntry, path: string): string {
	return `the log begins at ${when(oldest)} (${oldest.file ?? path}), written by the running mcollectived (pid ${oldest.pid}): its start and connection lines have rotated away`;
}

function rotatedFacts(oldest: LogEntry, path: string) {
	return {pid: oldest.pid, since: oldest.time, file: oldest.file ?? path, lineNo: oldest.lineNo};
}

async function nodeLog(input: RungInput): Promise<RungOutcome> {
	const {io} = input.ctx;
	const path = await input.state.nodeLog();
	const begun = io.monotonicMs();
	// the budget holds a broker restart and one more back-off for a node that is reconnecting
	const deadline = begun + input.timeoutMs - RECONNECT_GRACE_MS;
	const pool = (await input.state.serverConfig()).settings?.pool[0];
	const reconnect = watchReconnection(io, pool, input.note, input.signal);
	let seenConnectedAt: number | undefined;
	// the running daemon's pid, looked up once, only when no retained file holds a start
	let daemonPid: number | undefined;
	let pidLooked = false;
	for (;;) {
		const log = await eventsSinceLastStart(io, path);
		if (!log.readable)
			return {
				ok: false,
				evidence: `${path} cannot be read here; on the node run: grep -n 'Connect' ${path} | tail`,
				data: {path, readable: false, events: []},
			};
		if (log.fromStart === false && !pidLooked) {
			pidLooked = true;
			const daemons = await io.runningDaemons(input.ctx.ingredients.platform);
			daemonPid = daemons ? (await ourDaemon(input, daemons))?.pid : undefined;
		}
		const rotated = rotatedPastStart(log, daemonPid);
		const state = nodeConnectionState(log.events);
		// the start (and its Connected) rotated away, and nothing since says the connection failed:
		// not "never connected"; the self-request rung decides whether it answers
		if (rotated && state === 'none' && !log.events.some((e) => DROPPED.has(e.kind)))
			return {
				ok: true,
				evidence: `${path}: ${rotatedWords(rotated, path)}; no connection error since ${when(rotated)}; the self-request below checks it answers`,
				data: {
					path,
					readable: true,
					state,
					events: log.events,
					startRotatedAway: rotatedFacts(rotated, path),
				},
			};
		if (log.readable) await reconnect.observe(log.events);
		const now = io.monotonicMs();
		// ruby-stomp logs "Connected" before the broker has judged the login: wait a moment for a drop
		if (state === 'connected') seenConnectedAt ??= now;
		const settled =
			seenConnectedAt !== undefined && now - seenConnectedAt >= Math.min(1500, input.timeoutMs / 3);
		const started = log.events.find((e) => e.kind === 'started');
		const since = started
			? ` since the start at ${started.entry.time ?? `line ${started.entry.lineNo}`}${started.entry.file ? ` (${started.entry.file})` : ''}`
			: rotated
				? ` since ${when(rotated)} (${rotated.file ?? path}: written by the running mcollectived, pid ${rotated.pid}; its start has rotated away)`
				: '';
		// an abort (Esc, or the rung's overrun) ends the wait like the deadline does
		const over =
			now >= (reconnect.reconnecting() ? begun + input.timeoutMs : deadline) || input.signal.aborted;
		if ((state === 'connected' && settled) || state === 'rejected' || over) {
			const connected = log.events.filter((e) => e.kind === 'connected').at(-1);
			const again = reconnect.summary(log.events);
			const evidence =
				state === 'connected'
					? `${path}${since}: ${connected?.entry.message ?? 'Connected'}`
					: state === 'rejected'
						? `${path}${since}: connects, then the broker drops it (${log.events.filter((e) => e.kind === 'connected').length}× Connected, then errors)`
						: state === 'connecting'
							? again
								? `${path}${since}: ${again}`
								: `${path}${since}: ${log.events.filter((e) => e.kind === 'connect-failed').length} failed connection attempts, ${rotated ? 'no Connected since' : 'never connected'}`
							: rotated
								? `${path}${since}: the broker dropped the connection (${log.events.filter((e) => DROPPED.has(e.kind)).length}×), no Connected since`
								: `${path}${since}: no connection line within ${Math.round(deadline - begun)} ms`;
			return {
				ok: state === 'connected',
				evidence: again && state === 'connected' ? `${evidence}; ${again}` : evidence,
				data: {
					path,
					readable: true,
					state,
					events: log.events,
					...(rotated ? {startRotatedAway: rotatedFacts(rotated, path)} : {}),
					// a node that lost its broker: whether the broker accepts again, seen from this (the node's) host
					...(pool ? {broker: `${pool.host}:${pool.port}`} : {}),
					...(reconnect.brokerAccepts() !== undefined ? {brokerAccepts: reconnect.brokerAccepts()} : {}),
				},
			};
		}
		await io.sleep(250, input.signal);
	}
}

/** What one self-addressed request left, for src/core/diagnose.ts (no secret in it). */
function selfRequestFacts(sent: SelfRequest, signedWith: 'server.cfg' | 'answers') {
	return {
		signedWith,
		answered: sent.answered,
		handled: sent.handled,
		events: sent.events,
		nodeLogReadable: sent.logReadable,
		waitedMs: sent.waitedMs,
		sentAtMs: sent.sentAtMs,
		...(sent.stoppedByLog ? {stoppedBy: 'node-log'} : {}),
	};
}

/** What the node's log said about our request, as one evidence clause. */
function logSaid(path: string, sent: SelfRequest): string {
	if (!sent.logReadable) return `${path} cannot be read here`;
	const line = sent.events.find(
		(e) => e.kind === 'invalid-signature' || e.kind === 'message-too-old' || e.kind === 'handling',
	);
	return line
		? `${logRef(path, line.entry)}: ${line.entry.message}`
		: `nothing about the request in ${path} within ${sent.waitedMs} ms`;
}

/**
 * The node proves itself end to end without the client host: a ping addressed to its own identity,
 * signed with server.cfg's psk and sent with its credentials to its broker. Answered, and the
 * answers file names another psk (the one client.cfg is written with): a second request signed
 * with THAT psk, which only a node holding the shared psk accepts.
 */
async function selfRequest(input: RungInput): Promise<RungOutcome> {
	const server = await input.state.serverConfig();
	const settings = server.settings;
	const identity = settings?.identity;
	if (!settings || !identity)
		return {ok: true, skipped: true, evidence: `not applicable: ${server.path} names no identity`};
	const logPath = await input.state.nodeLog();
	const budget = {...input, timeoutMs: Math.min(input.ctx.timeoutMs, input.timeoutMs)};
	const own = await requestSelf(budget, settings, identity, logPath, pingSelf(input));
	const via = settings.pool[0] ? `${settings.pool[0].host}:${settings.pool[0].port}` : 'the broker';
	const failure = own.result.failure;
	if (failure)
		return {
			ok: false,
			evidence: `request to ${identity} with ${server.path}'s credentials failed at ${failure.phase}: ${failure.brokerMessage ?? failure.detail}`,
			data: {
				identity,
				nodeLogPath: logPath,
				...selfRequestFacts(own, 'server.cfg'),
				probe: {
					outcome: failure.outcome,
					code: failure.code,
					brokerMessage: failure.brokerMessage,
					destination: failure.destination,
					...(settings.pool[0] ? {host: settings.pool[0].host, port: settings.pool[0].port} : {}),
				},
			},
		};
	if (!own.answered)
		return {
			ok: false,
			evidence: `${identity} did not answer a request addressed to itself, signed with ${server.path}'s plugin.psk, via ${via}; ${logSaid(logPath, own)}`,
			data: {identity, nodeLogPath: logPath, ttlS: settings.ttl, ...selfRequestFacts(own, 'server.cfg')},
		};
	const ms = own.result.replies.find((r) => r.identity === identity)?.ms ?? 0;
	const shared = input.ctx.ingredients.psk;
	if (shared && shared !== settings.psk) {
		const theirs = await requestSelf(budget, {...settings, psk: shared}, identity, logPath, pingSelf(input));
		if (!theirs.answered)
			return {
				ok: false,
				evidence: `${identity} answers a request signed with ${server.path}'s plugin.psk, not one signed with the answers file's psk (the one client.cfg is written with); ${logSaid(logPath, theirs)}`,
				data: {identity, nodeLogPath: logPath, ...selfRequestFacts(theirs, 'answers')},
			};
	}
	return {
		ok: true,
		evidence: `${identity} answered a request addressed to itself via ${via} in ${ms.toFixed(1)} ms`,
		data: {identity, nodeLogPath: logPath, ...selfRequestFacts(own, 'server.cfg')},
	};
}

export const serverLadder: Ladder = {
	'server-lint': {run: serverLint},
	'service-start': {timeoutMs: (ctx) => Math.max(ctx.timeoutMs, 30_000), run: serviceStart},
	'daemon-process': {run: daemonProcess},
	// the node backs off up to seconds between attempts: give it a little longer than one probe
	'node-log': {timeoutMs: (ctx) => Math.max(ctx.timeoutMs, 5000) + RECONNECT_GRACE_MS, run: nodeLog},
	// up to two requests (server.cfg's psk, then the answers' psk), each within ctx.timeoutMs
	'self-request': {timeoutMs: (ctx) => 2 * ctx.timeoutMs + 1000, run: selfRequest},
};

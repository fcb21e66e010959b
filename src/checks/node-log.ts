/**
 * The node's mcollective.log, read live through CheckIO: the whole file cut at the last start (so
 * an earlier run's errors cannot mislead), or only what was appended during one action (a ping),
 * classified.
 */
import {
	classifyMcoLog,
	type LogEntry,
	type McoLogEvent,
	parseLogEntries,
	sinceLastStart,
} from '../core/log-classify.js';
import type {CheckIO} from '../io/check-io.js';

export type NodeLogRead = {
	readonly readable: boolean;
	readonly events: readonly McoLogEvent[];
	/**
	 * Whether the events begin at the daemon's start. False when no retained file holds a start line
	 * (a node that has run long enough rotated it away): then "nothing since the start" is not an
	 * observation, only "nothing since `oldest`".
	 */
	readonly fromStart?: boolean;
	/** The oldest entry read (its file, time and writer's pid), when no start was found. */
	readonly oldest?: LogEntry;
};

/**
 * mcollectived's file logger (Ruby's Logger, `keeplogs` files of `max_log_size`) rotates the log to
 * `<log>.0`, `<log>.1`, …: on a node that has run a while, its last start is in one of those. 5 is
 * 2.12's default keeplogs; each is at most max_log_size (2 MB by default).
 */
const ROTATED_LOGS = 5;

export async function eventsSinceLastStart(io: CheckIO, path: string): Promise<NodeLogRead> {
	const text = await io.readLog(path);
	if (text === undefined) return {readable: false, events: []};
	let events = classifyMcoLog(text);
	let oldestText = text;
	let oldestFile: string | undefined;
	// no start in the log itself: the daemon started before the last rotation, so read back through
	// the rotated files (newest first) to its start, each entry keeping the file it came from
	for (let i = 0; i < ROTATED_LOGS && !events.some((e) => e.kind === 'started'); i++) {
		const file = `${path}.${i}`;
		const older = await io.readLog(file);
		if (older === undefined) break;
		events = [...classifyMcoLog(older).map((e) => ({...e, entry: {...e.entry, file}})), ...events];
		oldestText = older;
		oldestFile = file;
	}
	if (events.some((e) => e.kind === 'started'))
		return {readable: true, events: sinceLastStart(events), fromStart: true};
	const first = parseLogEntries(oldestText).find((e) => e.time !== undefined || e.pid !== undefined);
	return {
		readable: true,
		events,
		fromStart: false,
		...(first ? {oldest: oldestFile ? {...first, file: oldestFile} : first} : {}),
	};
}

/**
 * No retained file holds the start, and the oldest entry was written by the running daemon `pid`:
 * the log has rotated past this daemon's start (its start and `Connected to` lines are gone), which
 * says nothing against it. Ruby's Logger stamps every entry with its writer's pid; another pid
 * there (another process, or an earlier daemon) proves nothing, so undefined.
 */
export function rotatedPastStart(log: NodeLogRead, pid: number | undefined): LogEntry | undefined {
	if (!log.readable || log.fromStart !== false || pid === undefined) return undefined;
	return log.oldest?.pid === pid ? log.oldest : undefined;
}

/** Events the node logged while `action` ran (plus a short grace for the node to write them). */
export async function eventsDuring<T>(
	io: CheckIO,
	path: string,
	action: () => Promise<T>,
	graceMs = 300,
): Promise<{result: T} & NodeLogRead> {
	const before = await io.logSize(path);
	const result = await action();
	if (before === undefined) return {result, readable: false, events: []};
	await io.sleep(graceMs);
	const text = (await io.readLog(path, before)) ?? '';
	// line numbers of the file, not of the window, so `mcollective.log:N` points at the real line
	const head = await io.readLog(path, 0);
	const offset = head === undefined ? 0 : countLines(Buffer.from(head).subarray(0, before));
	const events = classifyMcoLog(text).map((e) => ({
		...e,
		entry: {...e.entry, lineNo: e.entry.lineNo + offset},
	}));
	return {result, readable: true, events};
}

/**
 * Newlines in `buf`. Buffer.indexOf runs natively: the log is up to 2 MB before it rotates, and a
 * byte-by-byte JS loop over it took ~20 ms of the main thread while a ping was connecting (issue #12).
 */
function countLines(buf: Buffer): number {
	let n = 0;
	for (let at = buf.indexOf(10); at !== -1; at = buf.indexOf(10, at + 1)) n++;
	return n;
}

/**
 * Follows the log from byte `from` while an action runs: every new event (line numbers of the
 * file) goes to `onEvents` as it is appended, polled every `everyMs` until `signal` aborts. The
 * node writes `invalid signature` / `seconds old` within milliseconds of our request, so the
 * caller can end a ping on it instead of waiting out the timeout (issue #12).
 */
export async function followLog(
	io: CheckIO,
	path: string,
	from: number,
	signal: AbortSignal,
	onEvents: (events: readonly McoLogEvent[]) => void,
	everyMs = 20,
): Promise<readonly McoLogEvent[]> {
	const head = await io.readLog(path, 0);
	let lineOffset = head === undefined ? 0 : countLines(Buffer.from(head).subarray(0, from));
	let offset = from;
	let partial = '';
	const all: McoLogEvent[] = [];
	const poll = async () => {
		const size = await io.logSize(path);
		if (size === undefined || size <= offset) return;
		const text = (await io.readLog(path, offset)) ?? '';
		offset += Buffer.byteLength(text);
		// only whole lines: a line the node is still writing is read on the next poll
		const whole = partial + text;
		const cut = whole.lastIndexOf('\n') + 1;
		partial = whole.slice(cut);
		const events = classifyMcoLog(whole.slice(0, cut)).map((e) => ({
			...e,
			entry: {...e.entry, lineNo: e.entry.lineNo + lineOffset},
		}));
		lineOffset += countLines(Buffer.from(whole.slice(0, cut)));
		if (events.length > 0) {
			all.push(...events);
			onEvents(events);
		}
	};
	while (!signal.aborted) {
		await poll();
		await io.sleep(everyMs, signal);
	}
	await poll();
	return all;
}

/**
 * The node's last loss of the broker: the connection attempts that failed after it had been
 * connected, and whether a `Connected to` followed them. Undefined when the node never lost a
 * connection it had (a node that never connected is not reconnecting, it is connecting).
 */
export type Reconnection = {
	/** Failed attempts (`failed on attempt N` lines) since the connection was lost. */
	readonly attempts: number;
	readonly back: boolean;
	/** The `Connected to` line that ended the run (when back). */
	readonly connected?: McoLogEvent;
};

export function lastReconnection(events: readonly McoLogEvent[]): Reconnection | undefined {
	let wasConnected = false;
	let failed = 0;
	let last: Reconnection | undefined;
	for (const e of events) {
		if (e.kind === 'started') {
			wasConnected = false;
			failed = 0;
			last = undefined;
		} else if (e.kind === 'connect-failed' && wasConnected) failed++;
		else if (e.kind === 'connected') {
			if (failed > 0) last = {attempts: failed, back: true, connected: e};
			wasConnected = true;
			failed = 0;
		}
	}
	return failed > 0 ? {attempts: failed, back: false} : last;
}

/** Where a reconnecting node is aimed: the first pool host of the config it runs. */
export type BrokerAddress = {readonly host: string; readonly port: number};

/**
 * Follows a node that lost its broker while a rung waits for it: says live (`note`) which attempt
 * it is at, looks (one bounded TCP connect per poll, only while the node is reconnecting) for the
 * moment the broker accepts again, and sums it up once the node is back. The times are what this
 * rung saw (its polls), so "X s after the broker came back" is never a guess: without a probe
 * that saw the broker come back, it says only how many attempts it took.
 */
export function watchReconnection(
	io: CheckIO,
	broker: BrokerAddress | undefined,
	note: ((text: string) => void) | undefined,
	signal: AbortSignal,
) {
	let sawReconnecting = false;
	let brokerBackAt: number | undefined;
	let probed = false;
	let backSeenAt: number | undefined;
	let said = '';
	const say = (text: string) => {
		if (text !== said) note?.(text);
		said = text;
	};
	return {
		/** One poll's look at the events since the last start (call once per poll). */
		async observe(events: readonly McoLogEvent[]): Promise<void> {
			const r = lastReconnection(events);
			if (!r) return;
			if (r.back) {
				if (sawReconnecting && backSeenAt === undefined) {
					backSeenAt = io.monotonicMs();
					say(`mcollectived reconnected after ${r.attempts} attempts`);
				}
				return;
			}
			sawReconnecting = true;
			if (broker && brokerBackAt === undefined && !signal.aborted) {
				const probe = await io.tcpConnect(broker.host, broker.port, 1000, signal);
				probed = true;
				if (probe.outcome === 'open') brokerBackAt = io.monotonicMs();
			}
			say(
				`mcollectived is reconnecting (attempt ${r.attempts})${brokerBackAt !== undefined ? `; ${broker?.host}:${broker?.port} accepts again` : broker ? `; ${broker.host}:${broker.port} does not accept yet` : ''}`,
			);
		},
		/**
		 * Whether the broker accepted a TCP connect from this host while the node was reconnecting:
		 * undefined when no probe ran (no broker address, or the node never lost it).
		 */
		brokerAccepts(): boolean | undefined {
			return brokerBackAt !== undefined ? true : probed ? false : undefined;
		},
		/** Whether the node is still reconnecting (worth waiting for: the broker may be starting again). */
		reconnecting(): boolean {
			return sawReconnecting && backSeenAt === undefined;
		},
		/** The evidence's words for the last reconnection, if there was one. */
		summary(events: readonly McoLogEvent[]): string | undefined {
			const r = lastReconnection(events);
			if (!r) return undefined;
			if (!r.back)
				return `reconnecting: ${r.attempts} failed attempts since it lost the broker${brokerBackAt !== undefined ? ', though the broker accepts again' : ''}`;
			const at = r.connected?.entry.time ?? `line ${r.connected?.entry.lineNo}`;
			if (!sawReconnecting) return `reconnected after ${r.attempts} failed attempts (at ${at})`;
			const after =
				brokerBackAt !== undefined && backSeenAt !== undefined
					? `, ${((backSeenAt - brokerBackAt) / 1000).toFixed(1)} s after the broker came back`
					: '';
			return `reconnected after ${r.attempts} attempts${after} (at ${at})`;
		},
	};
}

/**
 * How much longer a rung waits for a node that is still reconnecting: ActiveMQ takes ~18 s to
 * accept again after a start on the lab (a JVM on a loaded host), then the node's next attempt
 * comes within its back-off (the wizard's server.cfg caps it at 5 s, max_reconnect_delay).
 */
export const RECONNECT_GRACE_MS = 25_000;

/** The live line for new log events of a node (re)connecting, if they hold one: the last wins. */
export function reconnectNote(events: readonly McoLogEvent[]): string | undefined {
	const last = events.filter((e) => e.kind === 'connect-failed' || e.kind === 'connected').at(-1);
	if (last?.kind === 'connect-failed')
		return `mcollectived is reconnecting${last.attempt !== undefined ? ` (attempt ${last.attempt + 1})` : ''}`;
	if (last?.kind === 'connected') return 'mcollectived connected again';
	return undefined;
}

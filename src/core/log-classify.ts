/**
 * Turns mcollective.log (file or console logger) and ActiveMQ's activemq.log into typed events
 * the diagnosis can reason about. Tolerant of the version differences the seed and 2.12 show:
 * 2.2 writes `Conncted`/`Connction` and `Connection attempt`, 2.12 `Connected`/`TCP Connection`;
 * older Ruby loggers put one space before `#pid`, logger 1.5 two; lines copied out of a web page
 * may be wrapped mid-word or run together, so entries are split at their `X, [` prefix, not at
 * newlines. Pure: takes text, returns data.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** One log entry (possibly spanning several physical lines). */
export type LogEntry = {
	/** 1-based line number where the entry starts. */
	readonly lineNo: number;
	/** The rotated file it came from (`mcollective.log.0`, …); undefined: the log itself. */
	readonly file?: string;
	readonly level?: LogLevel;
	readonly time?: string;
	readonly pid?: number;
	/** `file.rb:NN:in \`method'` when the logger wrote one. */
	readonly source?: string;
	/** The message text, wrapped lines re-joined, backtrace lines dropped. */
	readonly message: string;
	/** The entry as it appeared (first physical line), for evidence. */
	readonly raw: string;
};

type Ev<K extends string, F = unknown> = {readonly kind: K; readonly entry: LogEntry} & F;

/** What a mcollective.log / mco stderr line means. */
export type McoLogEvent =
	| Ev<'started', {version: string; loglevel: string}>
	| Ev<'config-loaded', {version: string; configFile: string}>
	| Ev<'connecting', {url: string; attempt: number}>
	| Ev<'connected', {url: string}>
	| Ev<'connect-failed', {url: string; attempt?: number; detail?: string}>
	| Ev<'connect-timeout'>
	| Ev<'tls-failed', {url: string; detail: string}>
	| Ev<'connection-error', {url: string; detail: string; brokenPipe: boolean}>
	| Ev<'error-frame', {brokerMessage?: string}>
	| Ev<'no-message-received'>
	| Ev<'agent-load-failed', {agent: string; missingLibrary?: string; detail: string}>
	| Ev<'agent-activation-failed', {agent: string; detail: string}>
	| Ev<'agent-declined', {agent: string}>
	| Ev<'connector-missing', {connector: string}>
	| Ev<'invalid-signature', {sender?: string}>
	| Ev<'invalid-callerid'>
	| Ev<
			'message-too-old',
			{
				requestId: string;
				agent: string;
				collective: string;
				caller: string;
				createdAt: number;
				ageSeconds: number;
				ttl: number;
			}
	  >
	| Ev<'not-targeted', {requestId: string; agent: string; collective: string; caller: string}>
	| Ev<'failing-on-agent', {agent: string}>
	| Ev<'handling', {requestId: string; agent: string; collective: string; caller: string}>
	| Ev<'subscribing', {destination: string}>
	| Ev<'deprecated-option', {option: string}>
	| Ev<'logging-fallback', {value: string; inlineComment: boolean}>
	| Ev<'stomp-deprecated'>
	| Ev<'facts-failed', {detail: string}>
	| Ev<'runner-failed', {detail: string}>
	| Ev<'config-error', {detail: string}>
	| Ev<'missing-responses', {nodes: string[]}>
	| Ev<'exiting', {signal: string}>;

export type McoLogKind = McoLogEvent['kind'];

/** What an activemq.log line means (only what the diagnosis uses). */
export type AmqLogEvent =
	| Ev<'amq-auth-failed', {user: string}>
	| Ev<'amq-not-authorized', {user: string; operation: string; destination: string}>
	| Ev<'amq-started', {version?: string}>
	| Ev<'amq-listening', {uri: string}>;

// File logger: `I, [2026-11-25T04:58:07.853938+00:00  #24054]  INFO -- : from msg`
const FILE_PREFIX = /([DIWEFA]), \[(\S+)\s*#(\d+)\]\s+(DEBUG|INFO|WARN|ERROR|FATAL|ANY)\s+--\s+[^:]*:\s?/g;
// Console logger: `warn 2026/11/25 04:56:59: from msg` (colour codes stripped first).
const CONSOLE_LINE = /^(debug|info|warn|error|fatal) (\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d): (.*)$/;
const SOURCE = /^(\S+?:\d+:in `[^']*')\s*/s;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ANSI = /\u001b\[[0-9;]*m/g;

const LEVELS: Record<string, LogLevel> = {
	D: 'DEBUG',
	I: 'INFO',
	W: 'WARN',
	E: 'ERROR',
	F: 'FATAL',
	DEBUG: 'DEBUG',
	INFO: 'INFO',
	WARN: 'WARN',
	ERROR: 'ERROR',
	FATAL: 'FATAL',
};

/**
 * Longest entry text classified. mcollectived's lines are well under 1 KB; a longer one is cut so
 * every rule's regex works on a bounded string (several rules scan `.*?` from each match start,
 * quadratic on a crafted megabyte line).
 */
export const MAX_LOG_ENTRY_CHARS = 4 * 1024;

function bounded(text: string): string {
	if (text.length <= MAX_LOG_ENTRY_CHARS) return text;
	return `${text.slice(0, MAX_LOG_ENTRY_CHARS)} [… ${text.length - MAX_LOG_ENTRY_CHARS} characters cut]`;
}

/** Appends wrapped text to an entry without letting it grow past the bound (plus a margin to cut). */
function appendBounded(body: string, more: string): string {
	if (body.length > MAX_LOG_ENTRY_CHARS) return body;
	return body + more.slice(0, MAX_LOG_ENTRY_CHARS + 1 - body.length + 1);
}

function splitSource(text: string): {source?: string; message: string} {
	const m = SOURCE.exec(text);
	if (!m) return {message: text.trim()};
	return {source: m[1]?.replace(/\s+/g, ' '), message: text.slice(m[0].length).trim()};
}

/**
 * Splits log text into entries. Lines without a logger prefix continue the previous entry:
 * TAB-led lines are backtraces (dropped), others are wrapping (re-joined without a separator,
 * which restores words a web page split, e.g. the seed's `U` / `nexpected`).
 */
export function parseLogEntries(text: string): LogEntry[] {
	const clean = text.replace(ANSI, '').replace(/\r/g, '');
	// Lines are cut before any regex sees them (FILE_PREFIX scans each line), keeping the cut length.
	const lines = clean
		.split('\n')
		.map((l) => (l.length > 2 * MAX_LOG_ENTRY_CHARS ? l.slice(0, 2 * MAX_LOG_ENTRY_CHARS + 1) : l));
	const entries: Array<{
		lineNo: number;
		level?: LogLevel;
		time?: string;
		pid?: number;
		body: string;
		raw: string;
	}> = [];
	for (const [index, line] of lines.entries()) {
		const lineNo = index + 1;
		if (line.startsWith('# Logfile created')) continue;
		FILE_PREFIX.lastIndex = 0;
		const starts: RegExpExecArray[] = [];
		for (let m = FILE_PREFIX.exec(line); m; m = FILE_PREFIX.exec(line)) starts.push(m);
		if (starts.length > 0) {
			const head = line.slice(0, starts[0]?.index ?? 0);
			const last = entries.at(-1);
			if (head.trim() !== '' && last) last.body = appendBounded(last.body, head);
			for (const [i, m] of starts.entries()) {
				const end = starts[i + 1]?.index ?? line.length;
				const body = line.slice(m.index + m[0].length, end);
				entries.push({
					lineNo,
					level: LEVELS[m[4] ?? ''] ?? LEVELS[m[1] ?? ''],
					time: m[2],
					pid: Number(m[3]),
					body,
					raw: line.slice(m.index, end).trimEnd(),
				});
			}
			continue;
		}
		const consoleMatch = CONSOLE_LINE.exec(line);
		if (consoleMatch) {
			entries.push({
				lineNo,
				level: LEVELS[(consoleMatch[1] ?? '').toUpperCase()],
				time: consoleMatch[2],
				body: consoleMatch[3] ?? '',
				raw: line,
			});
			continue;
		}
		const last = entries.at(-1);
		if (line.startsWith('\t') || line.trim() === '') continue;
		// Only the file logger wraps; on stderr every line is its own message.
		if (last?.pid !== undefined) last.body = appendBounded(last.body, line);
		else entries.push({lineNo, body: line, raw: line});
	}
	return entries.map(({body, ...rest}) => ({...rest, ...splitSource(bounded(body))}));
}

type Rule = (m: RegExpExecArray, entry: LogEntry) => McoLogEvent | undefined;
const RULES: Array<[RegExp, Rule]> = [
	[
		/The Marionette Collective (?:version )?(\S+) started logging at (.+) level/,
		(m, entry) => ({kind: 'started', entry, version: m[1] ?? '', loglevel: m[2] ?? ''}),
	],
	[
		/The Marionette Collective version (\S+) started by (.+?) using config file (\S+)/,
		(m, entry) => ({kind: 'config-loaded', entry, version: m[1] ?? '', configFile: m[3] ?? ''}),
	],
	[
		/(?:TCP )?Conn?e?ction attempt (\d+) to (\S+)/,
		(m, entry) => ({kind: 'connecting', entry, attempt: Number(m[1]), url: m[2] ?? ''}),
	],
	[/^Conn?e?cted to (\S+)/, (m, entry) => ({kind: 'connected', entry, url: m[1] ?? ''})],
	[
		/(?:TCP )?Conn?e?ction to (\S+) failed on attempt (\d+)/,
		(m, entry) => ({kind: 'connect-failed', entry, url: m[1] ?? '', attempt: Number(m[2])}),
	],
	// 2.2-era client wording on stderr (seed): `connect to localhost failed: Connection refused - connect(2) will retry(#0) in 5`
	[
		/^connect to (\S+) failed: (.+?) will retry/,
		(m, entry) => ({kind: 'connect-failed', entry, url: m[1] ?? '', detail: m[2]}),
	],
	[
		/Timeout occured while trying to connect to middleware/,
		(_m, entry) => ({kind: 'connect-timeout', entry}),
	],
	[
		/SSL session creation with (\S+) failed: (.*)/,
		(m, entry) => ({kind: 'tls-failed', entry, url: m[1] ?? '', detail: m[2] ?? ''}),
	],
	[
		/Unexpected error on connection (\S+?): (.*)/s,
		(m, entry) => ({
			kind: 'connection-error',
			entry,
			url: m[1] ?? '',
			detail: (m[2] ?? '').trim(),
			brokenPipe: /Broken pipe|EOF as nil|reset by peer/i.test(m[2] ?? ''),
		}),
	],
	[
		/Unexpected 'ERROR' frame\.\s+Headers: (.*)/s,
		(m, entry) => ({
			kind: 'error-frame',
			entry,
			brokerMessage: /"message"\s*=>\s*"((?:[^"\\]|\\.)*)"/.exec(m[1] ?? '')?.[1],
		}),
	],
	[/Received frame of type 'ERROR' expected 'MESSAGE'/, (_m, entry) => ({kind: 'error-frame', entry})],
	[/No message received from ActiveMQ/, (_m, entry) => ({kind: 'no-message-received', entry})],
	[
		/(?:Failed to load \S*Connector::(\w+)|cannot load such file -- mcollective\/connector\/(\w+))/i,
		(m, entry) => ({kind: 'connector-missing', entry, connector: (m[1] ?? m[2] ?? '').toLowerCase()}),
	],
	[
		/Failed to load MCollective::Agent::(\w+): (.*)/is,
		(m, entry) => agentFailure(entry, (m[1] ?? '').toLowerCase(), m[2] ?? ''),
	],
	[/Loading agent (\S+) failed: (.*)/s, (m, entry) => agentFailure(entry, m[1] ?? '', m[2] ?? '')],
	[
		/Failed to load DDL for the '([^']+)' agent.*?: (.*)/s,
		(m, entry) => agentFailure(entry, m[1] ?? '', m[2] ?? ''),
	],
	[
		/Agent activation check for (\S+) failed: (.*)/s,
		(m, entry) => ({kind: 'agent-activation-failed', entry, agent: m[1] ?? '', detail: (m[2] ?? '').trim()}),
	],
	// 2.12 agents.rb loadagent, DEBUG only: activate? (the default rule or the agent's own) said no
	[
		/Not activating agent (\S+) due to agent policy in activate\? method/,
		(m, entry) => ({kind: 'agent-declined', entry, agent: m[1] ?? ''}),
	],
	[
		/Failed to decode a message from '([^']*)': Received an invalid signature/,
		(m, entry) => ({kind: 'invalid-signature', entry, sender: m[1]}),
	],
	[/Received an invalid signature in message/, (_m, entry) => ({kind: 'invalid-signature', entry})],
	[/callerid in request is not valid/, (_m, entry) => ({kind: 'invalid-callerid', entry})],
	[
		/Message (\S+) for agent '([^']*)' in collective '([^']*)' from (\S+) created at (\d+) is (-?\d+) seconds old, TTL is (\d+)/,
		(m, entry) => ({
			kind: 'message-too-old',
			entry,
			requestId: m[1] ?? '',
			agent: m[2] ?? '',
			collective: m[3] ?? '',
			caller: m[4] ?? '',
			createdAt: Number(m[5]),
			ageSeconds: Number(m[6]),
			ttl: Number(m[7]),
		}),
	],
	[
		/Message (\S+) for agent '([^']*)' in collective '([^']*)' from (\S+) does not pass filters/,
		(m, entry) => ({
			kind: 'not-targeted',
			entry,
			requestId: m[1] ?? '',
			agent: m[2] ?? '',
			collective: m[3] ?? '',
			caller: m[4] ?? '',
		}),
	],
	[/Failing based on agent (\S+)/, (m, entry) => ({kind: 'failing-on-agent', entry, agent: m[1] ?? ''})],
	[
		/Handling message (\S+) for agent '([^']*)' in collective '([^']*)' from (\S+?):? /,
		(m, entry) => ({
			kind: 'handling',
			entry,
			requestId: m[1] ?? '',
			agent: m[2] ?? '',
			collective: m[3] ?? '',
			caller: m[4] ?? '',
		}),
	],
	[/^Subscribing to (\S+)/, (m, entry) => ({kind: 'subscribing', entry, destination: m[1] ?? ''})],
	[
		/Use of deprecated '([^']+)' option/,
		(m, entry) => ({kind: 'deprecated-option', entry, option: m[1] ?? ''}),
	],
	[
		/Could not set logging to (.*?) using \w+ instead/s,
		(m, entry) => ({
			kind: 'logging-fallback',
			entry,
			value: m[1] ?? '',
			inlineComment: (m[1] ?? '').includes('#'),
		}),
	],
	[/last to fully support the 'stomp' connector/, (_m, entry) => ({kind: 'stomp-deprecated', entry})],
	[
		/Failed to load (?:yaml )?facts(?: from \S+)?: (.*)/,
		(m, entry) => ({kind: 'facts-failed', entry, detail: m[1] ?? ''}),
	],
	[
		/(Failed to initialize MCollective runner|A failure occurred in the MCollective runner)/,
		(m, entry) => ({kind: 'runner-failed', entry, detail: m[1] ?? ''}),
	],
	[
		/(Cannot find config file '[^']*'|Unknown config parameter '[^']*'|No plugin\.psk configuration option specified|Unknown collective '[^']*'.*|Could not parse value for configuration option.*)/,
		(m, entry) => ({kind: 'config-error', entry, detail: m[1] ?? ''}),
	],
	[
		/Did not receive responses from (.*)/,
		(m, entry) => ({
			kind: 'missing-responses',
			entry,
			nodes: (m[1] ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
		}),
	],
	[/Exiting after signal: (\S+)/, (m, entry) => ({kind: 'exiting', entry, signal: m[1] ?? ''})],
];

function agentFailure(entry: LogEntry, agent: string, detail: string): McoLogEvent {
	const missingLibrary = /cannot load such file -- (\S+)/.exec(detail)?.[1];
	return {
		kind: 'agent-load-failed',
		entry,
		agent,
		detail: detail.trim(),
		...(missingLibrary ? {missingLibrary} : {}),
	};
}

/** Classifies one entry; undefined when the line means nothing to the diagnosis. */
export function classifyEntry(entry: LogEntry): McoLogEvent | undefined {
	for (const [re, rule] of RULES) {
		const m = re.exec(entry.message);
		if (m) return rule(m, entry);
	}
	return undefined;
}

/** Every meaningful event of a mcollective.log (or mco stderr) text, in order. */
export function classifyMcoLog(text: string): McoLogEvent[] {
	return parseLogEntries(text).flatMap((entry) => {
		const ev = classifyEntry(entry);
		return ev ? [ev] : [];
	});
}

const STARTUP_PREAMBLE: ReadonlySet<McoLogKind> = new Set(['config-loaded', 'logging-fallback']);

/**
 * Only what the daemon logged since it last started (the oo-diagnostics trick), so errors from an
 * earlier run cannot mislead. The start is the last `started logging` line, widened back over the
 * lines a start writes just before it (config loaded, logging fallback).
 */
export function sinceLastStart(events: readonly McoLogEvent[]): McoLogEvent[] {
	let start = -1;
	for (let i = events.length - 1; i >= 0; i--) {
		if (events[i]?.kind === 'started') {
			start = i;
			break;
		}
	}
	if (start < 0) return [...events];
	const pid = events[start]?.entry.pid;
	while (start > 0) {
		const prev = events[start - 1];
		if (!prev || !STARTUP_PREAMBLE.has(prev.kind)) break;
		if (pid !== undefined && prev.entry.pid !== undefined && prev.entry.pid !== pid) break;
		start--;
	}
	return events.slice(start);
}

/** The text of a log from its last start on (for showing the user the relevant part only). */
export function textSinceLastStart(text: string): string {
	const events = classifyMcoLog(text);
	const since = sinceLastStart(events);
	const first = since[0];
	if (!first || since.length === events.length) return text;
	return text
		.split('\n')
		.slice(first.entry.lineNo - 1)
		.join('\n');
}

const AMQ_RULES: Array<[RegExp, (m: RegExpExecArray, entry: LogEntry) => AmqLogEvent]> = [
	[
		/User name \[([^\]]*)\] or password is invalid/,
		(m, entry) => ({kind: 'amq-auth-failed', entry, user: m[1] ?? ''}),
	],
	[
		/User (\S+) is not authorized to (read from|write to|create|remove):?\s*(\S+)/,
		(m, entry) => ({
			kind: 'amq-not-authorized',
			entry,
			user: m[1] ?? '',
			operation: m[2] ?? '',
			destination: m[3] ?? '',
		}),
	],
	[/Apache ActiveMQ (\S+) \(.*\) started/, (m, entry) => ({kind: 'amq-started', entry, version: m[1]})],
	[/Listening for connections at:? (\S+)/, (m, entry) => ({kind: 'amq-listening', entry, uri: m[1] ?? ''})],
];

/**
 * Classifies activemq.log (log4j `%d | %-5p | %m | %c | %t`, or the console `%5p | %m`). One
 * failed login writes three or four lines naming the user; each becomes an event (dedupe later).
 */
export function classifyAmqLog(text: string): AmqLogEvent[] {
	const out: AmqLogEvent[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		const parts = line.split(' | ');
		const level = parts.find((p) => /^\s*(DEBUG|INFO|WARN|ERROR|FATAL)\s*$/.test(p))?.trim() as
			| LogLevel
			| undefined;
		const entry: LogEntry = {lineNo: index + 1, message: line, raw: line, ...(level ? {level} : {})};
		for (const [re, rule] of AMQ_RULES) {
			const m = re.exec(line);
			if (m) {
				out.push(rule(m, entry));
				break;
			}
		}
	}
	return out;
}

const QUICK_DROP_MS = 1000;

function everyConnectQuicklyDropped(events: readonly McoLogEvent[]): boolean {
	const at = (e: McoLogEvent) => (e.entry.time ? Date.parse(e.entry.time) : Number.NaN);
	for (const [i, e] of events.entries()) {
		if (e.kind !== 'connected') continue;
		const t = at(e);
		if (Number.isNaN(t)) return false;
		const drop = events.slice(i + 1).find((x) => DROPPED.has(x.kind) || x.kind === 'connected');
		if (!drop || drop.kind === 'connected' || !(at(drop) - t <= QUICK_DROP_MS)) return false;
	}
	return true;
}

/** Where mcollectived's connection to the broker stands, judged from its log since the last start. */
export type NodeConnectionState =
	/** Connected and not dropped since. */
	| 'connected'
	/** Still trying: TCP attempts failing (broker down, wrong host/port, firewall): F9. */
	| 'connecting'
	/** TCP connects, then the broker drops the login again and again: F11. */
	| 'rejected'
	/** No connection line at all since the start. */
	| 'none';

/** The lines that say the broker dropped (or refused) a connection the node had. */
export const DROPPED: ReadonlySet<McoLogKind> = new Set([
	'connection-error',
	'no-message-received',
	'error-frame',
]);

/**
 * Reads the tail after the LAST `Connected`: a connect failure there means the broker went away
 * (connecting); a drop there, or a loop of several Connected lines without connect failures, means
 * the broker refuses the login (ruby-stomp logs Connected before the broker judged it).
 */
export function nodeConnectionState(events: readonly McoLogEvent[]): NodeConnectionState {
	let last = -1;
	let connectedCount = 0;
	for (const [i, e] of events.entries()) {
		if (e.kind === 'connected') {
			last = i;
			connectedCount++;
		}
	}
	if (last < 0)
		return events.some((e) => e.kind === 'connecting' || e.kind === 'connect-failed') ? 'connecting' : 'none';
	// ActiveMQ rejecting the login: every Connected is dropped within a second (Broken pipe /
	// reset), even when refused TCP attempts interleave (seen on the three-host lab's
	// node-wrong-password). A broker that goes away drops a connection that had lasted.
	if (connectedCount >= 2 && everyConnectQuicklyDropped(events)) return 'rejected';
	const tail = events.slice(last + 1);
	if (tail.some((e) => e.kind === 'connect-failed')) return 'connecting';
	if (tail.some((e) => DROPPED.has(e.kind))) return 'rejected';
	const everFailedTcp = events.some((e) => e.kind === 'connect-failed');
	if (connectedCount >= 3 && !everFailedTcp && events.some((e) => DROPPED.has(e.kind))) return 'rejected';
	return 'connected';
}

/** `file:line` for evidence: the log's path, or the rotated file the entry was read from. */
export function logRef(path: string, entry: LogEntry): string {
	return `${entry.file ?? path}:${entry.lineNo}`;
}

/**
 * activemq.log since the broker's last start: where that start begins (the Spring context
 * refresh, or "is starting"), the events the log classifier knows (failed logins, refused
 * destinations, started, listening) and the ERROR lines of a start that failed (F8).
 */
import {type AmqLogEvent, classifyAmqLog} from './log-classify.js';

// Every start through xbean first refreshes the Spring context; "is starting" is the fallback.
const REFRESH = /Refreshing org\.apache\.activemq\.xbean\.XBeanBrokerFactory/;
const STARTING = /Apache ActiveMQ \S+ \(.*\) is starting/;

export type AmqLogSinceStart = {
	/** 1-based line where the last start begins (1 when none is seen). */
	readonly fromLine: number;
	readonly events: readonly AmqLogEvent[];
	/** ERROR/FATAL lines since that start, trimmed to the message. */
	readonly errors: readonly string[];
	readonly started: boolean;
	readonly listening: readonly string[];
};

export function amqLogSinceLastStart(text: string): AmqLogSinceStart {
	const lines = text.split('\n');
	const lastOf = (re: RegExp) => lines.findLastIndex((l) => re.test(l));
	const refresh = lastOf(REFRESH);
	const from = Math.max(0, refresh >= 0 ? refresh : lastOf(STARTING));
	const tail = lines.slice(from).join('\n');
	const events = classifyAmqLog(tail).map((e) => ({
		...e,
		entry: {...e.entry, lineNo: e.entry.lineNo + from},
	}));
	const errors = lines
		.slice(from)
		.filter((l) => /\|\s*(ERROR|FATAL)\s*\|/.test(l) || /^\s*(ERROR|FATAL)\s*\|/.test(l))
		.map((l) => {
			const parts = l.split(' | ');
			return (parts.length >= 3 ? parts[2] : l)?.trim().slice(0, 300) ?? '';
		});
	return {
		fromLine: from + 1,
		events,
		errors,
		started: events.some((e) => e.kind === 'amq-started'),
		listening: events.flatMap((e) => (e.kind === 'amq-listening' ? [e.uri] : [])),
	};
}

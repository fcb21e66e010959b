/**
 * The node's mcollective.log, read live through CheckIO: the whole file cut at the last start (so
 * an earlier run's errors cannot mislead), or only what was appended during one action (a ping),
 * classified.
 */
import {classifyMcoLog, type McoLogEvent, sinceLastStart} from '../core/log-classify.js';
import type {CheckIO} from '../io/check-io.js';

export type NodeLogRead = {readonly readable: boolean; readonly events: readonly McoLogEvent[]};

export async function eventsSinceLastStart(io: CheckIO, path: string): Promise<NodeLogRead> {
	const text = await io.readLog(path);
	if (text === undefined) return {readable: false, events: []};
	return {readable: true, events: sinceLastStart(classifyMcoLog(text))};
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

function countLines(buf: Buffer): number {
	let n = 0;
	for (const byte of buf) if (byte === 10) n++;
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

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

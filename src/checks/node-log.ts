/**
 * The node's mcollective.log, read live: the whole file cut at the last start (so an earlier run's
 * errors cannot mislead), or only what was appended during one action (a ping), classified.
 */
import {open, stat} from 'node:fs/promises';
import {classifyMcoLog, type McoLogEvent, sinceLastStart} from '../core/log-classify.js';

const MAX_BYTES = 4 * 1024 * 1024;

export async function logSize(path: string): Promise<number | undefined> {
	return stat(path).then(
		(s) => s.size,
		() => undefined,
	);
}

/** Text appended since byte `offset` (the tail only, at most MAX_BYTES). */
export async function readLogFrom(path: string, offset = 0): Promise<string | undefined> {
	try {
		const handle = await open(path, 'r');
		try {
			const {size} = await handle.stat();
			const from = Math.max(offset, size - MAX_BYTES);
			if (size <= from) return '';
			const buf = Buffer.alloc(size - from);
			await handle.read(buf, 0, buf.length, from);
			return buf.toString('utf8');
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
}

export type NodeLogRead = {readonly readable: boolean; readonly events: readonly McoLogEvent[]};

export async function eventsSinceLastStart(path: string): Promise<NodeLogRead> {
	const text = await readLogFrom(path);
	if (text === undefined) return {readable: false, events: []};
	return {readable: true, events: sinceLastStart(classifyMcoLog(text))};
}

/** Events the node logged while `action` ran (plus a short grace for the node to write them). */
export async function eventsDuring<T>(
	path: string,
	action: () => Promise<T>,
	graceMs = 300,
): Promise<{result: T} & NodeLogRead> {
	const before = await logSize(path);
	const result = await action();
	if (before === undefined) return {result, readable: false, events: []};
	await new Promise((r) => setTimeout(r, graceMs));
	const text = (await readLogFrom(path, before)) ?? '';
	// line numbers of the file, not of the window, so `mcollective.log:N` points at the real line
	const head = await readLogFrom(path, 0);
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

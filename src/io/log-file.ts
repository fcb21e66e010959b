/**
 * A log file read as it grows: its size now (to remember where an action started) and the text
 * appended since a byte offset, capped to the tail so a huge log cannot stall a check.
 */
import {open, stat} from 'node:fs/promises';

const MAX_BYTES = 4 * 1024 * 1024;

/** The size in bytes, or undefined when the file cannot be seen (absent, no permission). */
export async function fileSize(path: string): Promise<number | undefined> {
	return stat(path).then(
		(s) => s.size,
		() => undefined,
	);
}

/** Text appended since byte `offset` (the tail only, at most MAX_BYTES); undefined when unreadable. */
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

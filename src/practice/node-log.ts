/**
 * A simulated node's log in mcollectived 2.12's own file-logger format (Ruby logger 1.5.0,
 * shared/docs/mcollective-wire.md §7.1), so the wizard's node-log checks read it like the real one:
 *
 *   I, [2026-11-25T04:58:07.853938+00:00  #24054]  INFO -- : activemq.rb:119:in `on_connected' Connected to …
 *
 * Timestamps are the node's own clock (its offset applied), as a skewed host would write them.
 */
import {appendFileSync, existsSync, mkdirSync} from 'node:fs';
import {dirname} from 'node:path';

export type NodeLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const ORDER: Readonly<Record<NodeLogLevel, number>> = {debug: 0, info: 1, warn: 2, error: 3, fatal: 4};

/** `2026-11-25T04:58:07.853938+00:00` (Ruby `%Y-%m-%dT%H:%M:%S.%6N%:z`, UTC). */
export function rubyLogTime(epochMs: number, micros = 0): string {
	const iso = new Date(epochMs).toISOString(); // 2026-11-25T04:58:07.853Z
	return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}+00:00`;
}

/** One entry; `from` is the Ruby caller, e.g. "activemq.rb:119:in `on_connected'". */
export function formatLogLine(
	level: NodeLogLevel,
	epochMs: number,
	pid: number,
	from: string,
	message: string,
	micros = 0,
): string {
	const letter = level[0]?.toUpperCase() ?? 'I';
	const name = level.toUpperCase().padStart(5);
	return `${letter}, [${rubyLogTime(epochMs, micros)}  #${pid}] ${name} -- : ${from} ${message}\n`;
}

/** `# Logfile created on 2026-11-25 06:40:01 +0000 by logger.rb/v1.5.0` */
export function logfileHeader(epochMs: number): string {
	const iso = new Date(epochMs).toISOString();
	return `# Logfile created on ${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 by logger.rb/v1.5.0\n`;
}

export type NodeLog = {
	write(level: NodeLogLevel, from: string, message: string): void;
};

/**
 * Appends to `path` (created 0600 with the logger's header line if missing); lines below `level`
 * are dropped, as the real logger does. Synchronous appends: a node writes a few lines per
 * request, and a check that reads the file right after a ping must see them.
 */
export function fileNodeLog(
	path: string,
	level: NodeLogLevel,
	clock: () => number,
	pid = process.pid,
): NodeLog {
	mkdirSync(dirname(path), {recursive: true});
	if (!existsSync(path)) appendFileSync(path, logfileHeader(clock()), {mode: 0o600});
	return {
		write(entryLevel, from, message) {
			if (ORDER[entryLevel] < ORDER[level]) return;
			const micros = Math.floor((performance.now() % 1) * 1000);
			appendFileSync(path, formatLogLine(entryLevel, clock(), pid, from, message, micros));
		},
	};
}

/** For nodes nobody reads (the scale benchmark's thousands). */
export const silentNodeLog: NodeLog = {write() {}};

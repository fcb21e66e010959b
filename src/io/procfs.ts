/**
 * Processes and listening sockets of this host, read from /proc (Linux). undefined when /proc
 * cannot be read (not Linux, or a restricted container): the checks then say they cannot see.
 */
import {readdir, readFile} from 'node:fs/promises';
import {type ListeningSocket, parseProcNetTcp} from '../core/proc-net.js';

export type ProcessInfo = {readonly pid: number; readonly args: readonly string[]};

export async function processes(): Promise<readonly ProcessInfo[] | undefined> {
	let names: string[];
	try {
		names = await readdir('/proc');
	} catch {
		return undefined;
	}
	const out: ProcessInfo[] = [];
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const raw = await readFile(`/proc/${name}/cmdline`, 'utf8');
			if (raw) out.push({pid: Number(name), args: raw.replace(/\0$/, '').split('\0')});
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return out;
}

export async function listeningTcp(): Promise<readonly ListeningSocket[] | undefined> {
	const texts = await Promise.all(
		['/proc/net/tcp', '/proc/net/tcp6'].map((p) => readFile(p, 'utf8').catch(() => undefined)),
	);
	if (texts.every((t) => t === undefined)) return undefined;
	return texts.flatMap((t) => (t ? parseProcNetTcp(t) : []));
}

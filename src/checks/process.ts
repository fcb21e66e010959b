/** Finds running mcollectived processes and the --config they were started with, from /proc. */
import {readdir, readFile} from 'node:fs/promises';

export type DaemonProcess = {readonly pid: number; readonly cmdline: string; readonly config?: string};

export async function findDaemons(name = 'mcollectived'): Promise<DaemonProcess[] | undefined> {
	let entries: string[];
	try {
		entries = await readdir('/proc');
	} catch {
		return undefined; // no /proc (not Linux): unknown, not "not running"
	}
	const found: DaemonProcess[] = [];
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		const raw = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
		if (!raw) continue;
		const argv = raw.split('\0').filter(Boolean);
		if (!argv.some((a, i) => i < 3 && a.endsWith(`/${name}`)) && argv[0] !== name) continue;
		const eq = argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
		const sep = argv.indexOf('--config');
		const config = eq ?? (sep >= 0 ? argv[sep + 1] : undefined);
		found.push({pid: Number(entry), cmdline: argv.join(' '), ...(config ? {config} : {})});
	}
	return found;
}

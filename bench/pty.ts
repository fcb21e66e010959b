/**
 * Time from launch to the first visible character a program draws on a real pseudo-terminal.
 * `script -qfc` gives the child a pty and copies what it writes, unbuffered, to our pipe; we stop
 * the clock at the first printable character outside an escape sequence (Ink writes a frame in
 * one write, so that is the first frame), then end the child. No pty library needed.
 */
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {stripVTControlCharacters} from 'node:util';

/** Anything a person sees: escape sequences (stripped by Node), spaces and controls are not. */
function visible(text: string): boolean {
	for (const ch of stripVTControlCharacters(text)) {
		const code = ch.charCodeAt(0);
		if (code > 0x20 && code !== 0x7f) return true;
	}
	return false;
}

/** cpuMs: user+system CPU the program used up to that moment (from /proc, 10 ms ticks). */
export type PtySample = {ms: number; seen: boolean; cpuMs: number | null};

/** CPU used so far by every process under `root` (script, its shell, the program), from /proc. */
function cpuUnder(root: number): number | null {
	try {
		const stats = readdirSync('/proc')
			.filter((d) => /^\d+$/.test(d))
			.map((pid) => {
				try {
					// fields after the ")" of comm: state ppid ... utime(14) stime(15), 1-based over the whole line
					const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
					return {pid: Number(pid), ppid: Number(after[1]), ticks: Number(after[11]) + Number(after[12])};
				} catch {
					return undefined;
				}
			})
			.filter((x) => x !== undefined);
		const under = new Set([root]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const p of stats)
				if (!under.has(p.pid) && under.has(p.ppid)) grew = under.add(p.pid) !== undefined;
		}
		return stats.filter((p) => under.has(p.pid) && p.pid !== root).reduce((a, p) => a + p.ticks, 0) * 10;
	} catch {
		return null;
	}
}

/**
 * `until` (default: anything visible) says when the awaited frame is there, on everything the
 * program wrote so far (escapes included): e.g. Ink's end-of-frame bracket, for the frame Ink
 * draws after the app shell's (src/io/first-frame-shell.ts).
 */
export function firstVisible(
	command: string,
	env: NodeJS.ProcessEnv,
	timeoutMs = 10_000,
	until: (written: string) => boolean = visible,
): Promise<PtySample> {
	return new Promise((resolve) => {
		const started = performance.now();
		const child = spawn('script', ['-qfec', command, '/dev/null'], {
			env: {...env, TERM: 'xterm-256color', COLUMNS: '100', LINES: '40'},
			stdio: ['pipe', 'pipe', 'ignore'],
			detached: true,
		});
		let text = '';
		let done = false;
		const finish = (seen: boolean) => {
			if (done) return;
			done = true;
			const ms = performance.now() - started;
			const cpuMs = cpuUnder(child.pid ?? 0);
			clearTimeout(timer);
			try {
				process.kill(-(child.pid ?? 0), 'SIGKILL');
			} catch {
				// already gone
			}
			resolve({ms, seen, cpuMs});
		};
		const timer = setTimeout(() => finish(false), timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			if (until(text)) finish(true);
		});
		child.on('exit', () => setTimeout(() => finish(until(text)), 5));
	});
}

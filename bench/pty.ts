/**
 * Time from launch to the first visible character a program draws on a real pseudo-terminal.
 * `script -qfc` gives the child a pty and copies what it writes, unbuffered, to our pipe; we stop
 * the clock at the first printable character outside an escape sequence (Ink writes a frame in
 * one write, so that is the first frame), then end the child. No pty library needed.
 */
import {spawn} from 'node:child_process';
import {stripVTControlCharacters} from 'node:util';

/** Anything a person sees: escape sequences (stripped by Node), spaces and controls are not. */
function visible(text: string): boolean {
	for (const ch of stripVTControlCharacters(text)) {
		const code = ch.charCodeAt(0);
		if (code > 0x20 && code !== 0x7f) return true;
	}
	return false;
}

export type PtySample = {ms: number; seen: boolean};

export function firstVisible(
	command: string,
	env: NodeJS.ProcessEnv,
	timeoutMs = 10_000,
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
			clearTimeout(timer);
			try {
				process.kill(-(child.pid ?? 0), 'SIGKILL');
			} catch {
				// already gone
			}
			resolve({ms, seen});
		};
		const timer = setTimeout(() => finish(false), timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			if (visible(text)) finish(true);
		});
		child.on('exit', () => setTimeout(() => finish(visible(text)), 5));
	});
}

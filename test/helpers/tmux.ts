/**
 * A real terminal for tests: a detached tmux session whose pane is read back as text.
 * One copy of the helpers the pty tests (test/screens, test/practice, test/lab3) share.
 */
import {execFileSync, spawnSync} from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Runs tmux with args; throws on a non-zero exit (a session that is gone, a bad target). */
export const tmux = (...args: string[]): string => execFileSync('tmux', args, {encoding: 'utf8'});

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The visible pane as text (with -e: its escape sequences too). */
export const capturePane = (session: string, opts: {escapes?: boolean} = {}): string =>
	tmux('capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', session);

/** Polls the pane until it matches (bounded); returns it, or throws with the last pane seen. */
export async function waitForPane(session: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let pane = '';
	while (Date.now() < deadline) {
		pane = capturePane(session);
		if (pattern.test(pane)) return pane;
		await delay(150);
	}
	throw new Error(`pane never matched ${pattern}; last:\n${pane}`);
}

/** Ends a session this test started (by its own name); no error when it is already gone. */
export const killSession = (session: string): void => {
	spawnSync('tmux', ['kill-session', '-t', session]);
};

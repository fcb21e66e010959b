/**
 * A real terminal for tests: a detached tmux session whose pane is read back as text.
 * One copy of the helpers the pty tests (test/screens, test/practice, test/lab3) share.
 */
import {execFileSync, spawnSync} from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Runs tmux with args; throws on a non-zero exit (a session that is gone, a bad target). */
export const tmux = (...args: string[]): string => execFileSync('tmux', args, {encoding: 'utf8'});

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type SessionOptions = {
	/** Shell commands, joined with `; ` (the next runs whatever the last one's exit). */
	readonly commands: string | readonly string[];
	/** Run from here (a `cd` first); the repository root for what runs the bin, dist/cli.cjs. */
	readonly cwd?: string;
	/** The window's size; 80×24, the size the lessons are written for, unless given. */
	readonly cols?: number;
	readonly rows?: number;
};

/**
 * Starts a detached session `session` running the commands in a window of its own size. The tmux
 * server exits with its last session: a test file ending its session while another starts one
 * can meet the server on its way out ("server exited unexpectedly"). Then a new server is
 * started by trying again; any other error is thrown at once.
 */
export function startSession(session: string, opts: SessionOptions): void {
	const commands = typeof opts.commands === 'string' ? [opts.commands] : opts.commands;
	const line = [...(opts.cwd ? [`cd ${opts.cwd}`] : []), ...commands].join('; ');
	const args = [
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(opts.cols ?? 80),
		'-y',
		String(opts.rows ?? 24),
		line,
	];
	for (let attempt = 1; ; attempt++) {
		try {
			tmux(...args);
			return;
		} catch (error) {
			const serverGone = String((error as {stderr?: unknown}).stderr ?? '').includes(
				'server exited unexpectedly',
			);
			if (!serverGone || attempt >= 5) throw error;
			spawnSync('sleep', ['0.1']);
		}
	}
}

/** The visible pane as text (with -e: its escape sequences too). */
export const capturePane = (session: string, opts: {escapes?: boolean} = {}): string =>
	tmux('capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', session);

/**
 * Polls the pane until it matches (bounded); returns it, or throws with the last pane seen. The
 * bound is generous: on a loaded 2-core CI machine a first frame can take many seconds.
 */
export async function waitForPane(session: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
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

/** Builds dist/ (the bin dist/cli.cjs, dist/cli.mjs) when stale (a few stat calls when not): pty tests run what `npm start` runs. */
export function buildBundle(root: string): void {
	execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], {cwd: root, stdio: 'inherit'});
}

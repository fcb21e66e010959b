/**
 * The app shell (src/core/first-frame.ts decides, this writes): when the wizard is launched at a
 * terminal, its first frame is on the screen before commander, Ink or React are loaded.
 *
 * Why this and not only a faster first screen: Ink's own floor is ~+170 ms CPU over a Node
 * one-liner (bench/ink-floor.tsx), above the +150 ms target, so no trimming of our screens gets
 * there. A V8 code cache (vm.Script cachedData) would need the ESM bundle rewritten as a script
 * and only saves compile time (~70–80 ms of the profile); the shell removes everything after
 * Node's own start from the path to the first frame. README "Benchmarks" has the numbers.
 *
 * Life of the shell: draw (cached Ink frame for the same launch key, else content/shell.md's plain
 * lines), raw mode so keys typed meanwhile are neither echoed nor lost (they are kept and handed
 * to Ink), Ctrl-C ends the process with the terminal restored. Then either handOffToInk() (Ink's
 * first frame write replaces the shell's frame in place: nothing written when identical, else an
 * erase of the shell's lines in the same write) or, when anything else writes first (an error,
 * another path), the shell's frame is erased and the terminal restored before that write.
 */
import {readFileSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {readContent} from '../content.js';
import {
	cacheableFrame,
	eraseLines,
	frameLineCount,
	isFrameBracket,
	launchKeyText,
	plainFrame,
	progressForKey,
	wizardLaunch,
} from '../core/first-frame.js';
import {defaultProgressPath, defaultRangeDir} from './progress-path.js';

/** Where the last frame is kept, beside the progress file (one entry: the last launch's). */
const CACHE_FILE = 'first-frame.json';
const CTRL_C = 0x03;
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

type Write = NodeJS.WriteStream['write'];

type Shell = {
	readonly frame: string;
	readonly key: string;
	readonly cachePath: string;
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
	readonly writeOut: Write;
	readonly writeErr: Write;
	readonly typed: Buffer[];
	readonly onReadable: () => void;
	readonly onExit: () => void;
	handingOff: boolean;
};

let shell: Shell | undefined;

/** node:crypto loaded here, for a wizard launch only: `--help` and `ping` should not pay for it at import. */
function digest(text: string): string {
	const {createHash} = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
	return createHash('sha256').update(text).digest('hex');
}

/** A file's digest, or null when it cannot be read (absent: a first launch). */
function fileDigest(path: string | undefined, normalise = (text: string) => text): string | null {
	if (path === undefined) return null;
	try {
		return digest(normalise(readFileSync(path, 'utf8')));
	} catch {
		return null;
	}
}

/** The bundle's identity: this module's file (dist/cli.mjs once built) and the Node running it. */
function bundleIdentity(): string {
	try {
		const st = statSync(fileURLToPath(import.meta.url));
		return `${st.mtimeMs}:${st.size}:${process.version}`;
	} catch {
		return `unknown:${process.version}`;
	}
}

function cachedFrame(cachePath: string, key: string): string | undefined {
	try {
		const saved = JSON.parse(readFileSync(cachePath, 'utf8')) as {key?: unknown; frame?: unknown};
		return saved.key === key && typeof saved.frame === 'string' ? saved.frame : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Draws the first frame when `argv` starts the wizard at a terminal; otherwise does nothing.
 * Called by src/cli.tsx before anything else is imported.
 */
export function drawFirstFrame(
	argv: readonly string[] = process.argv,
	env: NodeJS.ProcessEnv = process.env,
	streams?: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream},
): void {
	if (shell) return;
	const args = argv.slice(2);
	const launch = wizardLaunch(args);
	// The argv first: touching process.stdin creates its stream (~15 ms), which `--help` and
	// `ping` must not pay for.
	if (!launch) return;
	const {stdin, stdout, stderr} = streams ?? {
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
	};
	if (!stdin.isTTY || !stdout.isTTY || typeof stdin.setRawMode !== 'function') return;
	// the practice command keeps its progress in the range's directory (src/commands/practice.ts)
	const progressPath = launch.practice
		? join(resolve(launch.practice.dir ?? defaultRangeDir(env)), 'progress.ini')
		: launch.state
			? resolve(launch.state)
			: defaultProgressPath(env);
	const columns = stdout.columns ?? 80;
	const rows = stdout.rows ?? 24;
	const key = digest(
		launchKeyText({
			bundle: bundleIdentity(),
			columns,
			rows,
			args,
			env,
			files: [fileDigest(progressPath, progressForKey), fileDigest(launch.answers)],
		}),
	);
	const cachePath = join(dirname(progressPath), CACHE_FILE);
	const color = !args.includes('--no-color') && (env.NO_COLOR ?? '') === '';
	let frame = cachedFrame(cachePath, key);
	if (frame === undefined) {
		try {
			frame = plainFrame(readContent('shell'), columns, color);
		} catch {
			return; // content/ did not ship: the wizard says so itself, after the shell would have
		}
	}
	const typed: Buffer[] = [];
	const writeOut = stdout.write;
	const writeErr = stderr.write;
	const state: Shell = {
		frame,
		key,
		cachePath,
		stdin,
		stdout,
		stderr,
		writeOut,
		writeErr,
		typed,
		handingOff: false,
		onReadable: () => {
			for (let chunk = stdin.read() as Buffer | null; chunk !== null; chunk = stdin.read() as Buffer | null) {
				if (chunk.includes(CTRL_C)) {
					dismiss();
					// a command that cleans up on SIGINT (practice stops its range) does so; else end here
					if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
					else process.exit(130);
					return;
				}
				typed.push(chunk);
			}
		},
		onExit: () => dismiss(),
	};
	shell = state;
	writeOut.call(stdout, HIDE_CURSOR + frame);
	stdin.setRawMode(true);
	// 'readable', not 'data': pausing a flowing stdin later would stop its reads one tick after
	// Ink has started listening (Node's stdin 'pause' handler), and the wizard would exit idle.
	stdin.on('readable', state.onReadable);
	process.on('exit', state.onExit);
	stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
		state.handingOff ? inkWrite(state, chunk, rest) : otherWrite(writeOut, stdout, chunk, rest)) as Write;
	stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
		otherWrite(writeErr, stderr, chunk, rest)) as Write;
}

/** Something other than Ink's frame writes first: the shell's frame goes, then that write. */
function otherWrite(
	original: Write,
	stream: NodeJS.WriteStream,
	chunk: string | Uint8Array,
	rest: unknown[],
) {
	dismiss();
	return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
}

/** Ink's writes while handing off: brackets pass, the first frame replaces the shell's in place. */
function inkWrite(state: Shell, chunk: string | Uint8Array, rest: unknown[]): boolean {
	const write = state.writeOut as (...a: unknown[]) => boolean;
	if (typeof chunk !== 'string' || isFrameBracket(chunk)) return write.call(state.stdout, chunk, ...rest);
	release(state);
	if (cacheableFrame(chunk)) {
		// Kept for the next launch with the same key; a failure only means no cached frame then.
		// Synchronous (a few KB, ~0.1 ms): a process killed right after its first frame keeps it too.
		try {
			writeFileSync(state.cachePath, JSON.stringify({key: state.key, frame: chunk}), {mode: 0o600});
		} catch {
			// no progress directory yet (a first launch before anything was saved)
		}
	}
	if (chunk === state.frame) {
		// Already on the screen, byte for byte: writing nothing is the no-flicker case.
		const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
		if (callback) process.nextTick(callback);
		return true;
	}
	return write.call(state.stdout, eraseLines(frameLineCount(state.frame)) + chunk, ...rest);
}

/** Puts the streams back and gives Ink (or whoever reads next) the keys typed meanwhile. */
function release(state: Shell): void {
	shell = undefined;
	state.stdout.write = state.writeOut;
	state.stderr.write = state.writeErr;
	process.removeListener('exit', state.onExit);
	state.stdin.removeListener('readable', state.onReadable);
	if (state.typed.length > 0) state.stdin.unshift(Buffer.concat(state.typed));
}

/**
 * Called right before Ink's render(): Ink's first frame write will replace the shell's frame.
 * Raw mode stays on (Ink's input hooks set it again; Node restores the terminal's mode at exit).
 */
export function handOffToInk(): void {
	if (shell) shell.handingOff = true;
}

/** Erases the shell's frame and restores the terminal; a no-op when no shell is up. */
export function dismiss(): void {
	const state = shell;
	if (!state) return;
	release(state);
	state.writeOut.call(state.stdout, eraseLines(frameLineCount(state.frame)) + SHOW_CURSOR);
	try {
		state.stdin.setRawMode(false);
	} catch {
		// the terminal is gone: nothing to restore
	}
	// Nobody reads the terminal now: it must not keep the process alive (pause() would not stop a
	// stream in 'readable' mode; Ink, or any later reader, refs it again).
	state.stdin.unref();
}

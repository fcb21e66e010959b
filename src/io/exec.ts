/**
 * Runs a local program with a hard time limit (SIGTERM, then SIGKILL), never through a shell
 * (a user-given shell line, the service restart, is run as `/bin/sh -c LINE`). Output is capped.
 */
import type {ChildProcessByStdio} from 'node:child_process';
import type {Readable} from 'node:stream';

export type ExecResult = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly ms: number;
	readonly timedOut: boolean;
	/** ENOENT when the program does not exist. */
	readonly spawnError?: string;
};

const CAP = 1_000_000;

export async function execBounded(
	file: string,
	args: readonly string[],
	opts: {readonly timeoutMs: number; readonly signal?: AbortSignal},
): Promise<ExecResult> {
	const started = performance.now();
	// Loaded when a program is run: ping to a broker named by address never runs one, and
	// node:child_process (with node:dgram) is ~1 ms of its start-up.
	const {spawn} = await import('node:child_process');
	return new Promise((resolve) => {
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let spawnError: string | undefined;
		const child: ChildProcessByStdio<null, Readable, Readable> = spawn(file, args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const kill = (sig: NodeJS.Signals) => {
			try {
				// the whole process group: mco/ruby or a restart script may have children
				if (child.pid) process.kill(-child.pid, sig);
			} catch {
				child.kill(sig);
			}
		};
		const timer = setTimeout(() => {
			timedOut = true;
			kill('SIGTERM');
			setTimeout(() => kill('SIGKILL'), 2000).unref();
		}, opts.timeoutMs);
		const onAbort = () => kill('SIGTERM');
		opts.signal?.addEventListener('abort', onAbort, {once: true});
		child.stdout.on('data', (d: Buffer) => {
			if (stdout.length < CAP) stdout += d.toString('utf8');
		});
		child.stderr.on('data', (d: Buffer) => {
			if (stderr.length < CAP) stderr += d.toString('utf8');
		});
		child.on('error', (err: NodeJS.ErrnoException) => {
			spawnError = err.code ?? err.message;
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			opts.signal?.removeEventListener('abort', onAbort);
			resolve({
				code,
				signal,
				stdout,
				stderr,
				ms: Math.round(performance.now() - started),
				timedOut,
				spawnError,
			});
		});
	});
}

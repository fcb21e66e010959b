/**
 * The project's real lab (lab/lab.sh: ActiveMQ 5.17 + mcollectived 2.12 on 127.0.0.1:61613) for
 * tests under test/lab/ and test/real/.
 *
 * - `requireLab(t)`: when the lab is not up, FAILS if MCO_LAB=required (CI), else skips the test
 *   with a message saying how to start it. Returns true when the test may use the lab.
 * - `withLab(fn)`: runs fn holding the lab lock (shared with lab.sh and other engineers'
 *   processes), so tests never see each other's faults.
 * - `withFault(name, fn)`: lock, switch the fault on, run fn, switch it off in `finally` and
 *   verify the lab answers again.
 * - `runMco(args, {timeoutMs})`: the real `mco` with the lab's client.cfg, always bounded.
 */
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {connect} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';
import {stripVTControlCharacters} from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = process.env.MCO_LAB_DIR ?? '/var/lib/mco-wizard-lab';

export const LAB = {
	dir,
	/** Live configs (what the wizard reads and writes for the lab; faults change them). */
	etc: join(dir, 'etc'),
	clientCfg: join(dir, 'etc', 'client.cfg'),
	serverCfg: join(dir, 'etc', 'server.cfg'),
	/** The known-good configs (as render.ts writes them); faults are made from and restored to these. */
	goodClientCfg: join(dir, 'good', 'client.cfg'),
	goodServerCfg: join(dir, 'good', 'server.cfg'),
	nodeLog: join(dir, 'mcollective.log'),
	brokerLog: join(dir, 'activemq.log'),
	answers: join(dir, 'answers.ini'),
	libdir: join(dir, 'plugins'),
	lock: join(dir, 'lock'),
	faultFile: join(dir, 'run', 'fault'),
	labSh: join(repo, 'lab', 'lab.sh'),
	host: '127.0.0.1',
	port: 61613,
	identity: 'node1.infra.example.com',
	user: 'mcollective',
	password: 'marionette',
	adminPassword: 'msgadminsecret',
	psk: 'mcsecret',
} as const;

export const FAULTS = [
	'broker-stopped',
	'wrong-port',
	'unresolvable-host',
	'client-wrong-password',
	'node-wrong-password',
	'psk-mismatch',
	'node-stopped',
	'agent-missing',
	'agent-broken',
	'agent-disabled',
	'agent-declines',
	'agent-self-activates',
	'collective-mismatch',
	'connector-mismatch',
	'clock-skew',
	'clock-behind',
	'seed-client-cfg',
	'small-log',
] as const;
export type FaultName = (typeof FAULTS)[number];

export type RunResult = {
	/** Exit code; null when killed by a signal. */
	code: number | null;
	signal: NodeJS.Signals | null;
	/** ANSI colour codes stripped, `\r` progress lines kept as is. */
	stdout: string;
	stderr: string;
	ms: number;
	/** True when the kill timeout fired (SIGINT like ^C, SIGKILL 3 s later). */
	timedOut: boolean;
};

const ENABLE_HINT = 'real lab not running: start it with npm run lab -- up';

/** Runs a command, bounded: SIGINT at timeoutMs (mco then prints its own error), SIGKILL 3 s later. */
export function runBounded(
	cmd: string,
	args: readonly string[],
	opts: {timeoutMs: number; env?: NodeJS.ProcessEnv},
): Promise<RunResult> {
	const started = performance.now();
	return new Promise((resolvePromise, reject) => {
		const child = spawn(cmd, args, {env: {...process.env, ...opts.env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let killer: NodeJS.Timeout | undefined;
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGINT');
			killer = setTimeout(() => child.kill('SIGKILL'), 3000);
		}, opts.timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			clearTimeout(killer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			clearTimeout(killer);
			resolvePromise({
				code,
				signal,
				stdout: stripVTControlCharacters(stdout),
				stderr: stripVTControlCharacters(stderr),
				ms: Math.round(performance.now() - started),
				timedOut,
			});
		});
	});
}

/**
 * The real `mco` against the lab: `-c <lab client.cfg>` is added unless args carry -c/--config
 * or opts.config is given.
 */
export function runMco(
	args: readonly string[],
	opts: {timeoutMs?: number; config?: string} = {},
): Promise<RunResult> {
	const hasConfig = args.some((a) => a === '-c' || a === '--config' || a.startsWith('--config='));
	const full = hasConfig ? [...args] : [...args, '-c', opts.config ?? LAB.clientCfg];
	return runBounded('mco', full, {timeoutMs: opts.timeoutMs ?? 20_000});
}

/** Runs lab/lab.sh; inside withLab it passes the lock token so lab.sh does not wait for us. */
export function labSh(args: readonly string[], opts: {timeoutMs?: number} = {}): Promise<RunResult> {
	return runBounded('bash', [LAB.labSh, ...args], {
		timeoutMs: opts.timeoutMs ?? 150_000,
		env: heldToken ? {MCO_LAB_LOCK_TOKEN: heldToken} : {},
	});
}

function portOpen(timeoutMs = 1000): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = connect({host: LAB.host, port: LAB.port});
		const done = (ok: boolean) => {
			socket.destroy();
			resolvePromise(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}

/** Why the lab is not usable, or undefined when the STOMP port accepts and the node answers a real ping. */
async function labProblem(): Promise<string | undefined> {
	if (!existsSync(LAB.goodClientCfg)) return `lab not set up (${LAB.goodClientCfg} missing)`;
	if (!(await portOpen())) return `nothing accepts on ${LAB.host}:${LAB.port}`;
	const ping = await runMco(['ping', '-t', '1', '--connection-timeout', '3'], {
		config: LAB.goodClientCfg,
		timeoutMs: 8000,
	});
	if (!ping.stdout.split('\n').some((l) => l.startsWith(`${LAB.identity} `)))
		return `node ${LAB.identity} does not answer mco ping (rc ${ping.code}): ${(ping.stdout + ping.stderr).trim().slice(-300)}`;
	return undefined;
}

/** Fast check (port + a real mco ping reply from the node), without the lock. */
export async function labUp(): Promise<boolean> {
	return (await labProblem()) === undefined;
}

let confirmedUp = false;

/**
 * Call first in every real-lab test: `if (!(await requireLab(t))) return;`.
 * Not up: throws when MCO_LAB=required (so CI fails), else marks the test skipped.
 */
export async function requireLab(t: TestContext): Promise<boolean> {
	if (confirmedUp) return true;
	// Lab plainly down (nothing set up, or port closed with no fault on): no need to wait for the lock.
	// Otherwise checked under the lock: another process may be in the middle of a fault.
	const plainlyDown =
		!existsSync(LAB.goodClientCfg) ||
		(!existsSync(LAB.faultFile) && !existsSync(LAB.lock) && !(await portOpen()));
	const problem = plainlyDown ? await labProblem() : await withLab(labProblem);
	if (problem === undefined) {
		confirmedUp = true;
		return true;
	}
	if (process.env.MCO_LAB === 'required')
		throw new Error(`MCO_LAB=required but the real lab is not usable: ${problem}`);
	t.skip(`${ENABLE_HINT} (${problem})`);
	return false;
}

// ---------------------------------------------------------------- lock

let heldToken: string | undefined;
let depth = 0;
const LOCK_WAIT_MS = 150_000;

function lockOwner(path: string): {pid?: number; token?: string} {
	try {
		const [pid, token] = readFileSync(join(path, 'owner'), 'utf8').trim().split(' ');
		return {pid: Number(pid) > 0 ? Number(pid) : undefined, token};
	} catch {
		return {};
	}
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

// Same protocol as lab.sh: waiters queue FIFO (one ticket file each, named "<ns>-<pid>-<token>");
// the oldest live waiter renames a private, already-filled directory onto the lock (atomic, fails
// while the lock exists), so a lock never exists without its owner; release/steal by renaming away.
function queueFirst(queue: string): string | undefined {
	for (const name of readdirSync(queue).sort()) {
		const pid = Number(name.split('-')[1]);
		if (pid > 0 && pidAlive(pid)) return name;
		rmSync(join(queue, name), {force: true});
	}
	return undefined;
}

/** Takes the lock of the lab in `dir` (lab.sh's or hosts.sh's protocol); resolves to the token. */
export async function acquireLabLock(dir: string): Promise<string> {
	const lock = join(dir, 'lock');
	const queue = join(dir, 'lock.queue');
	mkdirSync(queue, {recursive: true});
	const token = `node-${process.pid}-${randomBytes(6).toString('hex')}`;
	const ns = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
	const ticket = `${ns}-${process.pid}-${token}`;
	writeFileSync(join(queue, ticket), '');
	const mine = join(dir, `.lock.${token}`);
	const started = Date.now();
	try {
		for (;;) {
			if (queueFirst(queue) === ticket) {
				mkdirSync(mine, {recursive: true});
				writeFileSync(join(mine, 'owner'), `${process.pid} ${token}\n`);
				try {
					renameSync(mine, lock);
					if (lockOwner(lock).token === token) return token;
				} catch (err) {
					const code = (err as NodeJS.ErrnoException).code;
					if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
				}
			}
			const owner = lockOwner(lock);
			if (owner.pid !== undefined && !pidAlive(owner.pid)) {
				const stale = join(dir, `.stale.${token}`);
				try {
					renameSync(lock, stale);
					// between our check and the rename someone live may have taken it: give it back
					if (lockOwner(stale).pid === owner.pid) rmSync(stale, {recursive: true, force: true});
					else renameSync(stale, lock);
				} catch {
					rmSync(stale, {recursive: true, force: true});
				}
				continue;
			}
			if (Date.now() - started > LOCK_WAIT_MS)
				throw new Error(
					`lab lock ${lock} still held by pid ${owner.pid} (or queued before us) after ${LOCK_WAIT_MS / 1000} s`,
				);
			await new Promise((r) => setTimeout(r, 100));
		}
	} finally {
		rmSync(join(queue, ticket), {force: true});
		rmSync(mine, {recursive: true, force: true});
	}
}

/** Releases the lock of the lab in `dir` if `token` still holds it. */
export function releaseLabLock(dir: string, token: string): void {
	const lock = join(dir, 'lock');
	if (lockOwner(lock).token !== token) return;
	const gone = join(dir, `.released.${token}`);
	try {
		renameSync(lock, gone);
		rmSync(gone, {recursive: true, force: true});
	} catch {
		// already gone
	}
}

async function acquireLock(): Promise<void> {
	heldToken = await acquireLabLock(LAB.dir);
}

function releaseLock(): void {
	if (heldToken !== undefined) releaseLabLock(LAB.dir, heldToken);
	heldToken = undefined;
}

/**
 * A lab process whose PID file is still there but which is gone: killed by something other than
 * lab.sh (which removes the PID file), e.g. a test process killed in the middle of a fault.
 */
function diedBehindOurBack(): boolean {
	return ['activemq', 'mcollectived'].some((name) => {
		try {
			const pid = Number(readFileSync(join(LAB.dir, 'run', `${name}.pid`), 'utf8').trim());
			return pid > 0 && !pidAlive(pid);
		} catch {
			return false;
		}
	});
}

/**
 * Runs fn holding the lab lock (re-entrant within this process). If a previous holder died with a
 * fault on, the fault is switched off first, and a lab process that died unexpectedly is restarted
 * (lab.sh up), so fn starts from the good lab.
 */
export async function withLab<T>(fn: () => Promise<T> | T): Promise<T> {
	if (depth > 0) {
		depth++;
		try {
			return await fn();
		} finally {
			depth--;
		}
	}
	await acquireLock();
	depth = 1;
	try {
		if (existsSync(LAB.faultFile)) {
			const stale = readFileSync(LAB.faultFile, 'utf8').trim();
			const off = await labSh(['fault', stale, 'off']);
			if (off.code !== 0)
				throw new Error(`could not switch off leftover fault ${stale}: ${off.stderr.slice(-500)}`);
		} else if (diedBehindOurBack()) {
			const up = await labSh(['up']);
			if (up.code !== 0) throw new Error(`lab process died and lab.sh up failed: ${up.stderr.slice(-800)}`);
		}
		return await fn();
	} finally {
		depth = 0;
		releaseLock();
	}
}

// ---------------------------------------------------------------- faults and logs

/** Text appended to a log file since a byte offset. */
export function readLogSince(path: string, offset: number): string {
	if (!existsSync(path)) return '';
	const size = statSync(path).size;
	if (size === offset) return '';
	// Shorter than the offset: mcollectived's logger rotated it (to <log>.0, at max_log_size, 2 MB —
	// the labs log at debug level, so a lab that has run an hour or two rotates mid-test). What was
	// written since the offset is then the rest of <log>.0 and all of the new file.
	if (size < offset) return `${readRange(`${path}.0`, offset)}${readRange(path, 0)}`;
	return readRange(path, offset);
}

function readRange(path: string, offset: number): string {
	if (!existsSync(path)) return '';
	const size = statSync(path).size;
	if (size <= offset) return '';
	const fd = openSync(path, 'r');
	try {
		const buf = Buffer.alloc(size - offset);
		readSync(fd, buf, 0, buf.length, offset);
		return buf.toString('utf8');
	} finally {
		closeSync(fd);
	}
}

function logSize(path: string): number {
	return existsSync(path) ? statSync(path).size : 0;
}

export type FaultContext = {
	name: FaultName;
	/** How long `lab.sh fault NAME on` took. */
	onMs: number;
	/** Node (mcollectived) log lines written since just before the fault was switched on. */
	nodeLog(): string;
	/** ActiveMQ log lines written since just before the fault was switched on. */
	brokerLog(): string;
	/** Polls a log until the pattern appears (bounded); returns the matching line or undefined. */
	waitForLog(which: 'node' | 'broker', pattern: RegExp, timeoutMs: number): Promise<string | undefined>;
};

export type FaultOutcome<T> = {result: T; onMs: number; offMs: number};

/**
 * lock → `lab.sh fault NAME on` → fn → `lab.sh fault NAME off` (always) → the lab is verified
 * restored (lab.sh waits for a real mco ping reply and compares the configs with the good ones).
 */
export async function withFault<T>(
	name: FaultName,
	fn: (ctx: FaultContext) => Promise<T> | T,
): Promise<FaultOutcome<T>> {
	return withLab(async () => {
		const nodeFrom = logSize(LAB.nodeLog);
		const brokerFrom = logSize(LAB.brokerLog);
		const read = (which: 'node' | 'broker') =>
			which === 'node' ? readLogSince(LAB.nodeLog, nodeFrom) : readLogSince(LAB.brokerLog, brokerFrom);
		const on = await labSh(['fault', name, 'on']);
		let result: T | undefined;
		let failure: unknown;
		let offMs = 0;
		try {
			if (on.code !== 0)
				throw new Error(`lab.sh fault ${name} on failed (rc ${on.code}): ${on.stderr.slice(-800)}`);
			result = await fn({
				name,
				onMs: on.ms,
				nodeLog: () => read('node'),
				brokerLog: () => read('broker'),
				async waitForLog(which, pattern, timeoutMs) {
					const until = Date.now() + timeoutMs;
					for (;;) {
						const line = read(which)
							.split('\n')
							.find((l) => pattern.test(l));
						if (line !== undefined || Date.now() > until) return line;
						await new Promise((r) => setTimeout(r, 200));
					}
				},
			});
		} catch (err) {
			failure = err;
		} finally {
			const off = await labSh(['fault', name, 'off']);
			offMs = off.ms;
			if (off.code !== 0) {
				const restoreError = new Error(
					`lab.sh fault ${name} off failed (rc ${off.code}): ${off.stderr.slice(-800)}`,
				);
				if (failure === undefined) failure = restoreError;
				else failure = new AggregateError([failure, restoreError], `fault ${name}: test and restore failed`);
			}
		}
		if (failure !== undefined) throw failure;
		return {result: result as T, onMs: on.ms, offMs};
	});
}

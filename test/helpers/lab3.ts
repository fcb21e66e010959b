/**
 * The three-host real lab (lab/hosts.sh: msg1 with ActiveMQ, broker with mco, node1 and node2 with
 * mcollectived, each in its own namespaces on 198.18.0.0/24) for tests under test/lab3/.
 *
 * - `requireLab3(t)`: when lab3 is not up, FAILS if MCO_LAB=required (CI), else skips the test.
 * - `withLab3(fn)`: runs fn holding lab3's lock (its own, not the single-host lab's).
 * - `withFault3(name, fn)`: lock, fault on, fn, fault off in `finally` (hosts.sh waits until both
 *   nodes answer again), with readers for each host's log written meanwhile.
 * - `onHost(host, cmd, args)`: runs a command AS a host (its namespaces, hostname and files), bounded.
 */
import {existsSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';
import {acquireLabLock, type RunResult, readLogSince, releaseLabLock, runBounded} from './lab.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = process.env.MCO_LAB3_DIR ?? '/var/lib/mco-wizard-lab3';

export const HOSTS = ['msg1', 'broker', 'node1', 'node2'] as const;
export type HostName = (typeof HOSTS)[number];
export const NODES = ['node1', 'node2'] as const;

const hostDir = (h: HostName) => join(dir, 'hosts', h);

export const LAB3 = {
	dir,
	hostsSh: join(repo, 'lab', 'hosts.sh'),
	faultFile: join(dir, 'run', 'fault'),
	lock: join(dir, 'lock'),
	/** Namespace names (ip netns) the lab creates; none may remain after `down`. */
	netnsPrefix: 'mcolab3-',
	subnet: '198.18.0.',
	port: 61613,
	fqdn: (h: HostName) => `${h}.infra.example.com`,
	addr: {msg1: '198.18.0.1', broker: '198.18.0.2', node1: '198.18.0.11', node2: '198.18.0.12'} as Record<
		HostName,
		string
	>,
	/** A host's files as the machine sees them (the host sees them at /etc/…, /var/log/…). */
	hostDir,
	etcMcollective: (h: HostName) => join(hostDir(h), 'etc', 'mcollective'),
	nodeLog: (h: HostName) => join(hostDir(h), 'log', 'mcollective.log'),
	brokerLog: join(hostDir('msg1'), 'log', 'activemq', 'activemq.log'),
	answers: (h: HostName) => join(hostDir(h), 'answers.ini'),
	good: (h: HostName, file: string) => join(dir, 'good', h, file),
} as const;

export const FAULTS3 = [
	'broker-stopped',
	'stomp-firewalled',
	'wrong-port',
	'client-wrong-password',
	'psk-mismatch',
	'collective-mismatch',
	'seed-client-cfg',
	'node-wrong-password',
	'node-stopped',
	'agent-missing',
	'agent-broken',
	'agent-disabled',
	'agent-declines',
	'clock-skew',
	'node-wrong-broker',
	'node2-psk-mismatch',
	'queue-not-authorized',
] as const;
export type Fault3 = (typeof FAULTS3)[number];

let heldToken: string | undefined;
let depth = 0;

/** Runs lab/hosts.sh; inside withLab3 it passes the lock token so hosts.sh does not wait for us. */
export function hostsSh(args: readonly string[], opts: {timeoutMs?: number} = {}): Promise<RunResult> {
	return runBounded('bash', [LAB3.hostsSh, ...args], {
		timeoutMs: opts.timeoutMs ?? 150_000,
		env: heldToken ? {MCO_LAB_LOCK_TOKEN: heldToken} : {},
	});
}

/**
 * Runs cmd as `host` (hosts.sh on HOST …), bounded INSIDE the host by timeout(1): SIGINT at
 * timeoutMs like ^C, SIGKILL 3 s later. (nsenter does not pass signals on to the command it
 * started, so a bound outside the host would leave the command running.) timedOut: the bound hit.
 */
export async function onHost(
	host: HostName,
	cmd: string,
	args: readonly string[] = [],
	opts: {timeoutMs?: number} = {},
): Promise<RunResult> {
	const ms = opts.timeoutMs ?? 20_000;
	const seconds = String(Math.max(1, Math.ceil(ms / 1000)));
	const r = await hostsSh(['on', host, 'timeout', '-s', 'INT', '-k', '3', seconds, cmd, ...args], {
		timeoutMs: ms + 10_000,
	});
	return {...r, timedOut: r.timedOut || r.code === 124};
}

/** The real `mco` on broker, with broker's own /etc/mcollective/client.cfg (mco's default). */
export function mcoOnBroker(args: readonly string[], opts: {timeoutMs?: number} = {}): Promise<RunResult> {
	return onHost('broker', 'mco', args, opts);
}

/** Identities in a `mco ping` output, sorted. */
export function pingedIdentities(stdout: string): string[] {
	return stdout
		.split('\n')
		.map((l) => /^(\S+)\s+time=/.exec(l)?.[1])
		.filter((x): x is string => x !== undefined)
		.sort();
}

async function lab3Problem(): Promise<string | undefined> {
	if (!existsSync(LAB3.good('broker', 'client.cfg')))
		return `lab3 not set up (${LAB3.good('broker', 'client.cfg')} missing)`;
	const ping = await mcoOnBroker(
		['ping', '-t', '1', '--connection-timeout', '3', '-c', LAB3.good('broker', 'client.cfg')],
		{
			timeoutMs: 10_000,
		},
	);
	const got = pingedIdentities(ping.stdout);
	if (got.join(' ') !== NODES.map(LAB3.fqdn).join(' '))
		return `mco ping on broker does not list node1 and node2 (rc ${ping.code}, got [${got.join(', ')}]): ${ping.stderr.trim().slice(-300)}`;
	return undefined;
}

let confirmedUp = false;

/**
 * Call first in every lab3 test: `if (!(await requireLab3(t))) return;`.
 * Not up: throws when MCO_LAB=required (so CI fails), else marks the test skipped.
 */
export async function requireLab3(t: TestContext): Promise<boolean> {
	if (confirmedUp) return true;
	const problem = existsSync(LAB3.good('broker', 'client.cfg'))
		? await withLab3(lab3Problem)
		: await lab3Problem();
	if (problem === undefined) {
		confirmedUp = true;
		return true;
	}
	if (process.env.MCO_LAB === 'required')
		throw new Error(`MCO_LAB=required but the three-host lab is not usable: ${problem}`);
	t.skip(`three-host lab not running: start it with npm run lab3 -- up (${problem})`);
	return false;
}

/**
 * Runs fn holding lab3's lock (re-entrant within this process). A fault left on by a holder that
 * died is switched off first, so fn starts from the good lab.
 */
export async function withLab3<T>(fn: () => Promise<T> | T): Promise<T> {
	if (depth > 0) {
		depth++;
		try {
			return await fn();
		} finally {
			depth--;
		}
	}
	heldToken = await acquireLabLock(dir);
	depth = 1;
	try {
		if (existsSync(LAB3.faultFile)) {
			const stale = readFileSync(LAB3.faultFile, 'utf8').trim();
			const off = await hostsSh(['fault', stale, 'off']);
			if (off.code !== 0)
				throw new Error(`could not switch off leftover fault ${stale}: ${off.stderr.slice(-500)}`);
		}
		return await fn();
	} finally {
		depth = 0;
		releaseLabLock(dir, heldToken);
		heldToken = undefined;
	}
}

export type Log3 = 'node1' | 'node2' | 'activemq';
const logPath = (which: Log3) => (which === 'activemq' ? LAB3.brokerLog : LAB3.nodeLog(which));
const logSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

export type Fault3Context = {
	name: Fault3;
	/** Lines written to that host's log since just before the fault was switched on. */
	log(which: Log3): string;
	/** Polls a log until the pattern appears (bounded); returns the matching line or undefined. */
	waitForLog(which: Log3, pattern: RegExp, timeoutMs: number): Promise<string | undefined>;
};

/** lock → `hosts.sh fault NAME on` → fn → `hosts.sh fault NAME off` (always; verified restored). */
export async function withFault3<T>(name: Fault3, fn: (ctx: Fault3Context) => Promise<T> | T): Promise<T> {
	return withLab3(async () => {
		const from = {
			node1: logSize(logPath('node1')),
			node2: logSize(logPath('node2')),
			activemq: logSize(logPath('activemq')),
		};
		const read = (which: Log3) => readLogSince(logPath(which), from[which]);
		const on = await hostsSh(['fault', name, 'on']);
		let result: T | undefined;
		let failure: unknown;
		try {
			if (on.code !== 0)
				throw new Error(`hosts.sh fault ${name} on failed (rc ${on.code}): ${on.stderr.slice(-800)}`);
			result = await fn({
				name,
				log: read,
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
			const off = await hostsSh(['fault', name, 'off']);
			if (off.code !== 0) {
				const restoreError = new Error(
					`hosts.sh fault ${name} off failed (rc ${off.code}): ${off.stderr.slice(-800)}`,
				);
				failure =
					failure === undefined
						? restoreError
						: new AggregateError([failure, restoreError], `fault ${name}: test and restore failed`);
			}
		}
		if (failure !== undefined) throw failure;
		return result as T;
	});
}

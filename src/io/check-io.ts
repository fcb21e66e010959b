/**
 * Every side effect a ladder of checks needs, as one interface (CheckIO) and its real
 * implementation on this host (nodeCheckIO). The rungs in src/checks see the machine only through
 * this, injected in the CheckContext, so each rung runs in unit tests over fake files, fake
 * processes, a fake clock and the fake STOMP server.
 */
import {readFile, realpath} from 'node:fs/promises';
import {hostname, networkInterfaces} from 'node:os';
import type {McoConfig, PoolHost} from '../core/mco-config/model.js';
import type {Platform} from '../core/types.js';
import {
	gatherSilentNodeEvidence,
	type PingExpiryResult,
	pingWatchingExpiredReplies,
	type SilentNodeEvidence,
	type SilentNodeEvidenceOptions,
} from './client-evidence.js';
import {type ExecResult, execBounded} from './exec.js';
import {fileSize, readLogFrom} from './log-file.js';
import {mcoRpcCli, type RpcCliOptions, type RpcOutcome} from './mco-cli.js';
import {type McoOptions, type McoResult, mcoPing, mcoRpc, tlsOptions} from './mco-client.js';
import {loadMcoConfig} from './mco-config-file.js';
import {nativeRpc} from './native-rpc.js';
import {type DnsOutcome, resolveHost, type TcpOutcome, tcpConnect} from './net.js';
import {
	type LiveConfig,
	liveClientConfig,
	liveServerConfig,
	type RunningDaemon,
	runningDaemons,
} from './platform.js';
import {listeningTcp, type ProcessInfo, processes} from './procfs.js';
import {type ProbeOptions, type ProbeResult, probeStomp} from './stomp-probe.js';

export type {
	DnsOutcome,
	ExecResult,
	LiveConfig,
	McoOptions,
	McoResult,
	PingExpiryResult,
	ProbeOptions,
	ProbeResult,
	ProcessInfo,
	RpcCliOptions,
	RpcOutcome,
	RunningDaemon,
	SilentNodeEvidence,
	SilentNodeEvidenceOptions,
	TcpOutcome,
};

/** A config file's text and what MCollective reads from it, or why it could not be read. */
export type McoConfigRead = {readonly text: string; readonly config: McoConfig} | {readonly error: string};

/** A file's text, or why it could not be read (ENOENT, EACCES, ...): absence is a value, not an exception. */
export type FileRead = {readonly text: string} | {readonly error: string};

export type CheckIO = {
	/** Reads a whole text file. */
	readFile(path: string): Promise<FileRead>;
	/**
	 * A client.cfg / server.cfg as MCollective loads it (the file, its plugin.d/, the environment
	 * `mco` runs in for the client — ours — and none for the server, this host's name).
	 */
	loadMcoConfig(path: string, which: 'client' | 'server'): Promise<McoConfigRead>;
	/** The path with symlinks resolved; the path itself when it cannot be resolved. */
	realpath(path: string): Promise<string>;
	/** The client.cfg / server.cfg `mco` / `mcollectived` will load on this host (F2, F26). */
	liveConfig(which: 'client' | 'server', platform: Platform): Promise<LiveConfig>;
	/** getaddrinfo, bounded: /etc/hosts then DNS, like mco's Ruby. */
	resolveHost(host: string, timeoutMs: number): Promise<DnsOutcome>;
	/** One TCP connection attempt, bounded, closed at once. */
	tcpConnect(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpOutcome>;
	/** The TLS options (ssl.cert/key/ca files read) for one pool host, as ping uses them; throws when a file cannot be read. */
	tlsOptions(pool: PoolHost): ReturnType<typeof tlsOptions>;
	/** This process's id: it names our reply queue as mco names its own. */
	readonly pid: number;
	/** One STOMP login (and SUBSCRIBEs), bounded; never throws. */
	probeStomp(options: ProbeOptions): Promise<ProbeResult>;
	/** The native `mco ping` over STOMP; never throws. */
	mcoPing(settings: McoConfig, options: McoOptions): Promise<McoResult>;
	/**
	 * Listens for the nodes' registrations and the broker's consumer/expiry advisories (client
	 * side, activemq only), bounded; never throws. docs/client-side-evidence-verified.md.
	 */
	gatherSilentNodeEvidence(options: SilentNodeEvidenceOptions): Promise<SilentNodeEvidence>;
	/** The native ping while watching the broker expire replies to it (a node clock behind, F14). */
	pingWatchingExpiredReplies(
		settings: McoConfig,
		options: Parameters<typeof pingWatchingExpiredReplies>[1],
	): Promise<PingExpiryResult>;
	/** `mco rpc` through the real mco program, bounded. */
	mcoRpc(options: RpcCliOptions): Promise<RpcOutcome>;
	/**
	 * One RPC through the native wire client with the given settings (a node asking itself with
	 * server.cfg's own credentials and psk: no client.cfg, no Ruby `mco`). Optional so fakes written
	 * before it still type-check; the node's agent rung is not applicable without it.
	 */
	rpcWith?: typeof mcoRpc;
	/** The mcollectived processes and the server.cfg each loaded; undefined when this host has no /proc. */
	runningDaemons(platform: Platform): Promise<readonly RunningDaemon[] | undefined>;
	/** A program (or, with shell, a user-given shell line) under a hard time limit. */
	exec(
		file: string,
		args: readonly string[],
		options: {readonly timeoutMs: number; readonly signal?: AbortSignal},
	): Promise<ExecResult>;
	/**
	 * Every process with its argv (the ActiveMQ JVM on msg1); undefined without /proc. Optional so
	 * fakes written before the broker ladder still type-check; the broker checks need it.
	 */
	processes?(): Promise<readonly ProcessInfo[] | undefined>;
	/** Listening TCP sockets (address, port), as `ss -ltn` shows them; undefined without /proc. */
	listeningTcp?(): Promise<readonly {readonly address: string; readonly port: number}[] | undefined>;
	/**
	 * This host's name (gethostname) and every address of its interfaces, loopback included: what
	 * a name must resolve to for it to name THIS host. Optional so older fakes still type-check;
	 * without it no name is proven to be this host.
	 */
	thisHost?(): Promise<{readonly hostname: string; readonly addresses: readonly string[]}>;
	/** A log's size in bytes now; undefined when it cannot be seen. */
	logSize(path: string): Promise<number | undefined>;
	/** A log's text from byte `offset` on (its tail when huge); undefined when unreadable. */
	readLog(path: string, offset?: number): Promise<string | undefined>;
	/** The wall clock, epoch ms: message times and clock offsets (skewed in tests). */
	now(): number;
	/** Monotonic milliseconds, for budgets and elapsed times (never the wall clock). */
	monotonicMs(): number;
	/** Waits, for polling a log; ends early when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

async function readText(path: string): Promise<FileRead> {
	try {
		return {text: await readFile(path, 'utf8')};
	} catch (error) {
		return {error: (error as NodeJS.ErrnoException).code ?? String(error)};
	}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, {once: true});
	});
}

/** This host, for real. */
export const nodeCheckIO: CheckIO = {
	readFile: readText,
	loadMcoConfig: (path, which) =>
		loadMcoConfig(path, which === 'client' ? process.env : {}).catch((error: NodeJS.ErrnoException) => ({
			error: error.code ?? String(error),
		})),
	realpath: (path) => realpath(path).catch(() => path),
	liveConfig: (which, platform) =>
		which === 'client' ? liveClientConfig(platform) : liveServerConfig(platform),
	resolveHost,
	tcpConnect,
	tlsOptions,
	pid: process.pid,
	probeStomp,
	mcoPing,
	gatherSilentNodeEvidence,
	pingWatchingExpiredReplies,
	mcoRpc: mcoRpcCli,
	rpcWith: mcoRpc,
	runningDaemons: (platform) => runningDaemons(platform),
	exec: (file, args, options) => execBounded(file, args, options),
	processes,
	listeningTcp,
	thisHost: async () => ({
		hostname: hostname(),
		addresses: Object.values(networkInterfaces())
			.flatMap((list) => list ?? [])
			.map((a) => a.address.toLowerCase()),
	}),
	logSize: fileSize,
	readLog: readLogFrom,
	now: () => Date.now(),
	monotonicMs: () => performance.now(),
	sleep,
};

/**
 * This host seen from inside a practice range in `dir`: only the mcollectived processes that loaded
 * a server.cfg under `dir` are the range's node. A real mcollectived elsewhere on the machine (a
 * lab, a real node) is not part of the exercise, and counting it would read "running" for a
 * stopped range node (F2 instead of F10).
 */
export function scopedToRange(io: CheckIO, dir: string): CheckIO {
	const inside = dir.endsWith('/') ? dir : `${dir}/`;
	return {
		...io,
		runningDaemons: async (platform) => {
			const all = await io.runningDaemons(platform);
			return all?.filter((d) => d.config.startsWith(inside));
		},
	};
}

/**
 * The host as the wizard sees it on a practice range in `dir`: only the range's own mcollectived
 * (scopedToRange), and `mco rpc` answered by the native client, never the Ruby `mco`. Always, not
 * only when `mco` is missing: the range stands for a laptop with nothing but Node.js, and a learner
 * (or CI) with MCollective installed must walk the same exercise, through the same code, as one
 * without it.
 */
export function practiceCheckIO(dir: string, io: CheckIO = nodeCheckIO): CheckIO {
	return {...scopedToRange(io, dir), mcoRpc: nativeRpc};
}

/**
 * A fake host for the ladders: CheckIO over in-memory files, a fixed process list, a DNS table,
 * scripted commands and a clock that moves only when a rung sleeps. TCP, STOMP and the native
 * ping are the real src/io code, pointed by the test at test/mcollective/fake-stomp-server.ts.
 */

import {readMcoConfig} from '../../src/core/mco-config/model.js';
import type {
	CheckIO,
	ExecResult,
	FileRead,
	LiveConfig,
	ProcessInfo,
	RpcCliOptions,
	RpcOutcome,
	RunningDaemon,
} from '../../src/io/check-io.js';
import {mcoPing, tlsOptions} from '../../src/io/mco-client.js';
import {tcpConnect} from '../../src/io/net.js';
import {probeStomp} from '../../src/io/stomp-probe.js';
import type {SilentNodeFacts} from '../../src/mcollective/silent-node-evidence.js';

/** A command's scripted answer; 'hang' never ends until the signal aborts it or its time runs out. */
export type FakeCommand = Partial<ExecResult> | 'hang';

export type FakeHost = {
	/** path → text, or an error code (EACCES); a path not here is ENOENT. */
	readonly files: Map<string, string | {readonly error: string}>;
	/** Symlinks: path → target. */
	readonly links?: Readonly<Record<string, string>>;
	/** undefined: no /proc on this host. */
	daemons?: readonly RunningDaemon[] | undefined;
	/** host → addresses, or a DNS that never answers. */
	readonly dns?: Readonly<Record<string, readonly string[] | 'timeout'>>;
	/** `file args...` → answer; a command not listed does not exist (spawn ENOENT). */
	readonly commands?: Readonly<Record<string, FakeCommand>>;
	readonly rpc?: (o: RpcCliOptions) => RpcOutcome | Promise<RpcOutcome>;
	/** Every process (argv), for the broker host's checks; undefined: no /proc. */
	processes?: readonly ProcessInfo[];
	/** Listening TCP sockets; undefined: no /proc. */
	listening?: readonly {readonly address: string; readonly port: number}[];
	/**
	 * What the broker would tell a client-side listener (registrations, advisories): undefined =
	 * the probe fails as on a broker that refuses it. `expiredReplies`: replies to our ping the
	 * broker expired (a node clock behind); undefined = advisory not readable.
	 */
	readonly wire?: {
		readonly facts?: Partial<SilentNodeFacts>;
		readonly expiredReplies?: number;
	};
	/** This host's name and addresses (CheckIO.thisHost); undefined: not known (older fakes). */
	readonly thisHost?: {readonly hostname: string; readonly addresses: readonly string[]};
	/** What mco / mcollectived would load when the answers name no file. */
	readonly live?: {readonly client?: LiveConfig; readonly server?: LiveConfig};
};

export type FakeIO = CheckIO & {
	/** Every call, `name arg`, in order. */
	readonly calls: string[];
	/** Appends to a fake file (a node writing its log). */
	append(path: string, text: string): void;
};

const defaultLive = (path: string): LiveConfig => ({
	path,
	source: 'first-readable',
	candidates: [],
	shadowed: [],
});

export function fakeIO(host: FakeHost): FakeIO {
	const calls: string[] = [];
	let clock = 0;
	const text = (path: string): string | undefined => {
		const f = host.files.get(path);
		return typeof f === 'string' ? f : undefined;
	};
	const io: FakeIO = {
		calls,
		append(path, more) {
			host.files.set(path, (text(path) ?? '') + more);
		},
		async readFile(path): Promise<FileRead> {
			calls.push(`readFile ${path}`);
			const f = host.files.get(path);
			if (f === undefined) return {error: 'ENOENT'};
			return typeof f === 'string' ? {text: f} : {error: f.error};
		},
		async loadMcoConfig(path, which) {
			calls.push(`loadMcoConfig ${which} ${path}`);
			const f = host.files.get(path);
			if (f === undefined) return {error: 'ENOENT'};
			if (typeof f !== 'string') return {error: f.error};
			// No environment and no plugin.d/ on the fake host: the file alone decides.
			return {text: f, config: readMcoConfig(f, {env: {}, hostname: 'fake-host.example.com'})};
		},
		tlsOptions,
		pid: 4242,
		async realpath(path) {
			return host.links?.[path] ?? path;
		},
		async liveConfig(which) {
			calls.push(`liveConfig ${which}`);
			return (
				host.live?.[which] ??
				defaultLive(which === 'client' ? '/etc/mcollective/client.cfg' : '/etc/mcollective/server.cfg')
			);
		},
		...(host.thisHost
			? {
					thisHost: async () => {
						calls.push('thisHost');
						return host.thisHost ?? {hostname: '', addresses: []};
					},
				}
			: {}),
		async resolveHost(name, timeoutMs) {
			calls.push(`resolveHost ${name}`);
			const answer = host.dns?.[name];
			if (answer === 'timeout') {
				await new Promise((r) => setTimeout(r, timeoutMs));
				return {outcome: 'timeout', addresses: [], code: 'ETIMEOUT'};
			}
			if (answer === undefined) return {outcome: 'unresolvable', addresses: [], code: 'ENOTFOUND'};
			return {outcome: 'resolved', addresses: answer};
		},
		tcpConnect(h, port, timeoutMs, signal) {
			calls.push(`tcpConnect ${h}:${port}`);
			return tcpConnect(h, port, timeoutMs, signal);
		},
		probeStomp(options) {
			calls.push(`probeStomp ${options.host}:${options.port}${options.subscribe ? ' subscribe' : ''}`);
			return probeStomp(options);
		},
		mcoPing(settings, options) {
			calls.push('mcoPing');
			return mcoPing(settings, options);
		},
		async gatherSilentNodeEvidence(o) {
			calls.push(`gatherSilentNodeEvidence ${o.identities.join(',')}`);
			const base = {listenedMs: 0, registrationTopics: [], refused: [], undecodable: 0};
			const empty: SilentNodeFacts = {
				nodes: o.identities.map((identity) => ({identity, heard: 'nothing' as const})),
				others: [],
				expiredSenders: 0,
				consumers: new Map(),
				discoveryConsumers: new Map(),
			};
			if (!host.wire)
				return {
					...empty,
					...base,
					ok: false,
					advisoriesSeen: false,
					failure: {outcome: 'error', phase: 'subscribe', detail: 'fake host: no wire evidence'},
				};
			const facts = {...empty, ...host.wire.facts};
			o.onFacts?.(facts);
			return {...facts, ...base, ok: true, advisoriesSeen: true};
		},
		async pingWatchingExpiredReplies(settings, options) {
			calls.push('pingWatchingExpiredReplies');
			const expired = host.wire?.expiredReplies;
			const ping = mcoPing(settings, options);
			if (expired) options.onExpiredReply?.(expired);
			return {ping: await ping, expiredReplies: expired};
		},
		async mcoRpc(o) {
			calls.push(`mcoRpc ${o.agent} ${o.action}`);
			if (!host.rpc) throw new Error('fake host: no mco rpc scripted');
			return host.rpc(o);
		},
		async runningDaemons() {
			calls.push('runningDaemons');
			return host.daemons;
		},
		async processes() {
			calls.push('processes');
			return host.processes;
		},
		async listeningTcp() {
			calls.push('listeningTcp');
			return host.listening;
		},
		exec(file, args, {timeoutMs, signal}) {
			const line = [file, ...args].join(' ');
			calls.push(`exec ${line}`);
			const answer = host.commands?.[line];
			const base = {code: 0, signal: null, stdout: '', stderr: '', ms: 1, timedOut: false};
			if (answer === undefined)
				return Promise.resolve({...base, code: -2, spawnError: 'ENOENT'} as ExecResult);
			if (answer !== 'hang') return Promise.resolve({...base, ...answer});
			// a command that never ends by itself: like execBounded, killed by its timeout or the signal
			return new Promise((resolve) => {
				const timer = setTimeout(
					() => resolve({...base, code: null, signal: 'SIGTERM', timedOut: true, ms: timeoutMs}),
					timeoutMs,
				);
				signal?.addEventListener(
					'abort',
					() => {
						clearTimeout(timer);
						resolve({...base, code: null, signal: 'SIGTERM'});
					},
					{once: true},
				);
			});
		},
		async logSize(path) {
			const t = text(path);
			return t === undefined ? undefined : Buffer.byteLength(t);
		},
		async readLog(path, offset = 0) {
			const t = text(path);
			return t === undefined ? undefined : Buffer.from(t).subarray(offset).toString('utf8');
		},
		// the fake nodes stamp replies with the real wall clock: so does the fake host
		now: () => Date.now(),
		monotonicMs: () => clock,
		// the fake clock jumps instead of waiting; a macrotask keeps sockets and timers moving
		sleep(ms) {
			clock += ms;
			return new Promise((r) => setImmediate(r));
		},
	};
	return io;
}

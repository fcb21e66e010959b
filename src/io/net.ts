/**
 * DNS and TCP rungs: the seed's "host resolves" and "telnet msg1 61613", each bounded, each
 * reporting HOW it failed (the difference between refused and timed out is the diagnosis).
 */

import type {LookupAddress, LookupOptions} from 'node:dns';
import {connect, isIP, type LookupFunction} from 'node:net';
import {execBounded} from './exec.js';

export type DnsOutcome = {
	readonly outcome: 'resolved' | 'unresolvable' | 'timeout';
	readonly addresses: readonly string[];
	readonly code?: string;
};

/**
 * Resolves `host` the way getaddrinfo does (/etc/hosts, then DNS: the order mco's Ruby uses), with
 * `getent ahosts` in a child process the bound kills. Not dns.lookup in this process: a
 * getaddrinfo cannot be cancelled, and libuv joins its threads at exit, so a resolver answering
 * late held the whole command past its timeout until it answered (test/real/midflight-slow-dns).
 */
export async function resolveHost(
	host: string,
	timeoutMs: number,
	signal?: AbortSignal,
): Promise<DnsOutcome> {
	if (isIP(host)) return {outcome: 'resolved', addresses: [host]};
	const r = await execBounded('getent', ['ahosts', host], {timeoutMs, ...(signal ? {signal} : {})});
	if (r.spawnError === 'ENOENT') return lookupInProcess(host, timeoutMs);
	if (r.timedOut) return {outcome: 'timeout', addresses: [], code: 'ETIMEOUT'};
	const addresses = [...new Set(r.stdout.split('\n').map((line) => line.split(/\s+/)[0] ?? ''))].filter(
		(a) => isIP(a) !== 0,
	);
	if (r.code === 0 && addresses.length > 0) return {outcome: 'resolved', addresses};
	// getent exits 2 when the name is not found (NSS has no answer): Node's ENOTFOUND
	return {outcome: 'unresolvable', addresses: [], code: r.code === 2 ? 'ENOTFOUND' : `getent exit ${r.code}`};
}

/** dns.lookup, raced against the bound: only where getent is missing (not glibc). */
async function lookupInProcess(host: string, timeoutMs: number): Promise<DnsOutcome> {
	const {lookup} = await import('node:dns/promises');
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<DnsOutcome>((resolve) => {
		timer = setTimeout(() => resolve({outcome: 'timeout', addresses: [], code: 'ETIMEOUT'}), timeoutMs);
	});
	const answer = lookup(host, {all: true}).then(
		(list): DnsOutcome => ({outcome: 'resolved', addresses: list.map((a) => a.address)}),
		(error: NodeJS.ErrnoException): DnsOutcome => ({
			outcome: 'unresolvable',
			addresses: [],
			code: error.code,
		}),
	);
	try {
		return await Promise.race([answer, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The `lookup` every connect of ours uses (net.connect / tls.connect): the name resolved by
 * resolveHost, out of process, within `timeoutMs` (the connect's own bound) and killed when
 * `signal` aborts (the socket closed first). Node's default lookup is a getaddrinfo in the libuv
 * pool that nothing can cancel: a resolver that never answers kept ping/rpc/check alive past their
 * result until glibc gave up (~30 s). A late answer reads as EAI_AGAIN, what getaddrinfo says then.
 */
export function boundedLookup(timeoutMs: number, signal?: AbortSignal): LookupFunction {
	return (hostname, options: LookupOptions, callback) => {
		resolveHost(hostname, timeoutMs, signal).then((r) => {
			const family = (a: string) => (isIP(a) === 6 ? 6 : 4);
			const wanted = r.addresses.filter((a) => !options.family || family(a) === options.family);
			const first = wanted[0];
			if (r.outcome !== 'resolved' || first === undefined) {
				const code = r.outcome === 'timeout' ? 'EAI_AGAIN' : 'ENOTFOUND';
				const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${code} ${hostname}`);
				error.code = code;
				callback(error, '', 4);
				return;
			}
			if (options.all) {
				const all: LookupAddress[] = wanted.map((address) => ({address, family: family(address)}));
				(callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
			} else callback(null, first, family(first));
		});
	};
}

export type TcpOutcome = {
	readonly outcome: 'open' | 'refused' | 'timeout' | 'unreachable' | 'error';
	readonly code?: string;
	readonly ms: number;
};

export function tcpConnect(
	host: string,
	port: number,
	timeoutMs: number,
	signal?: AbortSignal,
): Promise<TcpOutcome> {
	const started = performance.now();
	return new Promise((resolve) => {
		const closed = new AbortController();
		const socket = connect({host, port, lookup: boundedLookup(timeoutMs, closed.signal)});
		const done = (outcome: TcpOutcome['outcome'], code?: string) => {
			socket.destroy();
			closed.abort();
			signal?.removeEventListener('abort', onAbort);
			resolve({outcome, ms: Math.round(performance.now() - started), ...(code ? {code} : {})});
		};
		const onAbort = () => done('error', 'ABORTED');
		signal?.addEventListener('abort', onAbort, {once: true});
		socket.setTimeout(timeoutMs, () => done('timeout', 'ETIMEDOUT'));
		socket.once('connect', () => done('open'));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			const code = error.code ?? 'ERROR';
			if (code === 'ECONNREFUSED') done('refused', code);
			else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') done('unreachable', code);
			else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') done('error', code);
			else done('error', code);
		});
	});
}

/**
 * The message broker host (msg1), checked live: the ActiveMQ JVM runs, its activemq.xml gives
 * MCollective what it needs (lint), the STOMP port is bound to an address the clients can reach,
 * the topic user logs in, may use its collectives' topics and reply queue, and is refused a
 * destination outside them; then the broker log since its last start. Every side effect goes
 * through ctx.io. Failures are named F1/F5/F6/F8 by src/core/diagnose-broker.ts from what this
 * run saw. A ladder of its own (not in runLandmark: the landmarks and their steps/ data belong
 * to the screens), run by runBrokerHostChecks.
 */

import {stepFor} from '../../steps/index.js';
import {lintActivemqXml} from '../core/activemq-xml/lint.js';
import {parseActivemqXml} from '../core/activemq-xml/parse.js';
import {activemqXmlCandidates} from '../core/activemq-xml/render.js';
import {amqLogSinceLastStart} from '../core/amq-log.js';
import {diagnoseBroker} from '../core/diagnose-broker.js';
import {isLoopback, isWildcard} from '../core/proc-net.js';
import type {CheckResult, Diagnosis} from '../core/types.js';
import type {ProcessInfo} from '../io/check-io.js';
import type {CheckContext} from './types.js';

export const BROKER_CHECK_IDS = [
	'amq-process',
	'amq-config',
	'amq-listen',
	'amq-login',
	'amq-authorized',
	'amq-refuses',
	'amq-log',
] as const;
export type BrokerCheckId = (typeof BROKER_CHECK_IDS)[number];

export type BrokerHostOptions = {
	/** The activemq.xml to check (default: the one the running JVM names, else the usual paths). */
	readonly activemqXml?: string;
	/** activemq.log (default: `<activemq.data>/activemq.log` of the running JVM). */
	readonly log?: string;
	/** Clients are on other hosts: a loopback-only STOMP bind fails. */
	readonly remoteClients?: boolean;
	/** Address to log in at (default: the bind address; 127.0.0.1 for a wildcard bind). */
	readonly connectHost?: string;
	readonly onProgress?: (id: BrokerCheckId, phase: 'start' | 'done', result?: CheckResult) => void;
};

export type BrokerHostReport = {
	readonly step: 'broker';
	readonly ok: boolean;
	readonly checks: readonly CheckResult[];
	readonly diagnosis: Diagnosis | null;
};

type Jvm = {readonly pid: number; readonly config?: string; readonly data?: string};

/** The ActiveMQ JVM's config file and data dir, from its argv (Debian's and RHEL's scripts alike). */
export function activemqJvm(p: ProcessInfo): Jvm | undefined {
	const isAmq = p.args.some(
		(a) =>
			/activemq\.jar$/.test(a) ||
			a === 'org.apache.activemq.console.Main' ||
			a.startsWith('-Dactivemq.home='),
	);
	if (!isAmq) return undefined;
	const prop = (name: string) => p.args.find((a) => a.startsWith(`-D${name}=`))?.slice(name.length + 3);
	const xbean = p.args.find((a) => a.startsWith('xbean:'));
	const fromXbean = xbean ? xbean.replace(/^xbean:(file:)?/, '') : undefined;
	const conf = prop('activemq.conf');
	// `xbean:activemq.xml` (no file:) is looked up in activemq.conf, as Debian's init script does
	const config =
		fromXbean?.startsWith('/') === true
			? fromXbean
			: conf
				? `${conf}/${fromXbean ?? 'activemq.xml'}`
				: fromXbean;
	const data = prop('activemq.data') ?? (prop('activemq.base') ? `${prop('activemq.base')}/data` : undefined);
	return {pid: p.pid, ...(config ? {config} : {}), ...(data ? {data} : {})};
}

/**
 * Rungs whose failure does not stop the others: the file's lint is evidence, the live broker is
 * the judge (a file edited but not yet loaded, or loaded but since changed, differs from what
 * runs); the log is read whatever happened.
 */
const ALWAYS_RUN: ReadonlySet<BrokerCheckId> = new Set(['amq-config', 'amq-log']);

/** Does a socket bound to `actual` serve the bind `intended` (as written in activemq.xml)? */
export function bindMatches(intended: string, actual: string): boolean {
	const plain = actual.replace(/^::ffff:/, '');
	if (isWildcard(actual)) return true;
	if (isWildcard(intended)) return false;
	if (intended === 'localhost') return isLoopback(actual);
	// a host name other than localhost, or a ${property}: cannot be judged from here
	if (!/^[\d.]+$|:/.test(intended)) return true;
	return plain === intended.replace(/^\[|\]$/g, '');
}

type Shared = {
	jvm?: Jvm;
	xmlPath?: string;
	xmlText?: string;
	bind?: {host: string; port?: number};
	authorization?: boolean;
};

type Outcome = Omit<CheckResult, 'id' | 'ms'>;

export async function runBrokerHostChecks(
	ctx: CheckContext,
	opts: BrokerHostOptions = {},
): Promise<BrokerHostReport> {
	const io = ctx.io;
	const ing = ctx.ingredients;
	const shared: Shared = {};
	const timeoutMs = ctx.timeoutMs;

	const rungs: Record<BrokerCheckId, () => Promise<Outcome>> = {
		'amq-process': async () => {
			const list = io.processes ? await io.processes() : undefined;
			if (!list) return {ok: false, evidence: 'cannot list processes on this host (/proc unreadable)'};
			const jvms = list.flatMap((p) => activemqJvm(p) ?? []);
			// several brokers on one host (a lab, a test): the one running the file we check
			const mine = opts.activemqXml
				? await (async () => {
						const want = await io.realpath(opts.activemqXml as string);
						for (const j of jvms) if (j.config && (await io.realpath(j.config)) === want) return j;
						return undefined;
					})()
				: jvms[0];
			if (!mine)
				return {
					ok: false,
					evidence: jvms.length
						? `ActiveMQ runs (pid ${jvms.map((j) => `${j.pid} with ${j.config ?? '?'}`).join(', ')}), but not with ${opts.activemqXml}`
						: 'no ActiveMQ process (no java running activemq.jar)',
					data: {running: jvms.length > 0, others: jvms},
				};
			shared.jvm = mine;
			return {
				ok: true,
				evidence: `ActiveMQ pid ${mine.pid}${mine.config ? `, config ${mine.config}` : ''}`,
				data: {pid: mine.pid, config: mine.config},
			};
		},
		'amq-config': async () => {
			const candidates = opts.activemqXml
				? [opts.activemqXml]
				: [...(shared.jvm?.config ? [shared.jvm.config] : []), ...activemqXmlCandidates()];
			let read: {path: string; text: string} | undefined;
			const tried: string[] = [];
			for (const path of candidates) {
				const r = await io.readFile(path);
				if ('text' in r) {
					read = {path, text: r.text};
					break;
				}
				tried.push(`${path} (${r.error})`);
			}
			if (!read) return {ok: false, evidence: `no activemq.xml readable: ${tried.join(', ')}`, data: {tried}};
			shared.xmlPath = read.path;
			shared.xmlText = read.text;
			const doc = parseActivemqXml(read.text);
			const stomp = doc.stomp.find((s) => !s.ssl);
			if (stomp) shared.bind = {host: stomp.host, ...(stomp.port === undefined ? {} : {port: stomp.port})};
			shared.authorization = doc.authorizationEntriesElement !== undefined;
			const findings = lintActivemqXml(read.text, {
				topicUser: ing.topicUser,
				topicPassword: {value: ing.topicPassword, source: 'the ingredients'},
				collectives: ing.collectives,
				stompPort: ing.stompPort,
				...(opts.remoteClients ? {remoteClients: true} : {}),
			});
			const errors = findings.filter((f) => f.severity === 'error');
			const first = errors[0];
			return {
				ok: errors.length === 0,
				evidence: first
					? `${read.path}:${first.line ?? '?'}: ${first.message}`
					: `${read.path}: STOMP ${stomp?.uri ?? '?'}, user ${ing.topicUser} and its authorization entries as MCollective needs`,
				data: {path: read.path, findings},
			};
		},
		'amq-listen': async () => {
			const port = shared.bind?.port ?? ing.stompPort;
			const sockets = io.listeningTcp ? await io.listeningTcp() : undefined;
			if (!sockets) return {ok: false, evidence: 'cannot read listening sockets (/proc/net/tcp)'};
			const bound = sockets.filter((s) => s.port === port);
			if (bound.length === 0)
				return {
					ok: false,
					evidence: `nothing listens on port ${port}${shared.jvm ? ` although ActiveMQ pid ${shared.jvm.pid} runs` : ''}`,
					data: {port, bound: [], running: shared.jvm !== undefined},
				};
			const addresses = bound.map((s) => s.address);
			// the file's bind vs the socket's: a broker not restarted since the edit still has the old one
			const intended = shared.bind?.host;
			if (intended && !addresses.some((a) => bindMatches(intended, a)))
				return {
					ok: false,
					evidence: `port ${port} bound to ${addresses.join(', ')}, but ${shared.xmlPath ?? 'activemq.xml'} says ${intended}: the running broker did not load this file`,
					data: {port, bound: addresses, intended, notAsConfigured: true, running: shared.jvm !== undefined},
				};
			const reachable = addresses.some((a) => !isLoopback(a));
			const ok = !(opts.remoteClients && !reachable);
			return {
				ok,
				evidence: `port ${port} bound to ${addresses.join(', ')}${ok ? '' : ': loopback only, other hosts cannot connect'}`,
				data: {port, bound: addresses, loopbackOnly: !reachable},
			};
		},
		'amq-login': () => login(false),
		'amq-authorized': () => login(true),
		'amq-refuses': async () => {
			if (shared.authorization === false)
				return {
					ok: true,
					skipped: true,
					evidence: 'activemq.xml has no authorization entries: every destination is open to every user',
				};
			const destination = `/queue/mco-wizard.unauthorized.${process.pid}`;
			const r = await io.probeStomp({...connectTo(), subscribe: [destination]});
			if (r.outcome === 'not-authorized')
				return {
					ok: true,
					evidence: `${destination} refused to ${ing.topicUser}: ${r.brokerMessage ?? 'not authorized'}`,
					data: {outcome: r.outcome},
				};
			return {
				ok: false,
				evidence:
					r.outcome === 'connected'
						? `${ing.topicUser} may read ${destination}, outside its collectives: authorization is not enforced`
						: `${r.outcome}: ${r.brokerMessage ?? r.detail ?? ''}`,
				data: {outcome: r.outcome === 'connected' ? 'not-refused' : r.outcome},
			};
		},
		'amq-log': async () => {
			const path = opts.log ?? (shared.jvm?.data ? `${shared.jvm.data}/activemq.log` : undefined);
			if (!path) return {ok: true, skipped: true, evidence: 'broker log not found (no running JVM to ask)'};
			const text = await io.readLog(path);
			if (text === undefined) return {ok: true, skipped: true, evidence: `${path} not readable`};
			const log = amqLogSinceLastStart(text);
			const authFailed = log.events.filter((e) => e.kind === 'amq-auth-failed');
			const refused = log.events.filter((e) => e.kind === 'amq-not-authorized');
			const parts = [
				`${path} since line ${log.fromLine}: ${log.started ? 'started' : 'NOT started'}`,
				log.listening.length ? `listening at ${log.listening.join(', ')}` : '',
				log.errors.length ? `${log.errors.length} error(s), first: ${log.errors[0]}` : '',
				authFailed.length ? `${authFailed.length} failed login line(s)` : '',
				refused.length ? `${refused.length} refused destination line(s)` : '',
			].filter(Boolean);
			return {
				ok: log.started && log.errors.length === 0,
				evidence: parts.join('; '),
				data: {
					path,
					fromLine: log.fromLine,
					started: log.started,
					errors: log.errors.slice(0, 5),
					authFailedUsers: [...new Set(authFailed.map((e) => (e.kind === 'amq-auth-failed' ? e.user : '')))],
					refused: [
						...new Set(
							refused.map((e) =>
								e.kind === 'amq-not-authorized' ? `${e.user} ${e.operation} ${e.destination}` : '',
							),
						),
					].slice(0, 5),
				},
			};
		},
	};

	function connectTo() {
		const bind = shared.bind?.host;
		const host =
			opts.connectHost ??
			(bind === undefined || bind === '' || isWildcard(bind) || bind.startsWith('$') ? '127.0.0.1' : bind);
		return {
			host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''),
			port: shared.bind?.port ?? ing.stompPort,
			user: ing.topicUser,
			password: ing.topicPassword,
			vhost: 'mcollective',
			timeoutMs,
			...(ctx.signal ? {signal: ctx.signal} : {}),
		};
	}

	async function login(subscribe: boolean): Promise<Outcome> {
		const main = ing.collectives[0] ?? 'mcollective';
		const subs = subscribe
			? [
					`/queue/${main}.reply.mco-wizard_${process.pid}`,
					...ing.collectives.map((c) => `/topic/${c}.discovery.agent`),
				]
			: undefined;
		const target = connectTo();
		const r = await io.probeStomp({...target, ...(subs ? {subscribe: subs} : {})});
		const ok = r.outcome === 'connected';
		return {
			ok,
			evidence: ok
				? subscribe
					? `${ing.topicUser} may use ${(r.subscribed ?? []).join(', ')}`
					: `CONNECTED as ${ing.topicUser} at ${target.host}:${target.port}${r.server ? ` (${r.server})` : ''}`
				: `${r.outcome} at ${target.host}:${target.port}${r.brokerMessage ? `: ${r.brokerMessage}` : r.detail ? `: ${r.detail}` : ''}`,
			data: {
				outcome: r.outcome,
				host: target.host,
				port: target.port,
				user: ing.topicUser,
				...(r.brokerMessage ? {brokerMessage: r.brokerMessage} : {}),
				...(r.destination ? {destination: r.destination} : {}),
				...(r.code ? {code: r.code} : {}),
			},
		};
	}

	const checks: CheckResult[] = [];
	let failed = false;
	for (const id of brokerCheckOrder()) {
		// the log is read even after a failure: it is what tells F8 from F1
		if (failed && !ALWAYS_RUN.has(id)) {
			checks.push({id, ok: false, ms: 0, evidence: 'not run: an earlier check failed', skipped: true});
			continue;
		}
		opts.onProgress?.(id, 'start');
		const started = io.monotonicMs();
		let outcome: Outcome;
		try {
			outcome = await withTimeout(rungs[id](), timeoutMs + 2000);
		} catch (error) {
			outcome = {ok: false, evidence: error instanceof Error ? error.message : String(error)};
		}
		const result: CheckResult = {id, ms: Math.round(io.monotonicMs() - started), ...outcome};
		checks.push(result);
		opts.onProgress?.(id, 'done', result);
		if (!result.ok && !ALWAYS_RUN.has(id)) failed = true;
	}
	const ok = checks.every((c) => c.ok);
	return {step: 'broker', ok, checks, diagnosis: ok ? null : diagnoseBroker(checks, ing)};
}

/** The rungs in the order steps/activemq.ts lists them (the landmark's data decides, not this file). */
export function brokerCheckOrder(): BrokerCheckId[] {
	return stepFor('activemq').checks.map((c) => {
		// test/checks/ladders.test.ts keeps the two equal; this is a build that broke that
		if (!(BROKER_CHECK_IDS as readonly string[]).includes(c.id))
			throw new Error(`steps/activemq.ts lists check ${c.id}, src/checks/broker.ts has no rung for it`);
		return c.id as BrokerCheckId;
	});
}

/** A rung that overruns its budget still ends the ladder on time. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const overrun = new Promise<T>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
	});
	return Promise.race([p, overrun]).finally(() => clearTimeout(timer));
}

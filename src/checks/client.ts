/**
 * Landmark 2 (client → ActiveMQ), the seed's client checklist made live: which client.cfg is
 * read, its traps, DNS, TCP, STOMP login with the configured user/password, SUBSCRIBE to the
 * reply queue and collective topics (authorization), then an `mco ping` for which "No responses
 * received" is success (no node needs to be up yet).
 */
import {hasErrors, lintConfig, lintPair} from '../core/mco-config/lint.js';
import {fingerprint} from '../core/secrets.js';
import type {CheckIO} from '../io/check-io.js';
import {clientSubscriptions} from '../mcollective/destinations.js';
import {pairDifferences} from './pair.js';
import type {ConfigFile} from './state.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

const where = (c: ConfigFile) => `${c.settings?.pool[0]?.host ?? '?'}:${c.settings?.pool[0]?.port ?? '?'}`;

/** Stops the ladder politely when client.cfg could not be read (client-config already failed). */
async function readable(
	input: RungInput,
): Promise<ConfigFile & {settings: NonNullable<ConfigFile['settings']>}> {
	const file = await input.state.clientConfig();
	if (!file.settings) throw new Error(`${file.path} not readable (${file.error ?? 'unknown'})`);
	return file as ConfigFile & {settings: NonNullable<ConfigFile['settings']>};
}

const CONNECTION_KEYS = ['connector', 'main_collective', 'collectives', 'plugin.psk'];

async function clientConfig(input: RungInput): Promise<RungOutcome> {
	const file = await input.state.clientConfig();
	const why =
		file.source === 'answers'
			? 'named in the answers file'
			: file.source === 'extra-opts'
				? 'named by -c in MCOLLECTIVE_EXTRA_OPTS'
				: 'the first readable file mco looks for';
	if (!file.settings) {
		const reason =
			file.error === 'ENOENT'
				? 'does not exist'
				: file.error === 'EACCES'
					? 'is not readable by this user'
					: `cannot be read (${file.error})`;
		return {
			ok: false,
			evidence: `${file.path} ${reason}`,
			data: {path: file.path, exists: file.error !== 'ENOENT', readable: false, error: file.error},
		};
	}
	// A shadowed file that disagrees is where someone's edit went (F2).
	const differs: string[] = [];
	const s = file.settings;
	for (const other of file.shadowed) {
		const read = await input.ctx.io.loadMcoConfig(other, 'client');
		if ('error' in read) continue;
		const o = read.config;
		const [theirs, mine] = [o.pool[0], s.pool[0]];
		if (theirs?.host !== mine?.host || theirs?.port !== mine?.port || theirs?.user !== mine?.user)
			differs.push(`${other} (broker ${theirs?.host}:${theirs?.port})`);
		else if (CONNECTION_KEYS.some((k) => o.settings.get(k) !== s.settings.get(k)))
			differs.push(`${other} (connector/collectives/psk)`);
	}
	const host = s.pool[0];
	const evidence = `${file.path} (${why}): connector ${s.connector}, broker ${where(file)} as ${host?.user || '(no user)'}, password ${host?.password ? `sha256 ${fingerprint(host.password)}` : 'MISSING'}`;
	if (differs.length > 0)
		return {
			ok: false,
			evidence: `${evidence}; another client config disagrees: ${differs.join(', ')}`,
			data: {path: file.path, exists: true, readable: true, differs},
		};
	return {ok: true, evidence, data: {path: file.path, source: file.source, shadowed: file.shadowed}};
}

async function clientLint(input: RungInput): Promise<RungOutcome> {
	const file = await readable(input);
	// On a host that also has the node's server.cfg (all-in-one, lab), compare the two as well.
	const server = await input.state.serverConfig();
	const pair = server.settings ? pairDifferences(file.settings, server.settings) : [];
	const findings = [
		...lintConfig(file.text ?? '', 'client'),
		...(server.text !== undefined ? lintPair(file.text ?? '', server.text) : []),
	];
	const errors = findings.filter((f) => f.severity === 'error');
	const warnings = findings.filter((f) => f.severity === 'warning');
	const first = errors[0] ?? warnings[0];
	return {
		ok: !hasErrors(findings),
		evidence: `${errors.length} error(s), ${warnings.length} warning(s)${first ? `; line ${first.line ?? '?'}: ${first.message}` : ''}`,
		data: {findings, ...(pair.length ? {pair} : {})},
	};
}

async function dns(input: RungInput): Promise<RungOutcome> {
	const file = await readable(input);
	const host = file.settings.pool[0]?.host ?? '';
	if (!host)
		return {ok: false, evidence: 'no broker host in client.cfg', data: {outcome: 'unresolvable', host}};
	const r = await input.ctx.io.resolveHost(host, input.timeoutMs);
	return {
		ok: r.outcome === 'resolved',
		evidence:
			r.outcome === 'resolved' ? `${host} → ${r.addresses.join(', ')}` : `${host}: ${r.code ?? r.outcome}`,
		data: {...r, host},
	};
}

async function tcp(input: RungInput): Promise<RungOutcome> {
	const file = await readable(input);
	const {host = '', port = 0} = file.settings.pool[0] ?? {};
	const r = await input.ctx.io.tcpConnect(host, port, input.timeoutMs, input.signal);
	return {
		ok: r.outcome === 'open',
		evidence:
			r.outcome === 'open'
				? `${host}:${port} accepts connections (${r.ms} ms)`
				: `${host}:${port} ${r.outcome}${r.code ? ` (${r.code})` : ''} after ${r.ms} ms`,
		data: {...r, host, port},
	};
}

async function stomp(input: RungInput, subscribe: boolean): Promise<RungOutcome> {
	const file = await readable(input);
	const s = file.settings;
	const pool = s.pool[0];
	const subs = subscribe
		? clientSubscriptions({
				connector: s.connector,
				mainCollective: s.mainCollective,
				collectives: s.collectives,
				identity: 'mco-wizard',
				pid: input.ctx.io.pid,
			})
		: undefined;
	// The same TLS files ping loads (ssl.cert/key/ca), so both rungs test the same connection.
	let tls: Awaited<ReturnType<CheckIO['tlsOptions']>>;
	try {
		tls = pool ? await input.ctx.io.tlsOptions(pool) : undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {
			ok: false,
			evidence: `cannot read the TLS files of ${where(file)}: ${code ?? (error as Error).message}`,
			data: {outcome: 'tls-error', phase: 'tls', code, host: pool?.host, port: pool?.port, tls: true},
		};
	}
	const r = await input.ctx.io.probeStomp({
		host: pool?.host ?? '',
		port: pool?.port ?? 0,
		user: pool?.user ?? '',
		password: pool?.password ?? '',
		tls,
		vhost: s.vhost,
		timeoutMs: input.timeoutMs,
		signal: input.signal,
		...(subs ? {subscribe: subs} : {}),
	});
	const data: Record<string, unknown> = {
		outcome: r.outcome,
		code: r.code,
		brokerMessage: r.brokerMessage,
		phase: r.phase,
		destination: r.destination,
		// what a peer that is not STOMP sent (the diagnosis tells a TLS port from other services)
		...(r.peerSaid === undefined ? {} : {peerSaid: r.peerSaid}),
		...(r.peerTls ? {peerTls: true} : {}),
		host: pool?.host,
		port: pool?.port,
		user: pool?.user,
		tls: pool?.ssl ?? false,
		passwordFingerprint: pool?.password ? fingerprint(pool.password) : undefined,
		clientCollectives: s.collectives,
	};
	if (r.outcome === 'not-authorized') {
		// Is the refused destination a collective the node does not even use? Then the collective is the cause (F12).
		const server = await input.state.serverConfig();
		if (server.settings) data.serverCollectives = server.settings.collectives;
	}
	// The CONNECTED frame names the broker: the activemq connector's destinations mean nothing to
	// RabbitMQ and the rabbitmq connector's /exchange/ ones nothing to ActiveMQ (F12).
	const broker = /activemq/i.test(r.server ?? '')
		? 'activemq'
		: /rabbitmq/i.test(r.server ?? '')
			? 'rabbitmq'
			: undefined;
	if (
		r.outcome === 'connected' &&
		broker &&
		(s.connector === 'activemq' || s.connector === 'rabbitmq') &&
		broker !== s.connector
	)
		return {
			ok: false,
			evidence: `logged in, but the broker is ${r.server} and client.cfg uses the ${s.connector} connector`,
			data: {...data, outcome: 'connector-mismatch', server: r.server, connector: s.connector, broker},
		};
	const ok = r.outcome === 'connected';
	const evidence = ok
		? subscribe
			? `subscribed to ${(r.subscribed ?? []).join(', ')} (${r.ms} ms)`
			: `CONNECTED as ${pool?.user}${r.server ? ` to ${r.server}` : ''}, STOMP ${r.version ?? '?'} (${r.ms} ms)`
		: `${r.outcome}${r.brokerMessage ? `: ${r.brokerMessage}` : r.detail ? `: ${r.detail}` : ''} (${r.ms} ms)`;
	return {ok, evidence, data};
}

async function pingEmpty(input: RungInput): Promise<RungOutcome> {
	const file = await readable(input);
	// The wizard's own `mco ping` (wire client): publishes to the discovery topic, listens on the
	// reply queue for a second; "No responses received" is success here.
	const r = await input.ctx.io.mcoPing(file.settings, {
		timeoutMs: 1000,
		connectTimeoutMs: input.timeoutMs,
		signal: input.signal,
		now: input.ctx.io.now,
	});
	if (r.failure?.outcome === 'dropped') {
		// The broker closed a session it had accepted. Only a fresh look tells why: refused now
		// means ActiveMQ went away mid-check (stopped, crashed, restarting), the broker's story.
		const {host = '', port = 0} = file.settings.pool[0] ?? {};
		const now = await input.ctx.io.tcpConnect(host, port, input.timeoutMs, input.signal);
		if (now.outcome === 'refused' || now.outcome === 'timeout')
			return {
				ok: false,
				evidence: `ping failed at ${r.failure.phase}: ${r.failure.detail}; ${host}:${port} ${now.outcome === 'refused' ? 'refuses' : 'does not answer'} new connections now`,
				data: {replies: [], probe: {outcome: now.outcome, code: now.code, host, port}},
			};
	}
	if (r.failure)
		return {
			ok: false,
			evidence: `ping failed at ${r.failure.phase}: ${r.failure.brokerMessage ?? r.failure.detail}`,
			data: {
				replies: [],
				probe: {
					outcome: r.failure.outcome,
					code: r.failure.code,
					brokerMessage: r.failure.brokerMessage,
					destination: r.failure.destination,
				},
			},
		};
	return {
		ok: true,
		evidence: `ping delivered: ${r.replies.length ? r.replies.map((x) => `${x.identity} ${x.ms.toFixed(1)} ms`).join(', ') : 'No responses received (fine here: no node needed yet)'}`,
		data: {replies: r.replies.map((x) => ({identity: x.identity, ms: x.ms}))},
	};
}

export const clientLadder: Ladder = {
	'client-config': {run: clientConfig},
	'client-lint': {run: clientLint},
	dns: {run: dns},
	tcp: {run: tcp},
	'stomp-login': {run: (i) => stomp(i, false)},
	subscribe: {run: (i) => stomp(i, true)},
	// the ping listens 1 s for replies on top of connecting
	'ping-empty': {timeoutMs: (ctx) => ctx.timeoutMs + 1000, run: pingEmpty},
};

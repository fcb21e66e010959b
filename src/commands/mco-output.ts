/**
 * What `ping` and `rpc` share: exit codes, reading client.cfg, the stable --json shape (no
 * secrets), the stderr explanation of failures, and mco-style human output.
 */
import {readFile} from 'node:fs/promises';
import {type McoConfig, validPort} from '../core/mco-config/model.js';
import {PLATFORM_PATHS, RPM_LIBDIR} from '../core/mco-config/render.js';
import {forTerminal} from '../core/sanitize.js';
import {redact, redactDeep} from '../core/secrets.js';
import {secretsInConfigFiles} from '../io/config-secrets.js';
import {
	explainNodeVerdict,
	type McoFailure,
	type McoResult,
	type NodeReply,
	probeNodeClocks,
} from '../io/mco-client.js';
import {loadMcoConfig} from '../io/mco-config-file.js';
import {type DdlAction, parseAgentDdl} from '../mcollective/ddl.js';
import type {ServerVerdict} from '../mcollective/envelope.js';
import {STATUS_TEXT} from '../mcollective/envelope.js';
import {
	inspect,
	MarshalError,
	type MarshalValue,
	RubyString,
	stringOf,
	symbolName,
	toPlain,
} from '../mcollective/marshal.js';

/** Exit codes of `ping` and `rpc` (README table). */
export const EXIT = {
	ok: 0,
	/** bad arguments, unreadable client.cfg */
	usage: 2,
	/** some expected nodes silent, or an RPC status other than OK */
	partial: 3,
	/** nobody answered (mco ping uses 4 too) / rpc discovered no node */
	noReplies: 4,
	/** broker unreachable, login refused, SUBSCRIBE refused, TLS failure */
	connection: 5,
	/** client.cfg cannot be used for messaging (no psk, no broker host, unknown connector) */
	config: 6,
} as const;

export function exitCodeFor(result: McoResult, expectedCount: number): number {
	if (result.failure?.outcome === 'config') return EXIT.config;
	if (result.failure) return result.replies.length > 0 ? EXIT.partial : EXIT.connection;
	if (result.replies.length === 0) return EXIT.noReplies;
	if (result.missing.length > 0 || result.replies.length < expectedCount) return EXIT.partial;
	if (result.replies.some((r) => r.statuscode !== undefined && r.statuscode !== 0)) return EXIT.partial;
	return EXIT.ok;
}

/** What ping and rpc share: the client.cfg, the login bound, the node's server.cfg, the output. */
export type McoCommandOptions = {
	readonly config: string;
	readonly connectTimeout?: number;
	readonly serverConfig?: string;
	readonly json?: boolean;
	readonly identity?: string[];
	readonly expect?: number;
	readonly target?: string;
};

export class UsageError extends Error {}

/**
 * Runs a command's body; a UsageError from it (an unreadable client.cfg or server.cfg) becomes the
 * message on stderr and the usage exit code, like a bad argument. Anything else propagates.
 */
export async function exitOnUsageError(
	command: string,
	err: (t: string) => void,
	run: () => Promise<number>,
): Promise<number> {
	try {
		return await run();
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		err(forTerminal(`mco-wizard ${command}: ${error.message}`));
		return EXIT.usage;
	}
}

/**
 * What ping and rpc print, made safe: every secret of client.cfg (psk, passwords, a password on a
 * duplicated `.user` line, env overrides) and of --server-config redacted, in JSON before encoding;
 * human text also passes the terminal sanitiser (reply senderids and broker texts are untrusted).
 */
export async function outputGuard(
	settings: McoConfig,
	configPaths: readonly (string | undefined)[],
	out: (t: string) => void,
	err: (t: string) => void,
) {
	const secrets = [
		settings.psk ?? '',
		...settings.pool.map((h) => h.password),
		...(await secretsInConfigFiles(configPaths)),
	];
	const text = (t: string) => forTerminal(redact(t, secrets));
	return {
		json: (value: unknown) => out(JSON.stringify(redactDeep(value, secrets))),
		out: (t: string) => out(text(t)),
		err: (t: string) => err(text(t)),
	};
}

export async function loadClientSettings(path: string): Promise<McoConfig> {
	let settings: McoConfig;
	try {
		settings = (await loadMcoConfig(path, process.env)).config;
	} catch (error) {
		throw new UsageError(
			`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
		);
	}
	// A port no socket can dial would end in a RangeError stack from net.connect: say which line.
	const badPort = settings.pool.find((host) => !validPort(host.port));
	if (badPort)
		throw new UsageError(`${path}: ${badPort.keys.port} = ${badPort.port} is not a TCP port (1-65535)`);
	return settings;
}

/** DDL of an agent from libdir (and Debian's vendor_ruby, where rpcutil lives). */
export async function findAgentDdl(
	settings: {libdirs: readonly string[]},
	agent: string,
	action: string,
): Promise<{action?: DdlAction; timeout?: number}> {
	const roots = [...settings.libdirs, '/usr/lib/ruby/vendor_ruby', PLATFORM_PATHS.plain.libdir, RPM_LIBDIR];
	for (const root of roots) {
		try {
			const ddl = parseAgentDdl(await readFile(`${root}/mcollective/agent/${agent}.ddl`, 'utf8'));
			return {action: ddl.actions.get(action), timeout: ddl.timeout};
		} catch {
			// next root
		}
	}
	return {};
}

const FAILURE_HINT: Record<string, string> = {
	refused: 'nothing listens there: is ActiveMQ running, is the STOMP port right?',
	timeout: 'no answer in time: firewall, wrong host, or a broker that is not speaking STOMP',
	unresolvable: 'the broker host name does not resolve',
	'tls-error': 'TLS failed: check plugin.<connector>.pool.N.ssl and the certificates',
	'auth-rejected': 'the broker refused the login: check plugin.<connector>.pool.N.user / password',
	'not-authorized':
		'logged in, but the broker ACL forbids this destination (collective not in authorizationEntries?)',
	'not-stomp':
		'that port is not a STOMP broker (HTTP, TLS or another service answered): check the port and ssl setting',
	oversized: 'the peer sent a frame over the size limit: not a STOMP broker as configured, or a hostile one',
	reset:
		'the peer reset the connection without a STOMP answer: not ActiveMQ’s STOMP port, or a proxy/firewall',
	dropped:
		'logged in, then the broker closed or went silent instead of confirming SUBSCRIBE: see the ActiveMQ log',
	config: 'client.cfg cannot be used for messaging',
	error: 'the broker connection failed',
};

export function failureLines(failure: McoFailure): string[] {
	const lines = [`${failure.outcome}: ${failure.detail}`];
	if (failure.code) lines.push(`  code: ${failure.code}`);
	if (failure.brokerMessage && !failure.detail.includes(failure.brokerMessage))
		lines.push(`  broker said: ${failure.brokerMessage}`);
	if (failure.destination) lines.push(`  destination: ${failure.destination}`);
	lines.push(`  hint: ${FAILURE_HINT[failure.outcome] ?? FAILURE_HINT.error}`);
	return lines;
}

export function silenceHints(result: McoResult, settings: McoConfig): string[] {
	const lines: string[] = [];
	for (const r of result.rejected) {
		lines.push(
			`reply from ${r.identity ?? '?'} rejected: ${r.detail}${r.problem === 'invalid-signature' ? " (plugin.psk differs from the node's)" : ''}`,
		);
	}
	if (result.replies.length === 0 && !result.failure) {
		lines.push(
			`no node answered on collective ${settings.mainCollective} via ${settings.connector}: the node may be stopped or not connected, or it drops our requests (psk mismatch: node log "invalid signature"; clock behind the node by more than ttl ${settings.ttl}s: "seconds old"); \`mco-wizard check --step e2e\` tells which`,
		);
	}
	return lines;
}

/** The stable --json object (no secrets: no password, no psk, not even fingerprints). */
export function resultJson(
	command: 'ping' | 'rpc',
	result: McoResult,
	exitCode: number,
	extra: Record<string, unknown> = {},
) {
	return {
		command,
		ok: exitCode === EXIT.ok,
		exitCode,
		...extra,
		broker: result.broker ?? null,
		requestId: result.requestId ?? null,
		directed: result.directed,
		discovered: result.discovered ?? null,
		discoveryMs: result.discoveryMs ?? null,
		replies: result.replies.map((r) => ({
			identity: r.identity,
			ms: r.ms,
			statuscode: r.statuscode ?? null,
			statusmsg: r.statusmsg ?? null,
			data: r.data === undefined ? null : shown(() => toPlain(r.data as MarshalValue)),
			msgtime: r.msgtime ?? null,
			clockOffsetMs: r.clockOffsetMs ?? null,
		})),
		rejected: result.rejected,
		missing: result.missing,
		elapsedMs: result.elapsedMs,
		stoppedEarly: result.stoppedEarly,
		failure: result.failure ?? null,
	};
}

/** application/ping.rb:65-80 */
export function formatPing(replies: readonly NodeReply[]): string {
	const lines = replies.map((r) => `${r.identity.padEnd(40)} time=${r.ms.toFixed(2)} ms`);
	lines.push('', '', '---- ping statistics ----');
	if (replies.length === 0) lines.push('No responses received');
	else {
		const times = replies.map((r) => r.ms);
		const avg = times.reduce((a, b) => a + b, 0) / times.length;
		lines.push(
			`${replies.length} replies max: ${Math.max(...times).toFixed(2)} min: ${Math.min(...times).toFixed(2)} avg: ${avg.toFixed(2)} `,
		);
	}
	return lines.join('\n');
}

/** A reply value too large to expand (shared Marshal links) is named, not shown. */
function shown<T>(render: () => T): T | string {
	try {
		return render();
	} catch (error) {
		if (error instanceof MarshalError) return `[not shown: ${error.message}]`;
		throw error;
	}
}

function display(value: MarshalValue): string {
	if (typeof value === 'string') return value;
	if (value instanceof Uint8Array || value instanceof RubyString) return stringOf(value) ?? '';
	return shown(() => inspect(value));
}

/** rpc/helpers.rb:130-197 (non-verbose), then rpc/stats.rb's summary. */
export function formatRpc(result: McoResult, ddl: DdlAction | undefined, rpcMs: number): string {
	const out: string[] = [];
	for (const r of result.replies) {
		const code = r.statuscode ?? 0;
		out.push(`${r.identity.padEnd(40)} ${code === 0 ? '' : (STATUS_TEXT[code] ?? 'Unknown Request Status')}`);
		if (code !== 0) {
			out.push(`   ${r.statusmsg ?? ''}`, '');
			continue;
		}
		if (r.data instanceof Map) {
			const entries = [...r.data].map(([k, v]) => {
				const key = typeof k === 'symbol' ? symbolName(k) : String(shown(() => toPlain(k)));
				const label = ddl?.outputs.find((o) => o.name === key)?.displayAs ?? key;
				return [label, display(v)] as const;
			});
			const width = Math.max(0, ...entries.map(([label]) => label.length)) + 3;
			for (const [label, value] of entries) out.push(`${label.padStart(width)}: ${value}`);
		} else if (r.data !== undefined) out.push(`   ${display(r.data)}`);
		out.push('');
	}
	out.push(
		'',
		'',
		`Finished processing ${result.replies.length} / ${result.discovered?.length ?? 0} hosts in ${rpcMs.toFixed(2)} ms`,
	);
	if (result.missing.length > 0)
		out.push('', '', 'No response from:', '', ...result.missing.map((n) => `    ${n}`), '');
	return out.join('\n');
}

/** With --server-config: the node's own checks on our request, when some node stayed silent. */
export async function nodeVerdictFor(
	result: McoResult,
	settings: McoConfig,
	serverConfig: string | undefined,
): Promise<ServerVerdict | undefined> {
	if (serverConfig === undefined || result.failure) return undefined;
	if (result.replies.length > 0 && result.missing.length === 0) return undefined;
	let server: McoConfig;
	try {
		// No environment: mcollectived reads server.cfg under its service's, not ours.
		server = (await loadMcoConfig(serverConfig)).config;
	} catch (error) {
		throw new UsageError(
			`cannot read ${serverConfig}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
		);
	}
	return explainNodeVerdict(settings, server);
}

export function verdictLines(verdict: ServerVerdict | undefined): string[] {
	if (!verdict) return [];
	if (verdict.accepted)
		return [
			'node check (server config): the node would accept our request; it is not answering (stopped, not connected, other broker?)',
		];
	return [
		`node check (server config): the node would reject our request at the ${verdict.step} check: ${verdict.reason}`,
		`  its log would say: ${verdict.logLine}`,
	];
}

export type ClockProbe = {readonly replies: readonly {identity: string; clockOffsetMs: number | null}[]};

/** Run the clock probe (bounded) when nobody answered and the broker side was fine. */
export async function clockProbeFor(
	result: McoResult,
	settings: McoConfig,
	options: {timeoutS: number; identities?: readonly string[]; collective?: string},
): Promise<ClockProbe | undefined> {
	if (result.failure || result.replies.length > 0) return undefined;
	const probe = await probeNodeClocks(settings, {
		timeoutMs: Math.min(options.timeoutS, 2) * 1000,
		identities: options.identities,
		collective: options.collective,
		expect: options.identities?.length ? options.identities : undefined,
	});
	return {
		replies: probe.replies.map((r) => ({identity: r.identity, clockOffsetMs: r.clockOffsetMs ?? null})),
	};
}

export function clockProbeLines(probe: ClockProbe | undefined, ttl: number): string[] {
	if (!probe) return [];
	if (probe.replies.length === 0) {
		return [
			'clock probe: a request dated 30 days ahead got no answer either, so this is not clock skew (psk mismatch, node stopped or not connected, or the filter)',
		];
	}
	return probe.replies.map((r) => {
		const s = r.clockOffsetMs === null ? '?' : (r.clockOffsetMs / 1000).toFixed(1);
		return `clock probe: ${r.identity} answers a request dated in the future: its clock is ${s} s ahead of ours, so our requests look older than ttl ${ttl} s and it rejects them ("... seconds old, TTL is ${ttl}. Rejecting message." in its log); sync the clocks (NTP)`;
	});
}

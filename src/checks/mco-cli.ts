/**
 * `mco ping` / `mco rpc` through the real client binary, always bounded (mco's activemq connector
 * would retry forever, F4). Used where the wizard needs MCollective's own behaviour end to end
 * (agent discovery, DDL validation) and as the fallback client until the native wire client is
 * available; both return the same shape.
 */
import {classifyMcoLog, type McoLogEvent} from '../core/log-classify.js';
import {execBounded} from './exec.js';

export type PingReply = {readonly identity: string; readonly ms: number};

export type PingOutcome = {
	/** The client reached the broker and sent the ping (replies may be zero). */
	readonly delivered: boolean;
	readonly replies: readonly PingReply[];
	readonly ms: number;
	/** mco's own last error line, when it failed. */
	readonly error?: string;
	readonly exitCode: number | null;
	readonly timedOut: boolean;
	/** mco's stderr, classified (ERROR frames, decode failures...). */
	readonly events: readonly McoLogEvent[];
};

export type RpcReply = {
	readonly sender: string;
	readonly statuscode: number;
	readonly statusmsg: string;
	readonly data: Readonly<Record<string, unknown>>;
};

export type RpcOutcome = {
	readonly ok: boolean;
	readonly replies: readonly RpcReply[];
	readonly ms: number;
	readonly error?: string;
	readonly exitCode: number | null;
	readonly timedOut: boolean;
	/** `No request sent, we did not discover any nodes.` */
	readonly nothingDiscovered: boolean;
	readonly events: readonly McoLogEvent[];
};

type Common = {
	readonly mco: string;
	readonly config: string;
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ANSI = /\u001b\[[0-9;]*m/g;
const lastError = (stderr: string) =>
	/failed to run, use -v for full error (?:backtrace )?details: (.*)$/m
		.exec(stderr.replace(ANSI, ''))?.[1]
		?.trim() || stderr.replace(ANSI, '').trim().split('\n').at(-1);

export async function mcoPingCli(o: Common & {readonly waitS: number}): Promise<PingOutcome> {
	const connectS = Math.max(1, Math.floor(o.timeoutMs / 1000) - o.waitS);
	const r = await execBounded(
		o.mco,
		['ping', '--config', o.config, '-t', String(o.waitS), '--connection-timeout', String(connectS)],
		{timeoutMs: o.timeoutMs, signal: o.signal},
	);
	const replies: PingReply[] = [];
	for (const m of r.stdout.matchAll(/^(\S+)\s+time=([\d.]+) ms$/gm))
		replies.push({identity: m[1] ?? '', ms: Number(m[2])});
	const delivered = r.code === 0 || (r.code === 4 && /No responses received/.test(r.stdout));
	return {
		delivered,
		replies,
		ms: r.ms,
		exitCode: r.code,
		timedOut: r.timedOut,
		events: classifyMcoLog(r.stderr),
		...(delivered
			? {}
			: {
					error: r.spawnError
						? `${o.mco}: ${r.spawnError}`
						: r.timedOut
							? `no answer within ${o.timeoutMs} ms`
							: lastError(r.stderr),
				}),
	};
}

export async function mcoRpcCli(
	o: Common & {
		readonly agent: string;
		readonly action: string;
		readonly args?: Readonly<Record<string, string>>;
		readonly identity?: string;
		readonly discoveryS?: number;
	},
): Promise<RpcOutcome> {
	const args = ['rpc', o.agent, o.action, '--config', o.config, '--json', '--dt', String(o.discoveryS ?? 2)];
	if (o.identity) args.push('-I', o.identity);
	for (const [k, v] of Object.entries(o.args ?? {})) args.push(`${k}=${v}`);
	args.push('--connection-timeout', String(Math.max(1, Math.floor(o.timeoutMs / 2000))));
	const r = await execBounded(o.mco, args, {timeoutMs: o.timeoutMs, signal: o.signal});
	let replies: RpcReply[] = [];
	try {
		const start = r.stdout.indexOf('[');
		if (start >= 0) replies = JSON.parse(r.stdout.slice(start)) as RpcReply[];
	} catch {
		replies = [];
	}
	const nothingDiscovered = /did not discover any nodes/.test(r.stdout + r.stderr);
	const ok = r.code === 0 && replies.length > 0;
	return {
		ok,
		replies,
		ms: r.ms,
		exitCode: r.code,
		timedOut: r.timedOut,
		nothingDiscovered,
		events: classifyMcoLog(r.stderr),
		...(ok
			? {}
			: {
					error: r.spawnError
						? `${o.mco}: ${r.spawnError}`
						: r.timedOut
							? `no answer within ${o.timeoutMs} ms`
							: lastError(r.stderr + r.stdout),
				}),
	};
}

/**
 * `mco rpc` through the real client binary, always bounded (mco's activemq connector would retry
 * forever, F4). Used where the wizard needs MCollective's own behaviour end to end (agent
 * discovery, DDL validation); pings go through the native client (mco-client.ts).
 */
import {classifyMcoLog, type McoLogEvent} from '../core/log-classify.js';
import {execBounded} from './exec.js';

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
	/**
	 * The mco program itself could not be started (ENOENT: not installed, or not on PATH): nothing
	 * was asked of any node, so no node or agent verdict may be drawn from this outcome.
	 */
	readonly programMissing?: boolean;
};

export type RpcCliOptions = {
	/** The mco program (path or name on PATH). */
	readonly mco: string;
	/** client.cfg, passed as --config. */
	readonly config: string;
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
	readonly agent: string;
	readonly action: string;
	readonly args?: Readonly<Record<string, string>>;
	/** -I: ask this node only. */
	readonly identity?: string;
	/** --dt, seconds (default 2). */
	readonly discoveryS?: number;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ANSI = /\u001b\[[0-9;]*m/g;
const lastError = (stderr: string) =>
	/failed to run, use -v for full error (?:backtrace )?details: (.*)$/m
		.exec(stderr.replace(ANSI, ''))?.[1]
		?.trim() || stderr.replace(ANSI, '').trim().split('\n').at(-1);

export async function mcoRpcCli(o: RpcCliOptions): Promise<RpcOutcome> {
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
		...(r.spawnError === 'ENOENT' ? {programMissing: true} : {}),
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

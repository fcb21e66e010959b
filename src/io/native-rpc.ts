/**
 * `mco rpc` as the agent landmark asks it (RpcCliOptions → RpcOutcome, the shape mco-cli.ts reads
 * from `mco rpc --json`), answered by the native client (mco-client.ts, as `mco-wizard rpc` does)
 * instead of the Ruby `mco` program. The practice range uses it: a laptop with only Node.js has no
 * `mco`, and the range must go green there.
 */
import {toPlain} from '../mcollective/marshal.js';
import type {RpcCliOptions, RpcOutcome, RpcReply} from './mco-cli.js';
import {mcoRpc} from './mco-client.js';
import {loadMcoConfig} from './mco-config-file.js';

/** The part of the budget the request leaves for its replies once discovery has had its share. */
const MIN_REPLY_WAIT_MS = 1000;

export async function nativeRpc(o: RpcCliOptions): Promise<RpcOutcome> {
	const started = performance.now();
	const ms = () => Math.round(performance.now() - started);
	const failed = (error: string): RpcOutcome => ({
		ok: false,
		replies: [],
		ms: ms(),
		error,
		exitCode: 1,
		timedOut: false,
		nothingDiscovered: false,
		events: [],
	});
	let settings: Awaited<ReturnType<typeof loadMcoConfig>>['config'];
	try {
		// as mco loads its client.cfg: the file, its plugin.d/, MCOLLECTIVE_* from the environment
		settings = (await loadMcoConfig(o.config, process.env)).config;
	} catch (error) {
		return failed(`cannot read ${o.config}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
	const discoveryMs = (o.discoveryS ?? 2) * 1000;
	const result = await mcoRpc(settings, o.agent, o.action, o.args ?? {}, {
		// the whole call stays within timeoutMs, as the bounded `mco` run does
		timeoutMs: Math.max(MIN_REPLY_WAIT_MS, o.timeoutMs - (o.identity ? 0 : discoveryMs)),
		discoveryTimeoutMs: discoveryMs,
		connectTimeoutMs: Math.max(MIN_REPLY_WAIT_MS, Math.floor(o.timeoutMs / 2)),
		identities: o.identity ? [o.identity] : [],
		signal: o.signal,
	});
	const replies: RpcReply[] = result.replies.map((r) => {
		const data = r.data === undefined ? {} : toPlain(r.data);
		return {
			sender: r.identity,
			statuscode: r.statuscode ?? 0,
			statusmsg: r.statusmsg ?? 'OK',
			data:
				data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as RpcReply['data']) : {},
		};
	});
	const nothingDiscovered = !result.failure && (result.discovered?.length ?? 0) === 0;
	const ok = !result.failure && replies.length > 0;
	const silent = result.missing.length > 0 ? `no answer from ${result.missing.join(', ')}` : undefined;
	return {
		ok,
		replies,
		ms: ms(),
		exitCode: ok ? 0 : 1,
		timedOut: false,
		nothingDiscovered,
		// the native client writes no log: mco's stderr events have no counterpart here
		events: [],
		...(ok
			? {}
			: {
					error: result.failure
						? `${result.failure.phase}: ${result.failure.brokerMessage ?? result.failure.detail}`
						: nothingDiscovered
							? 'No request sent, we did not discover any nodes.'
							: (silent ?? 'no reply'),
				}),
	};
}

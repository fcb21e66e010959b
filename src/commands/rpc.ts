import {fdWriter} from '../io/fd-writer.js';
import {mcoRpc} from '../io/mco-client.js';
import {typeArgument} from '../mcollective/ddl.js';
import type {MarshalInput} from '../mcollective/marshal.js';
import {
	EXIT,
	exitCodeFor,
	exitOnUsageError,
	failureLines,
	findAgentDdl,
	formatRpc,
	loadClientSettings,
	type McoCommandOptions,
	nodeVerdictFor,
	outputGuard,
	resultJson,
	silenceHints,
	verdictLines,
} from './mco-output.js';

export type RpcOptions = McoCommandOptions & {
	readonly timeout?: number;
	readonly discoveryTimeout?: number;
};

/** `k=v` pairs → typed arguments; an error text for a malformed pair. */
export function parseRpcArgs(
	pairs: readonly string[],
	types: ReadonlyMap<string, string>,
): {args: Map<string, MarshalInput>} | {error: string} {
	const args = new Map<string, MarshalInput>();
	for (const pair of pairs) {
		const match = /^(\w+)=(.*)$/s.exec(pair);
		if (!match?.[1]) return {error: `could not parse argument '${pair}': use key=value`};
		const typed = typeArgument(match[2] ?? '', types.get(match[1]));
		if ('error' in typed)
			return {error: `argument ${match[1]}: ${typed.error} (the DDL says ${types.get(match[1])})`};
		args.set(match[1], typed.value);
	}
	return {args};
}

/**
 * `mco-wizard rpc` with its parsed operands and options, on the process's streams and exit code:
 * the action commander calls (rpc-command.ts), and src/io/fast-command.ts when it parsed argv
 * without it. Straight to fd 1/2 like ping (src/io/fd-writer.ts): no stream for a plain write.
 */
export async function rpcAction(
	agent: string,
	action: string,
	pairs: readonly string[],
	opts: RpcOptions,
): Promise<void> {
	const [out, err] = [fdWriter(1), fdWriter(2)];
	process.exitCode = await runRpc(
		agent,
		action,
		pairs,
		opts,
		(t) => out(`${t}\n`),
		(t) => err(`${t}\n`),
	);
}

export function runRpc(
	agent: string,
	action: string,
	pairs: readonly string[],
	opts: RpcOptions,
	out: (t: string) => void,
	err: (t: string) => void,
): Promise<number> {
	return exitOnUsageError('rpc', err, () => rpc(agent, action, pairs, opts, out, err));
}

async function rpc(
	agent: string,
	action: string,
	pairs: readonly string[],
	opts: RpcOptions,
	rawOut: (t: string) => void,
	rawErr: (t: string) => void,
): Promise<number> {
	const settings = await loadClientSettings(opts.config);
	const {json, out, err} = await outputGuard(settings, [opts.config, opts.serverConfig], rawOut, rawErr);
	if (!/^\w+$/.test(agent) || !/^\w+$/.test(action)) {
		err(`mco-wizard rpc: agent and action must be words, got '${agent}' '${action}'`);
		return EXIT.usage;
	}
	const ddl = await findAgentDdl(settings, agent, action);
	const parsed = parseRpcArgs(pairs, new Map((ddl.action?.inputs ?? []).map((i) => [i.name, i.type])));
	if ('error' in parsed) {
		err(`mco-wizard rpc: ${parsed.error}`);
		return EXIT.usage;
	}
	const discoveryS = opts.discoveryTimeout ?? settings.discoveryTimeout ?? 2;
	// mco: agent DDL timeout (default 10) + discovery timeout when -t is left alone (rpc/client.rb:104).
	const timeoutS = opts.timeout ?? (ddl.timeout ?? 10) + discoveryS;
	const identities = opts.identity ?? [];
	const skipsDiscovery = identities.length > 0 && identities.every((i) => !/^\/.*\/$/.test(i));
	let rpcStarted = performance.now();
	const result = await mcoRpc(settings, agent, action, parsed.args, {
		timeoutMs: timeoutS * 1000,
		discoveryTimeoutMs: discoveryS * 1000,
		connectTimeoutMs: opts.connectTimeout === undefined ? undefined : opts.connectTimeout * 1000,
		expect: opts.expect,
		identities,
		collective: opts.target,
		onDiscovered: (nodes) => {
			rpcStarted = performance.now();
			if (!opts.json && !skipsDiscovery) {
				err(`Discovering hosts using the mc method for ${discoveryS} second(s) .... ${nodes.length}`);
			}
		},
	});
	const rpcMs = performance.now() - rpcStarted;
	const code = exitCodeFor(result, result.discovered?.length ?? 1);
	const verdict = await nodeVerdictFor(result, settings, opts.serverConfig);
	if (opts.json) {
		json(
			resultJson('rpc', result, code, {
				config: opts.config,
				agent,
				action,
				collective: opts.target ?? settings.mainCollective,
			}),
		);
		return code;
	}
	if (result.failure && result.replies.length === 0) {
		err(`mco-wizard rpc: ${failureLines(result.failure).join('\n')}`);
		return code;
	}
	if ((result.discovered?.length ?? 0) === 0) {
		err('\nNo request sent, we did not discover any nodes.');
		for (const line of [...silenceHints(result, settings), ...verdictLines(verdict)]) err(line);
		return code;
	}
	out(formatRpc(result, ddl.action, rpcMs));
	for (const line of [...silenceHints(result, settings), ...verdictLines(verdict)]) err(line);
	return code;
}

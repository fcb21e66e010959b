/**
 * `mco-wizard rpc AGENT ACTION k=v... -c client.cfg [-I identity] [--timeout S] [--json]`: what
 * `mco rpc` does, natively: mc discovery (skipped for plain -I identities), then the request,
 * direct to each node (≤ direct_addressing_threshold) or broadcast. Arguments are typed by the
 * agent's DDL when one is found (integer/number/float/boolean), else sent as Strings like mco.
 * Output as mco's (discovery line on stderr); exit codes: see EXIT in mco-output.ts.
 */
import {type Command, Option} from 'commander';
import {mcoRpc} from '../io/mco-client.js';
import {typeArgument} from '../mcollective/ddl.js';
import type {MarshalInput} from '../mcollective/marshal.js';
import {
	count,
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
	seconds,
	silenceHints,
	verdictLines,
	withConnectionOptions,
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

export function register(program: Command): void {
	withConnectionOptions(program.command('rpc'))
		.description('Call an agent action like `mco rpc AGENT ACTION k=v`, natively (no Ruby)')
		.argument('<agent>', 'agent name, e.g. rpcutil or openshift')
		.argument('<action>', 'action name, e.g. ping or echo')
		.argument('[args...]', 'key=value arguments (typed by the agent DDL when found)')
		.addOption(
			new Option('-t, --timeout <seconds>', 'RPC reply wait (default: DDL timeout + discovery)').argParser(
				seconds,
			),
		)
		.addOption(
			new Option(
				'--dt, --discovery-timeout <seconds>',
				'discovery wait (default: discovery_timeout or 2)',
			).argParser(seconds),
		)
		.addOption(
			new Option('--expect <n>', 'end discovery as soon as this many nodes answered').argParser(count),
		)
		.option('-I, --identity <id...>', 'only these nodes (plain names skip discovery, like mco)')
		.action(async (agent: string, action: string, args: string[], opts: RpcOptions) => {
			process.exitCode = await runRpc(
				agent,
				action,
				args,
				opts,
				(t) => process.stdout.write(`${t}\n`),
				(t) => process.stderr.write(`${t}\n`),
			);
		});
}

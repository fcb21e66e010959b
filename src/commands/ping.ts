/**
 * `mco-wizard ping -c client.cfg [--timeout S] [--expect N] [-I id] [-A agent] [--json]`: what
 * `mco ping` does, in Node, without Ruby. Output is mco's on stdout; explanations go to stderr.
 * Unlike mco it returns as soon as `--expect` nodes (or the `-I` identities) have answered.
 * Exit codes: see EXIT in mco-output.ts.
 */
import {type Command, Option} from 'commander';
import {mcoPing} from '../io/mco-client.js';
import {
	clockProbeFor,
	clockProbeLines,
	count,
	exitCodeFor,
	exitOnUsageError,
	failureLines,
	formatPing,
	loadClientSettings,
	nodeVerdictFor,
	outputGuard,
	resultJson,
	seconds,
	silenceHints,
	verdictLines,
} from './mco-output.js';

export type PingOptions = {
	readonly config: string;
	readonly timeout: number;
	readonly expect?: number;
	readonly identity?: string[];
	readonly agent?: string[];
	readonly connectTimeout?: number;
	readonly json?: boolean;
	readonly serverConfig?: string;
	readonly target?: string;
};

export function runPing(
	opts: PingOptions,
	out: (t: string) => void,
	err: (t: string) => void,
): Promise<number> {
	return exitOnUsageError('ping', err, () => ping(opts, out, err));
}

async function ping(
	opts: PingOptions,
	rawOut: (t: string) => void,
	rawErr: (t: string) => void,
): Promise<number> {
	const settings = await loadClientSettings(opts.config);
	const {json, out, err} = await outputGuard(settings, [opts.config, opts.serverConfig], rawOut, rawErr);
	const identities = opts.identity ?? [];
	const plain = identities.filter((i) => !/^\/.*\/$/.test(i));
	const expect = opts.expect ?? (plain.length > 0 && plain.length === identities.length ? plain : undefined);
	const result = await mcoPing(settings, {
		timeoutMs: opts.timeout * 1000,
		connectTimeoutMs: opts.connectTimeout === undefined ? undefined : opts.connectTimeout * 1000,
		expect,
		identities,
		agents: opts.agent,
		collective: opts.target,
	});
	const expectedCount = typeof expect === 'number' ? expect : (expect?.length ?? 1);
	const code = exitCodeFor(result, expectedCount);
	const clockProbe = await clockProbeFor(result, settings, {
		timeoutS: opts.timeout,
		identities: plain.length === identities.length ? plain : undefined,
		collective: opts.target,
	});
	const verdict = await nodeVerdictFor(result, settings, opts.serverConfig);
	if (opts.json) {
		json(
			resultJson('ping', result, code, {
				config: opts.config,
				collective: opts.target ?? settings.mainCollective,
				nodeVerdict: verdict ?? null,
				clockProbe: clockProbe ?? null,
			}),
		);
		return code;
	}
	if (result.failure && result.replies.length === 0) {
		err(`mco-wizard ping: ${failureLines(result.failure).join('\n')}`);
		return code;
	}
	out(formatPing(result.replies));
	for (const line of [
		...silenceHints(result, settings),
		...clockProbeLines(clockProbe, settings.ttl),
		...verdictLines(verdict),
	]) {
		err(line);
	}
	if (typeof expect === 'number' && result.replies.length < expect) {
		err(`expected ${expect} replies, got ${result.replies.length} within ${opts.timeout} s`);
	}
	if (result.missing.length > 0) err(`no reply from: ${result.missing.join(', ')}`);
	return code;
}

export function register(program: Command): void {
	program
		.command('ping')
		.description(
			'Discover MCollective nodes like `mco ping`, natively (no Ruby); stops once --expect nodes answered',
		)
		.requiredOption('-c, --config <file>', 'client.cfg to use')
		.addOption(
			new Option('-t, --timeout <seconds>', 'how long to wait for replies').argParser(seconds).default(5),
		)
		.addOption(new Option('--expect <n>', 'finish as soon as this many nodes answered').argParser(count))
		.option('-I, --identity <id...>', 'only nodes with this identity (or /regex/)')
		.option('-A, --agent <agent...>', 'only nodes that have this agent')
		.addOption(
			new Option(
				'--connect-timeout <seconds>',
				'TCP+TLS+STOMP login bound (default: connection_timeout or 5)',
			).argParser(seconds),
		)
		.option(
			'--server-config <file>',
			"node's server.cfg, if readable here: explains a silent node by replaying its checks",
		)
		.option('--json', 'print one JSON object (no secrets)')
		.action(async (opts: PingOptions) => {
			process.exitCode = await runPing(
				opts,
				(t) => process.stdout.write(`${t}\n`),
				(t) => process.stderr.write(`${t}\n`),
			);
		});
}

/**
 * `mco-wizard ping -c client.cfg [--timeout S] [--expect N] [-I id] [-A agent] [--json]`: what
 * `mco ping` does, in Node, without Ruby. Output is mco's on stdout; explanations go to stderr.
 * Unlike mco it returns as soon as `--expect` nodes (or the `-I` identities) have answered.
 * Exit codes: see EXIT in mco-output.ts.
 */
import {readFile} from 'node:fs/promises';
import {
	FLEET_SUMMARY_FROM,
	formatFleetSummary,
	parseIdentityList,
	summarizeFleet,
} from '../core/fleet-summary.js';
import {fdWriter} from '../io/fd-writer.js';
import {mcoPing} from '../io/mco-client.js';
import {
	clockProbeFor,
	clockProbeLines,
	exitCodeFor,
	exitOnUsageError,
	failureLines,
	formatPing,
	loadClientSettings,
	type McoCommandOptions,
	nodeVerdictFor,
	outputGuard,
	resultJson,
	silenceHints,
	UsageError,
	verdictLines,
} from './mco-output.js';

export type PingOptions = McoCommandOptions & {
	readonly timeout: number;
	/** A file of identities (one a line): finish when all of them answered, name the silent. */
	readonly expectFile?: string;
	readonly agent?: string[];
};

/**
 * `mco-wizard ping` with its parsed options, on the process's streams and exit code: the action
 * commander calls (ping-command.ts), and src/io/fast-command.ts when it parsed argv without it.
 */
export async function pingAction(opts: PingOptions): Promise<void> {
	const [out, err] = [fdWriter(1), fdWriter(2)];
	process.exitCode = await runPing(
		opts,
		(t) => out(`${t}\n`),
		(t) => err(`${t}\n`),
	);
}

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
	const listed = opts.expectFile === undefined ? undefined : await identitiesFrom(opts.expectFile);
	const expect =
		listed ?? opts.expect ?? (plain.length > 0 && plain.length === identities.length ? plain : undefined);
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
	const fleet = result.replies.length > FLEET_SUMMARY_FROM || expectedCount > FLEET_SUMMARY_FROM;
	out(
		fleet
			? formatFleetSummary(summarizeFleet(result.replies, {expected: expect}))
			: formatPing(result.replies),
	);
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
	// A fleet's silent nodes are named (at most 20) in its summary above.
	if (result.missing.length > 0 && !fleet) err(`no reply from: ${result.missing.join(', ')}`);
	return code;
}

async function identitiesFrom(path: string): Promise<string[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read --expect-file ${path}: ${(error as Error).message}`);
	}
	const identities = parseIdentityList(text);
	if (identities.length === 0) throw new UsageError(`--expect-file ${path} names no identity`);
	return identities;
}

/**
 * A subcommand's options parsed without commander: the spec is made at build time from the one
 * program definition (src/fast-args-spec.ts → dist/args.json), the parse is node's own
 * `util.parseArgs`. It answers only what it is sure commander would answer the same (the test
 * test/core/fast-args.test.ts compares the two on a corpus); anything else, undefined, and
 * commander parses argv as before, with its own messages and exit codes.
 */
import {parseArgs} from 'node:util';
import {countValue, MAX_WAIT_SECONDS, secondsValue} from './option-values.js';

/** The subcommands launched without commander when their argv is plain enough. */
export const FAST_ARG_COMMANDS = ['ping'] as const;

/** How an option's value is read: as it is, or by one of the known commander argParsers. */
export type FastValueKind = 'string' | 'seconds' | 'count';

export type FastOption = {
	/** commander's attributeName(): the key in the options the action receives. */
	readonly attribute: string;
	/** Without its dashes: `expect-file`. */
	readonly long: string;
	/** One letter, without its dash. */
	readonly short?: string;
	/** Absent: a boolean flag. */
	readonly value?: FastValueKind;
	readonly variadic: boolean;
	/** A requiredOption: missing, commander errors. */
	readonly mandatory: boolean;
	readonly default?: string | number | boolean;
};

export type FastCommandSpec = {readonly options: readonly FastOption[]};
export type FastArgSpecs = Readonly<Record<string, FastCommandSpec>>;

const HELP_FLAGS = new Set(['--help', '-h']);

function readValue(kind: FastValueKind, raw: string): string | number | undefined {
	if (kind === 'seconds') return secondsValue(raw, MAX_WAIT_SECONDS);
	if (kind === 'count') return countValue(raw);
	return raw;
}

/**
 * The options commander's action would receive for `args` (argv after the subcommand's name), or
 * undefined when commander must answer: an unknown option, an operand, a missing or ambiguous
 * value, an invalid number, a missing required option, a help flag.
 */
export function fastParse(
	args: readonly string[],
	spec: FastCommandSpec,
): Record<string, unknown> | undefined {
	if (args.some((a) => HELP_FLAGS.has(a))) return undefined;
	const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple: true}> = {};
	for (const o of spec.options) {
		// Every option collects all its occurrences: commander reads each (an invalid first
		// `-t x -t 5` is its error), and only a variadic one keeps them all.
		options[o.long] = {
			type: o.value ? 'string' : 'boolean',
			multiple: true,
			...(o.short ? {short: o.short} : {}),
		};
	}
	let values: Record<string, (string | boolean)[] | undefined>;
	try {
		values = parseArgs({args: [...args], options, strict: true, allowPositionals: false})
			.values as typeof values;
	} catch {
		return undefined;
	}
	const opts: Record<string, unknown> = {};
	for (const o of spec.options) {
		const given = values[o.long];
		if (given === undefined || given.length === 0) {
			if (o.mandatory) return undefined;
			if (o.default !== undefined) opts[o.attribute] = o.default;
			continue;
		}
		if (!o.value) {
			opts[o.attribute] = true;
			continue;
		}
		const read = given.map((raw) => readValue(o.value ?? 'string', String(raw)));
		if (read.some((v) => v === undefined)) return undefined;
		opts[o.attribute] = o.variadic ? read : read[read.length - 1];
	}
	return opts;
}

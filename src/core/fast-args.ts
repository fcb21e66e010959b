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
export const FAST_ARG_COMMANDS = ['ping', 'rpc'] as const;

/** How an option's value is read: as it is, or by one of the known commander argParsers. */
export type FastValueKind = 'string' | 'seconds' | 'count';

export type FastOption = {
	/** commander's attributeName(): the key in the options the action receives. */
	readonly attribute: string;
	/** Without its dashes: `expect-file`. */
	readonly long: string;
	/** One letter, without its dash. */
	readonly short?: string;
	/** A second long name, without its dashes: commander's `--dt` in `--dt, --discovery-timeout`. */
	readonly alias?: string;
	/** Absent: a boolean flag. */
	readonly value?: FastValueKind;
	readonly variadic: boolean;
	/** A requiredOption: missing, commander errors. */
	readonly mandatory: boolean;
	readonly default?: string | number | boolean;
};

/** A plain commander argument: `<agent>` (required), `[args...]` (variadic), no parser or default. */
export type FastOperand = {readonly name: string; readonly required: boolean; readonly variadic: boolean};

export type FastCommandSpec = {
	readonly options: readonly FastOption[];
	readonly operands?: readonly FastOperand[];
};
export type FastArgSpecs = Readonly<Record<string, FastCommandSpec>>;

/** What commander's action receives: its operands in order (a variadic one as an array), then the options. */
export type FastParsed = {
	readonly operands: readonly (string | readonly string[])[];
	readonly opts: Record<string, unknown>;
};

const HELP_FLAGS = new Set(['--help', '-h']);

function readValue(kind: FastValueKind, raw: string): string | number | undefined {
	if (kind === 'seconds') return secondsValue(raw, MAX_WAIT_SECONDS);
	if (kind === 'count') return countValue(raw);
	return raw;
}

/**
 * The operands and options commander's action would receive for `args` (argv after the
 * subcommand's name), or undefined when commander must answer: an unknown option, a missing or
 * ambiguous value, an invalid number, a missing required option or operand, an operand too many,
 * a help flag, `--`, an operand that starts with `-`, and any operand after a variadic option's
 * value (commander would add it to the option: `-I a b`).
 */
export function fastParse(args: readonly string[], spec: FastCommandSpec): FastParsed | undefined {
	if (args.some((a) => HELP_FLAGS.has(a))) return undefined;
	const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple: true}> = {};
	/** parseArgs' name (a long name or an alias) → the option. */
	const byName = new Map<string, FastOption>();
	for (const o of spec.options) {
		// Every option collects all its occurrences: commander reads each (an invalid first
		// `-t x -t 5` is its error), and only a variadic one keeps them all.
		const type = o.value ? 'string' : 'boolean';
		options[o.long] = {type, multiple: true, ...(o.short ? {short: o.short} : {})};
		byName.set(o.long, o);
		if (o.alias) {
			options[o.alias] = {type, multiple: true};
			byName.set(o.alias, o);
		}
	}
	const operandSpecs = spec.operands ?? [];
	let tokens: readonly Token[];
	let positionals: string[];
	try {
		const parsed = parseArgs({
			args: [...args],
			options,
			strict: true,
			allowPositionals: operandSpecs.length > 0,
			tokens: true,
		});
		tokens = parsed.tokens;
		positionals = parsed.positionals;
	} catch {
		return undefined;
	}
	if (!plainOperands(tokens, byName)) return undefined;
	const operands = readOperands(positionals, operandSpecs);
	if (!operands) return undefined;
	// In argv's order, so that `--dt 1 --discovery-timeout 2` keeps the last one as commander does.
	const given = new Map<FastOption, string[]>();
	for (const t of tokens) {
		const o = t.kind === 'option' ? byName.get(t.name ?? '') : undefined;
		if (o) given.set(o, [...(given.get(o) ?? []), t.value ?? '']);
	}
	const opts: Record<string, unknown> = {};
	for (const o of spec.options) {
		const raws = given.get(o);
		if (raws === undefined) {
			if (o.mandatory) return undefined;
			if (o.default !== undefined) opts[o.attribute] = o.default;
			continue;
		}
		if (!o.value) {
			opts[o.attribute] = true;
			continue;
		}
		const read = raws.map((raw) => readValue(o.value ?? 'string', raw));
		if (read.some((v) => v === undefined)) return undefined;
		opts[o.attribute] = o.variadic ? read : read[read.length - 1];
	}
	return {operands, opts};
}

type Token = {
	readonly kind: 'option' | 'positional' | 'option-terminator';
	readonly name?: string;
	readonly value?: string;
};

/**
 * Operands commander reads as operands too: none after `--`, none that starts with `-` (commander
 * may take a negative number as one), none right after a variadic option's value, which
 * commander would add to that option until the next option.
 */
function plainOperands(tokens: readonly Token[], byName: ReadonlyMap<string, FastOption>): boolean {
	let afterVariadic = false;
	for (const t of tokens) {
		if (t.kind === 'option-terminator') return false;
		if (t.kind === 'option') {
			afterVariadic = byName.get(t.name ?? '')?.variadic === true;
			continue;
		}
		if (afterVariadic || (t.value ?? '').startsWith('-')) return false;
	}
	return true;
}

/** Positionals as commander's arguments: undefined when one is missing or one is too many. */
function readOperands(
	positionals: readonly string[],
	specs: readonly FastOperand[],
): (string | readonly string[])[] | undefined {
	const operands: (string | readonly string[])[] = [];
	let i = 0;
	for (const o of specs) {
		if (o.variadic) {
			operands.push(positionals.slice(i));
			i = positionals.length;
		} else if (i < positionals.length) {
			operands.push(positionals[i++] as string);
		} else {
			// Missing: commander's error, or an optional operand it leaves undefined (none yet).
			return undefined;
		}
	}
	return i === positionals.length ? operands : undefined;
}

/**
 * `--help` without commander: which launches have a help text made at build time
 * (scripts/build.mjs → dist/help.json, from src/help-texts.ts) and which text they print.
 * Commander's own help stays the reference: test/io/fast-help.test.ts compares the two.
 */

/** The width commander wraps to when stdout is not a terminal; the texts are made at it. */
export const HELP_WIDTH = 80;

/** Every subcommand: each one's help is known at build time, but for the values below. */
export const FAST_HELP_COMMANDS = [
	'wizard',
	'check',
	'ping',
	'rpc',
	'practice',
	'broker',
	'lint',
	'export',
	'report',
] as const;

/**
 * What a help text may name that is read from the environment when the program is built (the
 * wizard's and export's default progress file, under HOME): the build-time text holds a
 * placeholder, the launch puts its own value in. Commander prints each on a line of its own
 * (src/commands/options.ts withValueLine), so no wrapping depends on the value's length.
 */
export const HELP_VALUES = ['progressPath'] as const;
export type HelpValues = Readonly<Record<(typeof HELP_VALUES)[number], string>>;

/** The placeholder for `name` in dist/help.json. */
export function helpPlaceholder(name: (typeof HELP_VALUES)[number]): string {
	return `{{${name}}}`;
}

/** The help texts by launch: '' is the program's own `--help`, else a subcommand's name. */
export type HelpTexts = {readonly width: number; readonly texts: Readonly<Record<string, string>>};

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * The key of the help text `args` (argv after the script) asks for, or undefined when commander
 * must answer: only `--help`/`-h` alone or after one fast subcommand, anything else (another
 * flag, an operand, `help ping`) is commander's to parse.
 */
export function fastHelpKey(args: readonly string[]): string | undefined {
	const [first, second] = args;
	if (args.length === 1 && first !== undefined && HELP_FLAGS.has(first)) return '';
	if (args.length === 2 && second !== undefined && HELP_FLAGS.has(second)) {
		return (FAST_HELP_COMMANDS as readonly string[]).includes(first ?? '') ? first : undefined;
	}
	return undefined;
}

/**
 * The text to print, or undefined when commander must answer (no text, or another width). `values`
 * is asked for only when the text names one, and is this launch's (what commander would print).
 */
export function fastHelpText(
	args: readonly string[],
	help: HelpTexts,
	terminalColumns: number | undefined,
	values: () => HelpValues,
): string | undefined {
	const key = fastHelpKey(args);
	if (key === undefined) return undefined;
	// Commander wraps to a terminal's width: only at the width the texts were made for are they its.
	if (terminalColumns !== undefined && terminalColumns !== help.width) return undefined;
	let text = help.texts[key];
	if (text === undefined || !text.includes('{{')) return text;
	const now = values();
	for (const name of HELP_VALUES) {
		// a line break in the value is indented by commander: too rare to copy, it answers itself
		if (/[\r\n]/.test(now[name])) return undefined;
		text = text.replaceAll(helpPlaceholder(name), () => now[name]);
	}
	return text;
}

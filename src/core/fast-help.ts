/**
 * `--help` without commander: which launches have a help text made at build time
 * (scripts/build.mjs → dist/help.json, from src/help-texts.ts) and which text they print.
 * Commander's own help stays the reference: test/cli/fast-help.test.ts compares the two.
 */

/** The width commander wraps to when stdout is not a terminal; the texts are made at it. */
export const HELP_WIDTH = 80;

/**
 * The subcommands whose help is the same whatever the environment. Not `wizard` and `export`:
 * their help names a default path read from HOME/XDG_STATE_HOME when the program is built.
 */
export const FAST_HELP_COMMANDS = ['check', 'ping', 'rpc', 'practice', 'broker', 'lint', 'report'] as const;

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

/** The text to print, or undefined when commander must answer (no text, or another width). */
export function fastHelpText(
	args: readonly string[],
	help: HelpTexts,
	terminalColumns: number | undefined,
): string | undefined {
	const key = fastHelpKey(args);
	if (key === undefined) return undefined;
	// Commander wraps to a terminal's width: only at the width the texts were made for are they its.
	if (terminalColumns !== undefined && terminalColumns !== help.width) return undefined;
	return help.texts[key];
}

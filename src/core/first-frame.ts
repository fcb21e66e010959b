/**
 * The wizard's "app shell": what is drawn on the terminal before Ink and React have loaded
 * (~+170 ms CPU for Ink alone, more for the first screen; README "Benchmarks"). Pure decisions
 * only; src/io/first-frame-shell.ts does the writing. The frame shown is the exact frame Ink drew
 * last time for the same launch (cached, keyed by launchKeyParts), or a few plain lines from
 * content/shell.md; Ink's first frame then replaces it in place.
 */

/** The wizard's own options (src/commands/wizard-command.ts): those taking a value, and flags. */
const VALUE_OPTIONS = new Set(['--step', '--answers', '--role', '--config-dir', '--state']);
const FLAG_OPTIONS = new Set(['--dry-run', '--no-color']);

/**
 * `practice` starts the range and the wizard on it: a shell for it too ("starts in well under a
 * second", issue 11), but only with the options that end in the wizard — --list, --brief,
 * --no-wizard, --broker and the rest print or do something else first.
 */
const PRACTICE_VALUE_OPTIONS = new Set(['--scenario', '--dir']);
const PRACTICE_FLAG_OPTIONS = new Set(['--wizard']);

/**
 * A launch of the interactive wizard, with the files that decide its first screen; `practice`
 * when it runs on a practice range (its progress lives in the range's directory, `dir`).
 */
export type WizardLaunch = {
	readonly state?: string;
	readonly answers?: string;
	readonly practice?: {readonly dir?: string};
};

/**
 * The values of a command's options, when every argument is one of `values` (`--x v`, `--x=v`,
 * each with a value) or `flags`; undefined on anything else.
 */
function knownOptions(
	args: readonly string[],
	values: ReadonlySet<string>,
	flags: ReadonlySet<string>,
): Map<string, string> | undefined {
	const seen = new Map<string, string>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (flags.has(arg)) continue;
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		if (!values.has(name)) return undefined;
		const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
		if (value === undefined || value === '') return undefined;
		seen.set(name, value);
	}
	return seen;
}

/**
 * The arguments (after `node cli.mjs`) when they can only start the wizard; undefined for any
 * other command, `--help`/`--version`, or anything not understood (commander then decides, and
 * no shell is drawn: a frame must never appear before a usage error or another command's output).
 */
export function wizardLaunch(args: readonly string[]): WizardLaunch | undefined {
	if (args[0] === 'practice') {
		const options = knownOptions(args.slice(1), PRACTICE_VALUE_OPTIONS, PRACTICE_FLAG_OPTIONS);
		if (!options) return undefined;
		const dir = options.get('--dir');
		return {practice: dir === undefined ? {} : {dir}};
	}
	const options = knownOptions(args[0] === 'wizard' ? args.slice(1) : args, VALUE_OPTIONS, FLAG_OPTIONS);
	if (!options) return undefined;
	const state = options.get('--state');
	const answers = options.get('--answers');
	return {...(state === undefined ? {} : {state}), ...(answers === undefined ? {} : {answers})};
}

/** What decides the first frame; src/io/first-frame-shell.ts hashes it (files by their content). */
export type LaunchKeyInput = {
	/** Identifies the bundle: a new build must never show the old build's frame. */
	readonly bundle: string;
	readonly columns: number;
	readonly rows: number;
	readonly args: readonly string[];
	/** Variables that change colours or the progress path. */
	readonly env: Readonly<Record<string, string | undefined>>;
	/** Digests of the progress file and answers file (null: absent), never their text. */
	readonly files: readonly (string | null)[];
};

const KEY_ENV = ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'COLORTERM', 'MCO_WIZARD_STATE', 'XDG_CONFIG_HOME'];

/**
 * The progress file as far as it decides a screen: every save stamps `updatedAt`, which no screen
 * shows, so a key over the raw file would never match the next launch.
 */
export function progressForKey(progressIni: string): string {
	return progressIni.replace(/^updatedAt\s*=.*$/gm, '');
}

/** The string that is hashed into the cache key. */
export function launchKeyText(input: LaunchKeyInput): string {
	const env = KEY_ENV.map((name) => input.env[name] ?? null);
	return JSON.stringify([input.bundle, input.columns, input.rows, input.args, env, input.files]);
}

/**
 * The escape sequence log-update (Ink) itself writes to replace a frame of `lineCount` lines
 * (frame.split('\n').length) with the cursor just after it: erase each line going up, back to
 * column 1. Same as ansi-escapes' eraseLines, repeated here so the shell loads no package.
 */
export function eraseLines(lineCount: number): string {
	let out = '';
	for (let i = 0; i < lineCount; i++) out += `\u001B[2K${i < lineCount - 1 ? '\u001B[1A' : ''}`;
	return lineCount > 0 ? `${out}\u001B[G` : '';
}

/** How many lines log-update counts for a frame it wrote (it counts the split, trailing "" included). */
export function frameLineCount(frame: string): number {
	return frame.split('\n').length;
}

/**
 * A frame worth caching: Ink's frame write, no cursor shown at a position inside it (replaying
 * one would leave the cursor where the erase does not expect it).
 */
export function cacheableFrame(frame: string): boolean {
	return frame.length > 0 && !frame.includes('\u001B[?25h');
}

/** Ink's writes around a frame (synchronized-output brackets, cursor hide) pass through unchanged. */
export function isFrameBracket(chunk: string): boolean {
	return chunk === '\u001B[?2026h' || chunk === '\u001B[?2026l' || chunk === '\u001B[?25l';
}

/**
 * The plain first frame when nothing is cached (the first launch): content/shell.md's lines, the
 * "# " heading bold (unless colours are off), each cut to the terminal's width so no line wraps
 * and the erase count stays true. Ends with a newline, as Ink's frames do.
 */
export function plainFrame(markdown: string, columns: number, color: boolean): string {
	const width = Math.max(1, columns - 1);
	const lines = markdown
		.replace(/\r\n/g, '\n')
		.trim()
		.split('\n')
		.map((line) => {
			const heading = /^#+\s+(.*)$/.exec(line);
			const text = [...(heading ? (heading[1] ?? '') : line)].slice(0, width).join('');
			return heading && color ? `\u001B[1m${text}\u001B[22m` : text;
		});
	return `${lines.join('\n')}\n`;
}

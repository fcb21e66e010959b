/**
 * Prints `--help` from dist/help.json (written by scripts/build.mjs) before commander and the
 * program load: ~50 ms of start-up for a text known at build time. Without the file (running
 * from src/, or a build without it) or when anything differs, commander answers as before.
 */
import {readFileSync} from 'node:fs';
import {isatty} from 'node:tty';
import {fastHelpText, type HelpTexts} from '../core/fast-help.js';
import {fdWriter} from './fd-writer.js';
import {defaultProgressPath} from './progress-path.js';

/** Beside the bundle's chunks; this module is bundled into one of them. */
const HELP_FILE = new URL('help.json', import.meta.url);

function readHelpTexts(): HelpTexts | undefined {
	try {
		return JSON.parse(readFileSync(HELP_FILE, 'utf8')) as HelpTexts;
	} catch {
		return undefined;
	}
}

/** True when the help was printed (exit code 0, as commander's); false: let commander parse argv. */
export function printFastHelp(argv: readonly string[] = process.argv): boolean {
	const args = argv.slice(2);
	if (!args.some((a) => a === '--help' || a === '-h')) return false;
	const help = readHelpTexts();
	if (!help) return false;
	// Only a terminal's stream has columns; creating process.stdout just to ask a pipe costs time.
	const columns = isatty(1) ? process.stdout.columns : undefined;
	// the same values the program would read now (src/commands/wizard-command.ts, export-command.ts)
	const text = fastHelpText(args, help, columns, () => ({progressPath: defaultProgressPath()}));
	if (text === undefined) return false;
	fdWriter(1)(text);
	return true;
}

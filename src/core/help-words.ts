/**
 * The words of the command line's `--help`, from content/help.md: each command's description and
 * its options'. Pure: the caller passes the markdown. Read when the program is defined
 * (src/commands/*-command.ts), so dist/help.json, made at build time from the same program, holds
 * them too (scripts/build.mjs rebuilds when content/help.md changes).
 */
import {sectionText} from './content-words.js';

/** content/help.md */
export const HELP_CONTENT = 'help';

/** The sections of content/help.md the commands read (test/steps-content.test.ts keeps them exact). */
export const HELP_SECTIONS = [
	'check',
	'check-step',
	'check-role',
	'check-answers',
	'check-json',
	'check-timeout',
	'check-yes',
	'check-passphrase-file',
] as const;

export type HelpSection = (typeof HELP_SECTIONS)[number];

/** The one line of section `name`. */
export function helpWords(markdown: string, name: HelpSection): string {
	return sectionText(markdown, name);
}

/**
 * The check command's own words, from content/check.md. Pure: the caller passes the markdown.
 */
import {wordsFor} from './content-words.js';

/** content/check.md */
export const CHECK_CONTENT = 'check';

/** The sections of content/check.md the command reads (test/steps-content.test.ts keeps them exact). */
export const CHECK_SECTIONS = [
	'landmark',
	'passed',
	'failed',
	'failed-with',
	'not-here',
	'all-passed',
	'not-all-passed',
	'answers-unusable',
	'bundle',
] as const;

/** Section `name` of content/check.md, filled in. */
export function checkWords(
	words: string,
	name: (typeof CHECK_SECTIONS)[number],
	values: Readonly<Record<string, string | number>> = {},
): string {
	return wordsFor(words, name, values);
}

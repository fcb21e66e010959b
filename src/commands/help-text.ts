/**
 * The command line's help words (content/help.md through src/core/help-words.ts), read once per
 * start: every command is registered at every start (src/program.ts), so each reads from here.
 */
import {readContent} from '../content.js';
import {HELP_CONTENT, type HelpSection, helpSections, helpWords} from '../core/help-words.js';

let sections: ReadonlyMap<string, string> | undefined;

/** The one line of content/help.md's section `name`. */
export function say(name: HelpSection): string {
	sections ??= helpSections(readContent(HELP_CONTENT));
	return helpWords(sections, name);
}

/**
 * Labels and sentences read from a content/ file whose `## name` sections each hold one piece of
 * text (content/roles.md, content/debug-view.md, content/keys.md), filled in with this run's
 * values. Pure: the caller passes the markdown.
 */
import {contentSection} from './markdown.js';

/** A section's text without its heading; the name itself when the section is missing (never blank). */
export function sectionText(markdown: string, name: string): string {
	const section = contentSection(markdown, name);
	return section === undefined ? name : section.replace(/^##[^\n]*\n?/, '').trim();
}

/** `{key}` placeholders replaced; unknown keys stay as written so a typo shows. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
	return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) =>
		key in values ? String(values[key]) : whole,
	);
}

/** Section `name` of `markdown`, filled in with `values`. */
export function wordsFor(
	markdown: string,
	name: string,
	values: Readonly<Record<string, string | number>> = {},
): string {
	return fill(sectionText(markdown, name), values);
}

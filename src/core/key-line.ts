/**
 * Fits the key line (`key action · key action …`) into the terminal's width without cutting a
 * hint: the full words when they fit; else the shorter words content/keys.md gives; else those
 * with a narrower separator; else it breaks between hints onto more lines (a terminal narrower
 * than 80 columns). Pure: the caller passes the markdown.
 */
import {fill} from './content-words.js';
import {contentSection} from './markdown.js';

/**
 * A key and what it does. `action` is an id of content/keys.md's `## actions` list (filled in
 * with `values`), or words a screen already took from its own content file; `key` is shown as
 * `## key-names` says, or as written.
 */
export type Hint = readonly [key: string, action: string, values?: Readonly<Record<string, string | number>>];

export type KeyLine = {
	/** One or more lines of hints; at 80 columns and wider, always one. */
	readonly lines: readonly (readonly Hint[])[];
	readonly separator: string;
};

/** A full action (with `{name}` parts) and the shorter words that stand in for it. */
export type Shorter = {readonly full: RegExp; readonly short: string};

export const SEPARATOR = ' · ';
export const NARROW_SEPARATOR = '  ';

/** A `## name` list of content/keys.md: `- id: words` lines. */
function listOf(markdown: string, name: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const line of (contentSection(markdown, name) ?? '').split('\n')) {
		const item = /^- (.+?): (.+)$/.exec(line.trim());
		if (item?.[1] && item[2]) out.set(item[1], item[2]);
	}
	return out;
}

/**
 * Hints in content/keys.md's words: each action id replaced by its `## actions` words (filled
 * in), each key by its `## key-names` words. An action or key not listed stays as written.
 */
export function wordHints(hints: readonly Hint[], markdown: string): Hint[] {
	const actions = listOf(markdown, 'actions');
	const keys = listOf(markdown, 'key-names');
	return hints.map(([key, action, values]): Hint => {
		const words = actions.get(action);
		return [keys.get(key) ?? key, words === undefined ? action : fill(words, values ?? {})];
	});
}

/** The `## shorter` list of content/keys.md: `- full words: short words`, `{name}` carried over. */
export function parseShorter(markdown: string): Shorter[] {
	const out: Shorter[] = [];
	for (const line of (contentSection(markdown, 'shorter') ?? '').split('\n')) {
		const item = /^- (.+?): (.+)$/.exec(line.trim());
		if (!item?.[1] || !item[2]) continue;
		const pattern = item[1]
			.split(/(\{[a-zA-Z]+\})/)
			.map((part) =>
				/^\{[a-zA-Z]+\}$/.test(part)
					? `(?<${part.slice(1, -1)}>.+?)`
					: part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
			)
			.join('');
		out.push({full: new RegExp(`^${pattern}$`), short: item[2]});
	}
	return out;
}

/** The shorter words for `action`, or the action itself when content/keys.md has none. */
export function shorten(action: string, shorter: readonly Shorter[]): string {
	for (const s of shorter) {
		const m = s.full.exec(action);
		if (m) return s.short.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => m.groups?.[name] ?? whole);
	}
	return action;
}

// Hints are ASCII, arrows, dashes and middle dots: one column per code point (what Ink's
// string-width says of each), so no width library is needed here.
const width = (text: string) => [...text].length;
const lineWidth = (hints: readonly Hint[], separator: string) =>
	hints.reduce(
		(sum, [key, action], i) => sum + (i > 0 ? width(separator) : 0) + width(`${key} ${action}`),
		0,
	);

export function fitKeyLine(hints: readonly Hint[], columns: number, shorter: readonly Shorter[]): KeyLine {
	if (lineWidth(hints, SEPARATOR) <= columns) return {lines: [hints], separator: SEPARATOR};
	const short = hints.map(([key, action]): Hint => [key, shorten(action, shorter)]);
	if (lineWidth(short, SEPARATOR) <= columns) return {lines: [short], separator: SEPARATOR};
	if (lineWidth(short, NARROW_SEPARATOR) <= columns) return {lines: [short], separator: NARROW_SEPARATOR};
	const lines: Hint[][] = [];
	for (const hint of short) {
		const last = lines.at(-1);
		if (last && lineWidth([...last, hint], NARROW_SEPARATOR) <= columns) last.push(hint);
		else lines.push([hint]);
	}
	return {lines, separator: NARROW_SEPARATOR};
}

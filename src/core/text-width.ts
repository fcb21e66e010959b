/**
 * A fast path in front of `string-width`, the function Ink (and wrap-ansi, widest-line,
 * cli-truncate) calls to measure every line it lays out. The library segments graphemes and
 * tests Unicode-property regexes (RGI_Emoji among them) for any text that is not plain ASCII:
 * compiling those and segmenting the lesson texts was ~20 % of the time to the first frame.
 * Our text is ASCII plus a few punctuation, arrow, box and check-mark characters, every one of
 * them one column wide and never part of a multi-character cluster; for text made only of
 * those the width is the length. Anything else goes to the library, unchanged.
 * scripts/build.mjs puts this in front of each copy of string-width in the bundle;
 * test/core/text-width.test.ts checks every character of the class against both versions.
 */
import stripAnsi from 'strip-ansi';

/**
 * Characters of width 1 in string-width 7 and 8 alike that never join a neighbour into one
 * grapheme: printable ASCII, Latin-1 and Latin Extended (less ©, ®, soft hyphen), general
 * punctuation (less bidi controls, ‼, ⁉), arrows (less the emoji ones), maths, box drawing,
 * geometric shapes (less the emoji ones) and the dingbats that are not emoji.
 */
export const NARROW_TEXT =
	/^[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u02FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2200-\u22FF\u2500-\u25A9\u25AC-\u25B5\u25B7-\u25BF\u25C1-\u25FA\u2713\u2717\u2758-\u2762\u2765-\u2794\u2798-\u27A0\u27A2-\u27AF]*$/;

/** One character of NARROW_TEXT. */
const NARROW_CHAR = new RegExp(`^${NARROW_TEXT.source.slice(1, -2)}$`);

export type StringWidth = (
	input: string,
	options?: {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean},
) => number;

/**
 * Characters that are emoji only when followed by U+FE0F (▶ ✔ ⚠ …): alone they are text, and
 * each copy of string-width gives them its own width (7 says 2, 8 says 1 for ▶). The build asks
 * the real library once per character and passes the answers in, so the wizard never pays for
 * the library's emoji regex to learn the width of its ▶.
 */
export function isTextPresentationPictograph(ch: string): boolean {
	return /^\p{Extended_Pictographic}$/u.test(ch) && !/\p{Emoji_Presentation}/u.test(ch);
}

/** Wraps one copy of string-width: same answers, without its slow path for narrow-only text. */
export function withNarrowFastPath(
	original: StringWidth,
	pictographs: Readonly<Record<string, number>> = {},
): StringWidth {
	return (input, options) => {
		if (
			typeof input !== 'string' ||
			options?.countAnsiEscapeCodes === true ||
			options?.ambiguousIsNarrow === false
		)
			return original(input, options);
		const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
		if (NARROW_TEXT.test(text)) return text.length;
		let width = 0;
		for (const ch of text) {
			const known = NARROW_CHAR.test(ch) ? 1 : pictographs[ch];
			if (known === undefined) return original(input, options);
			width += known;
		}
		return width;
	};
}

/** The widths `original` gives each text-presentation pictograph of the Basic Multilingual Plane. */
export function pictographWidths(original: StringWidth): Record<string, number> {
	const widths: Record<string, number> = {};
	for (let cp = 0x80; cp <= 0xffff; cp++) {
		const ch = String.fromCharCode(cp);
		if (isTextPresentationPictograph(ch)) widths[ch] = original(ch);
	}
	return widths;
}

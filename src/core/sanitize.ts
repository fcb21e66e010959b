/**
 * The one sanitiser for untrusted text on its way to a terminal (a broker's ERROR frame, a reply's
 * senderid, a log line, a file we could not parse). Control characters would otherwise act on the
 * operator's terminal: `ESC ] 0 ; … BEL` retitles the window, `ESC [ 2 J` clears it, a bare CR
 * overwrites what was printed, bidi overrides reorder it. Each is shown as a visible escape
 * (`\x1b`, `\u202e`) instead, so the evidence stays readable and exact. Pure: no IO.
 *
 * `--json` does not need this (JSON.stringify escapes C0 controls); it applies to human output.
 */

// C0 controls (except TAB and LF), DEL, C1 controls, bidi embeddings/overrides/isolates, LS/PS.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
	const code = char.charCodeAt(0);
	return code <= 0xff
		? `\\x${code.toString(16).padStart(2, '0')}`
		: `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Multi-line text for a terminal: newlines and tabs kept, every other control shown escaped. */
export function forTerminal(text: string): string {
	return text.replace(UNSAFE, visible);
}

/** One line of evidence: newlines and tabs escaped too, so a value cannot forge further lines. */
export function oneLine(text: string): string {
	return text.replace(UNSAFE_ONE_LINE, visible);
}

/** True when the text would reach a terminal unchanged. */
export function isTerminalSafe(text: string): boolean {
	UNSAFE.lastIndex = 0;
	const unsafe = UNSAFE.test(text);
	UNSAFE.lastIndex = 0;
	return !unsafe;
}

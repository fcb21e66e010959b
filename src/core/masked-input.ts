/**
 * What one keypress (or one chunk of pasted text) does to a masked input's value: pure, so the
 * paste-with-Enter case is tested without a terminal (src/components/MaskedInput.tsx).
 */

/** The parts of Ink's Key this input looks at. */
export type MaskedKey = {
	readonly return?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly ctrl?: boolean;
	readonly meta?: boolean;
	readonly tab?: boolean;
	readonly escape?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
};

export type MaskedStep = {readonly value: string; readonly submit: boolean};

export function maskedInputStep(value: string, input: string, key: MaskedKey): MaskedStep {
	if (key.return) return {value, submit: true};
	if (key.backspace || key.delete) return {value: [...value].slice(0, -1).join(''), submit: false};
	// keys that belong to the screen (Esc, Ctrl-C, Tab, arrows) or carry no text
	if (
		key.ctrl ||
		key.meta ||
		key.tab ||
		key.escape ||
		key.upArrow ||
		key.downArrow ||
		key.leftArrow ||
		key.rightArrow
	)
		return {value, submit: false};
	let next = value;
	for (const ch of input) {
		// a chunk that holds an Enter (a paste ending in a newline): the value ends there
		if (ch === '\r' || ch === '\n') return {value: next, submit: true};
		// other control characters are not part of a passphrase
		if (ch < ' ' || ch === '\u007f') continue;
		next += ch;
	}
	return {value: next, submit: false};
}

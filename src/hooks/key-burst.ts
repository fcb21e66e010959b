/**
 * Ink splits stdin into events only at escape sequences, so a burst of plain keys that arrives in
 * one read (a paste ending in a newline, key repeat on Backspace, tmux send-keys, a slow link)
 * reaches useInput as ONE string: `host\r` or `\x7f\x7f\x7f`. Left alone, the control characters
 * would be typed into the field as invisible text and Enter would never submit. This turns such a
 * burst back into the keys it is made of. Pure: no Ink, tested on its own.
 */

export type BurstKey =
	| {readonly type: 'text'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'enter'}
	| {readonly type: 'tab'};

/** True when `input` is several keys in one chunk rather than one key or pasted plain text. */
export function isKeyBurst(input: string): boolean {
	return input.length > 1 && Array.from(input).some(isControlChar);
}

// A char-code test rather than a regex class: Biome forbids control characters in regexes.
function isControlChar(ch: string): boolean {
	const code = ch.charCodeAt(0);
	return code < 0x20 || code === 0x7f;
}

/** Splits a burst into keys; runs of printable characters stay together as one text key. */
export function splitKeyBurst(input: string): BurstKey[] {
	const keys: BurstKey[] = [];
	let text = '';
	const flush = () => {
		if (text !== '') keys.push({type: 'text', text});
		text = '';
	};
	for (let i = 0; i < input.length; i++) {
		const ch = input[i] ?? '';
		if (ch === '\u007f' || ch === '\b') {
			flush();
			keys.push({type: 'backspace'});
		} else if (ch === '\r' || ch === '\n') {
			flush();
			// A CRLF pair is one Enter.
			if (ch === '\r' && input[i + 1] === '\n') i++;
			keys.push({type: 'enter'});
		} else if (ch === '\t') {
			flush();
			keys.push({type: 'tab'});
		} else if (ch >= ' ') {
			text += ch;
		}
		// Other control characters (a stray Ctrl key inside a paste) are dropped, never typed.
	}
	flush();
	return keys;
}

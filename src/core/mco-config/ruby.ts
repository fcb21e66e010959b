/**
 * Ruby's own conversions as MCollective 2.12 applies them to config values (checked against
 * ruby 3.1 in the lab): `Integer(val)` for top-level integers and pool.size, `String#to_i` for
 * ports, `Util.str_to_bool` for booleans, `String#strip` for keys. Hand-written scanners rather
 * than regexes: every one is a single linear pass, so a hostile 1 MB value costs 1 MB of work.
 */

/** Ruby's `\s` (ASCII only, unlike JavaScript's). */
export function isRubySpace(c: number): boolean {
	return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** `str.gsub!(/\s*$/, "")` on one line: trailing ASCII whitespace off. */
export function rubyRstrip(text: string): string {
	let end = text.length;
	while (end > 0 && isRubySpace(text.charCodeAt(end - 1))) end--;
	return text.slice(0, end);
}

/** `String#strip` (ruby ≥ 2.6): ASCII whitespace and NUL off both ends. */
export function rubyStrip(text: string): string {
	const strippable = (c: number) => c === 0 || isRubySpace(c);
	let start = 0;
	let end = text.length;
	while (start < end && strippable(text.charCodeAt(start))) start++;
	while (end > start && strippable(text.charCodeAt(end - 1))) end--;
	return text.slice(start, end);
}

/** Skips leading ASCII whitespace (the `\s*` after `=`). */
export function rubyLstripSpace(text: string): string {
	let start = 0;
	while (start < text.length && isRubySpace(text.charCodeAt(start))) start++;
	return text.slice(start);
}

function digitValue(c: number): number {
	if (c >= 0x30 && c <= 0x39) return c - 0x30;
	if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
	if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
	return 99;
}

/** Digits of `radix` with single underscores between them; undefined if anything else. */
function strictDigits(text: string, radix: number): number | undefined {
	if (text === '') return undefined;
	let value = 0;
	let lastUnderscore = true; // no leading underscore
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x5f) {
			if (lastUnderscore) return undefined;
			lastUnderscore = true;
			continue;
		}
		const d = digitValue(c);
		if (d >= radix) return undefined;
		value = value * radix + d; // past 2^53 this loses precision; callers bound it anyway
		lastUnderscore = false;
	}
	return lastUnderscore ? undefined : value;
}

/**
 * Ruby `Integer(val)`: optional ASCII whitespace around, sign, `0x`/`0b`/`0o`/`0d` prefixes, a
 * leading `0` meaning octal (`010` is 8), single underscores between digits. undefined where Ruby
 * raises ArgumentError (MCollective: "Could not parse value for configuration option …").
 * Very large values come back as large (imprecise) numbers, never as an error: bound them.
 */
export function rubyInteger(text: string): number | undefined {
	let t = text;
	let start = 0;
	let end = t.length;
	while (start < end && isRubySpace(t.charCodeAt(start))) start++;
	while (end > start && isRubySpace(t.charCodeAt(end - 1))) end--;
	t = t.slice(start, end);
	let sign = 1;
	if (t.startsWith('+') || t.startsWith('-')) {
		sign = t.startsWith('-') ? -1 : 1;
		t = t.slice(1);
	}
	let value: number | undefined;
	const prefix = t.slice(0, 2).toLowerCase();
	if (prefix === '0x') value = strictDigits(t.slice(2), 16);
	else if (prefix === '0b') value = strictDigits(t.slice(2), 2);
	else if (prefix === '0o') value = strictDigits(t.slice(2), 8);
	else if (prefix === '0d') value = strictDigits(t.slice(2), 10);
	else if (t.startsWith('0') && t.length > 1) value = strictDigits(t, 8);
	else value = strictDigits(t, 10);
	return value === undefined ? undefined : sign * value || 0;
}

/** Ruby `String#to_i`: leading whitespace, sign, decimal digits with single underscores; else 0. */
export function rubyToI(text: string): number {
	let i = 0;
	while (i < text.length && isRubySpace(text.charCodeAt(i))) i++;
	let sign = 1;
	if (text[i] === '+' || text[i] === '-') {
		sign = text[i] === '-' ? -1 : 1;
		i++;
	}
	let value = 0;
	let digits = 0;
	for (; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0x30 && c <= 0x39) {
			value = value * 10 + (c - 0x30);
			digits++;
		} else if (c === 0x5f && digits > 0 && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next < 0x30 || next > 0x39) break;
		} else break;
	}
	return sign * value || 0;
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['1', 'yes', 'true', 'y', 't']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['0', 'no', 'false', 'n', 'f']);

/** `Util.str_to_bool`: undefined where MCollective raises "Cannot convert string value …". */
export function rubyBool(text: string): boolean | undefined {
	const clean = rubyStrip(text).toLowerCase();
	if (TRUE_WORDS.has(clean)) return true;
	if (FALSE_WORDS.has(clean)) return false;
	return undefined;
}

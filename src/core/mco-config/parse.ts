/**
 * MCollective's own config reader (Config#loadconfig, config.rb:26-175 in 2.12.5), reproduced
 * line for line so the wizard sees exactly what mco and mcollectived will see:
 * - trailing whitespace (incl. \r) is stripped; a line is a comment only if its FIRST char is `#`;
 * - `key = value` splits on the first `=`; the value is kept verbatim: an inline `# note` is
 *   part of the value (the seed's `loglevel = log   # just for testing` trap);
 * - a line without `=` or with nothing after it is ignored;
 * - the last duplicate wins, except `libdir` and `default_discovery_options`, which accumulate.
 * Hand-written (not `ini`): ini strips inline comments and truncates at `;`, which would hide
 * the very bugs the wizard must find (see shared/docs/ecosystem.md B.5). Ruby's
 * `/(.+?)\s*=\s*(.+)/` is reproduced by indexOf and strips, not by the regex: in JavaScript that
 * regex is quadratic on a long line of spaces (13 s for 4 KB), and this parser reads hostile files.
 */
import {rubyLstripSpace, rubyRstrip, rubyStrip} from './ruby.js';

/** One `key = value` line as MCollective reads it. */
export type ConfigEntry = {
	/** 1-based line number in the file. */
	readonly line: number;
	readonly key: string;
	/** Verbatim value: never trimmed of inline comments. */
	readonly value: string;
	/** The raw line, trailing whitespace removed. */
	readonly raw: string;
};

/** Lines that MCollective silently ignores (kept so lint can explain them). */
export type IgnoredLine = {
	readonly line: number;
	readonly raw: string;
	readonly reason: 'no-equals' | 'empty-value';
};

export type ParsedConfig = {
	/** Every assignment in file order, duplicates included. */
	readonly entries: readonly ConfigEntry[];
	readonly ignored: readonly IgnoredLine[];
};

/** Keys where MCollective appends instead of overwriting. */
export const ACCUMULATING_KEYS: ReadonlySet<string> = new Set(['libdir', 'default_discovery_options']);

/**
 * Ruby `line =~ /(.+?)\s*=\s*(.+)/` on a line with trailing whitespace already gone: the key is
 * everything before the first `=` that has at least one character before it, the value everything
 * after it less leading whitespace; no match when nothing follows that `=`.
 */
function splitAssignment(raw: string): {key: string; value: string} | undefined {
	const equals = raw.indexOf('=', 1);
	if (equals < 0 || equals === raw.length - 1) return undefined;
	return {key: rubyStrip(raw.slice(0, equals)), value: rubyLstripSpace(raw.slice(equals + 1))};
}

export function parseMcoConfig(text: string): ParsedConfig {
	const entries: ConfigEntry[] = [];
	const ignored: IgnoredLine[] = [];
	const lines = text.split('\n');
	for (const [index, original] of lines.entries()) {
		// Ruby: line.gsub!(/\s*$/, "")
		const raw = rubyRstrip(original);
		if (raw === '' || raw.startsWith('#')) continue;
		const match = splitAssignment(raw);
		if (!match) {
			ignored.push({line: index + 1, raw, reason: raw.includes('=') ? 'empty-value' : 'no-equals'});
			continue;
		}
		entries.push({line: index + 1, key: match.key, value: match.value, raw});
	}
	return {entries, ignored};
}

/**
 * The effective settings: last duplicate wins; accumulating keys are joined with `:`
 * (libdir's own separator) in file order.
 */
export function effectiveSettings(parsed: ParsedConfig): Map<string, string> {
	const result = new Map<string, string>();
	for (const entry of parsed.entries) {
		const previous = result.get(entry.key);
		if (ACCUMULATING_KEYS.has(entry.key) && previous !== undefined) {
			result.set(entry.key, `${previous}:${entry.value}`);
		} else {
			result.set(entry.key, entry.value);
		}
	}
	return result;
}

/** Convenience: parse then resolve. */
export function readMcoSettings(text: string): Map<string, string> {
	return effectiveSettings(parseMcoConfig(text));
}

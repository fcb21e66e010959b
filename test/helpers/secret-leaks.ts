/**
 * The forms a known secret can take on its way out of the program (raw, JSON-escaped once and
 * twice, XML-escaped with named and numeric entities, shell-quoted, cut at `#`/`;` as a generic
 * reader would) and a search for any of them in a text. One copy for every hostile secrets test.
 */
/** XML-escaped as an attribute value is (what activemq.xml holds). */
export const xmlEscape = (s: string) =>
	s
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
const xmlEscapeNumeric = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&#34;').replace(/</g, '&lt;');
const shellSingle = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const shellDouble = (s: string) => `"${s.replace(/[\\"$`]/g, '\\$&')}"`;

/** Every form of `s` long enough to be told from ordinary text (5 characters or more). */
export function secretForms(s: string): string[] {
	const json = JSON.stringify(s).slice(1, -1);
	return [
		s,
		json,
		JSON.stringify(json).slice(1, -1),
		xmlEscape(s),
		xmlEscapeNumeric(s),
		JSON.stringify(xmlEscape(s)).slice(1, -1),
		shellSingle(s),
		shellDouble(s),
		s.split(/[#;]/)[0] ?? s,
	].filter((f) => f.length >= 5);
}

/** Each secret of `secrets` found in `text`, with the form it was found in. */
export function leaksIn(secrets: readonly string[], text: string): string[] {
	const found: string[] = [];
	for (const s of secrets)
		for (const f of new Set(secretForms(s))) if (text.includes(f)) found.push(`${s} as ${f}`);
	return found;
}

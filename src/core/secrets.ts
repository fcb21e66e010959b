/**
 * Secrets: generate, fingerprint, mask, redact. A secret is never shown in clear after it is
 * typed; screens, logs, --json and diffs show a fingerprint (first 8 hex of SHA-256) so an operator
 * can compare three hosts without revealing anything (failure-catalogue (d).1).
 */
import {createHash, randomInt} from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random alphanumeric secret (F28: special characters break templates and generic INI tools).
 * randomInt is uniform (no modulo bias); 24 chars of 62 symbols is ~143 bits.
 */
export function generateSecret(length = 24): string {
	if (!Number.isInteger(length) || length < 8 || length > 256) {
		throw new RangeError('A generated secret is 8 to 256 characters long.');
	}
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
	return out;
}

/** First 8 hex digits of SHA-256: enough to tell secrets apart, useless to recover a strong one. */
export function fingerprint(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8);
}

/** Fixed-width mask: it does not even reveal the length. Empty stays visibly empty. */
export function mask(secret: string): string {
	return secret === '' ? '(empty)' : '********';
}

/** How a secret is shown everywhere: mask plus fingerprint, e.g. `******** (sha256 1a2b3c4d)`. */
export function describeSecret(secret: string): string {
	return secret === '' ? '(empty)' : `******** (sha256 ${fingerprint(secret)})`;
}

/** The placeholder that replaces a secret; distinct secrets give distinct placeholders. */
export function secretPlaceholder(secret: string): string {
	return `<secret sha256:${fingerprint(secret)}>`;
}

/**
 * Lines whose value is a secret whatever it is: MCollective `plugin.psk = ...`,
 * `...password = ...` (pool and stomp keys), our answers-file keys (`topicPassword`, `psk`), and
 * STOMP `passcode:` headers. Group 1 is everything up to the value, group 2 the value.
 */
const SECRET_LINE = /^([ \t]*[\w.]*(?:password|passcode|psk)[ \t]*[=:][ \t]*)(\S.*?)[ \t]*$/gim;

/**
 * Replaces the value of every secret-bearing line and every occurrence of each known secret with a
 * fingerprint placeholder, so a changed secret still shows as changed. Secrets are first swapped
 * for private-use sentinels, so a placeholder is never itself searched for secrets; longest
 * secrets first, so one secret inside another cannot leave a tail in clear.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
	const placeholders: string[] = [];
	const hold = (secret: string): string => {
		placeholders.push(secretPlaceholder(secret));
		return `\ue010${toSentinelDigits(placeholders.length - 1)}\ue011`;
	};
	let out = text.replace(SECRET_LINE, (_line, head: string, value: string) => `${head}${hold(value)}`);
	const known = [...new Set(secrets.filter((s) => s !== '').flatMap(escapedForms))].sort(
		(a, b) => b.length - a.length,
	);
	for (const secret of known) {
		if (out.includes(secret)) out = out.split(secret).join(hold(secret));
	}
	return out.replace(
		/\ue010([\ue000-\ue00f]+)\ue011/g,
		(_m, digits: string) => placeholders[fromSentinelDigits(digits)] ?? '',
	);
}

/**
 * A secret as it is written into activemq.xml (and so into its diff, a lint finding or a log):
 * XML-escaped, with the named entities and with the numeric ones other writers use. Without
 * these, `pa"ss` leaks as `pa&quot;ss` from every diff of the broker's file. Also JSON-escaped,
 * as it is when evidence quotes a JSON text (a reply body, a --json output).
 */
function escapedForms(secret: string): string[] {
	const named = (s: string, apos: boolean) =>
		s
			.replace(/&/g, '&amp;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, apos ? '&apos;' : "'")
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;');
	const numeric = secret.replace(/[&"'<>]/g, (c) => `&#${c.charCodeAt(0)};`);
	const json = JSON.stringify(secret).slice(1, -1);
	return [...new Set([secret, named(secret, false), named(secret, true), numeric, json])];
}

/** Hex digits drawn from the private-use area: no real secret or text contains them. */
function toSentinelDigits(index: number): string {
	return [...index.toString(16)].map((d) => String.fromCharCode(0xe000 + Number.parseInt(d, 16))).join('');
}

function fromSentinelDigits(digits: string): number {
	return Number.parseInt([...digits].map((c) => (c.charCodeAt(0) - 0xe000).toString(16)).join(''), 16);
}

/** Keys whose value is a secret: `plugin.psk`, and every `…password` / `…passcode`. */
export function isSecretConfigKey(key: string): boolean {
	const k = key.trim().toLowerCase();
	return k === 'plugin.psk' || k === 'psk' || /(?:password|passcode)\d*$/.test(k);
}

/**
 * Every value in a client.cfg / server.cfg text that is a secret, so it can be redacted wherever
 * it turns up later (a broker's echo, a log line), not only on its own line. Besides the secret
 * keys: a `.user` key given twice keeps its later, different values (the seed's trap: the second
 * `plugin.stomp.user` holds the password). Values are taken as MCollective reads them (whole
 * rest of the line, inline `#` included) and also cut at ` #`/`;`, as other tools read them.
 */
const MIN_DERIVED = 4;

export function secretsInConfig(text: string): string[] {
	const out = new Set<string>();
	const users = new Map<string, string>();
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\r$/, '');
		const eq = line.indexOf('=');
		if (eq < 0 || /^\s*[#;]/.test(line)) continue;
		const key = line.slice(0, eq).trim();
		const value = line.slice(eq + 1).trim();
		if (value === '') continue;
		const add = (v: string) => {
			out.add(v);
			// Derived forms only when long enough: a short prefix would blank out ordinary words.
			const cut = v.split(/\s#|;/, 1)[0]?.trim() ?? '';
			const unquoted = v.replace(/^(["'])(.*)\1$/, '$2');
			for (const form of [cut, unquoted]) if (form.length >= MIN_DERIVED) out.add(form);
		};
		if (isSecretConfigKey(key)) add(value);
		else if (/\.user$/i.test(key)) {
			const first = users.get(key);
			if (first === undefined) users.set(key, value);
			else if (first !== value) add(value);
		}
	}
	return [...out];
}

/**
 * Redacts every string inside a JSON-able value (object keys too) BEFORE it is encoded: redacting
 * encoded JSON misses a secret whose `"` or `\` the encoder escaped.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return redact(v, secrets);
		if (Array.isArray(v)) return v.map(walk);
		if (v !== null && typeof v === 'object') {
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k, secrets), walk(x)]));
		}
		return v;
	};
	return walk(value) as T;
}

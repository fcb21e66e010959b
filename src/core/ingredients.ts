/**
 * Landmark 1, Ingredients: the form's fields as data, their defaults, and validation.
 * Every function takes the raw text the user typed (or an answers file holds) and says, in one
 * short sentence, what is wrong with it. The UI shows that sentence inline; nothing here renders.
 *
 * Rules come from how MCollective 2.12 reads its config (shared/docs/mcollective-wire.md §1.1):
 * a value is everything after `=` up to the end of the line, trailing whitespace stripped, inline
 * `#` kept. So a value can never start or end with whitespace or span two lines, and `secret # note`
 * really is the secret. Alphanumeric secrets are safest (F28): ActiveMQ's XML and generic INI tools
 * treat `&<>"` and `#`/`;` specially.
 */
import type {Connector, Ingredients, Platform} from './types.js';
import {SECRET_FIELDS} from './types.js';

export type IngredientKey = keyof Ingredients;

export type FieldKind = 'text' | 'secret' | 'port' | 'list' | 'choice';

/** A choice's words (label, one line beside it) are in content/ingredient-labels.md. */
export type FieldChoice = {
	readonly value: string;
};

/** One form field, in the order the form shows them; its name and help are in content/ingredient-labels.md. */
export type IngredientField = {
	readonly key: IngredientKey;
	readonly kind: FieldKind;
	/** Only for kind 'choice'; the first is the default. */
	readonly choices?: readonly FieldChoice[];
	/** The default as the user would type it (lists comma-separated), if there is one. */
	readonly default?: string;
	/** Secrets can be generated with generateSecret(). */
	readonly generatable?: boolean;
};

export const CONNECTORS: readonly Connector[] = ['activemq', 'stomp', 'rabbitmq'];
export const PLATFORMS: readonly Platform[] = ['plain', 'scl'];

/** The values the seed and MCollective agree on; the rest (hosts, secrets) must be typed. */
export const DEFAULT_INGREDIENTS = {
	stompPort: 61613,
	topicUser: 'mcollective',
	connector: 'activemq',
	collectives: ['mcollective'],
	platform: 'plain',
} as const satisfies Partial<Ingredients>;

export const INGREDIENT_FIELDS: readonly IngredientField[] = [
	{
		key: 'brokerHost',
		kind: 'text',
	},
	{
		key: 'stompPort',
		kind: 'port',
		default: '61613',
	},
	{
		key: 'topicUser',
		kind: 'text',
		default: 'mcollective',
	},
	{
		key: 'topicPassword',
		kind: 'secret',
		generatable: true,
	},
	{
		key: 'adminPassword',
		kind: 'secret',
		generatable: true,
	},
	{
		key: 'psk',
		kind: 'secret',
		generatable: true,
	},
	{
		key: 'connector',
		kind: 'choice',
		default: 'activemq',
		choices: [{value: 'activemq'}, {value: 'stomp'}, {value: 'rabbitmq'}],
	},
	{
		key: 'collectives',
		kind: 'list',
		default: 'mcollective',
	},
	{
		key: 'clientHost',
		kind: 'text',
	},
	{
		key: 'nodeIdentities',
		kind: 'list',
	},
	{
		key: 'platform',
		kind: 'choice',
		default: 'plain',
		choices: [{value: 'plain'}, {value: 'scl'}],
	},
];

const FIELD_BY_KEY = new Map(INGREDIENT_FIELDS.map((f) => [f.key, f]));

export function ingredientField(key: IngredientKey): IngredientField {
	const field = FIELD_BY_KEY.get(key);
	if (!field) throw new Error(`Unknown ingredient '${key}'`);
	return field;
}

export function isSecretField(key: IngredientKey): boolean {
	return (SECRET_FIELDS as readonly string[]).includes(key);
}

// --- single values ------------------------------------------------------------------------

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DOTTED_NUMBERS = /^[0-9.]+$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** MCollective's own identity check (config.rb:146). */
export const IDENTITY = /^[\w.-]+$/;
/** Collectives become topic names `/topic/<collective>.<agent>.agent`, so no dots. */
const COLLECTIVE = /^[A-Za-z0-9_-]+$/;

function isIpv6(text: string): boolean {
	if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
	// The WHATWG URL parser implements the full IPv6 grammar (::, embedded IPv4); no need to copy it.
	try {
		new URL(`http://[${text}]/`);
		return true;
	} catch {
		return false;
	}
}

/** RFC 1123 host name, IPv4 dotted quad, or bare IPv6 literal. */
export function hostError(raw: string): string | undefined {
	const text = raw.trim();
	if (text === '') return 'Required.';
	if (/\s/.test(text)) return 'A host name has no spaces.';
	if (text.startsWith('[') && text.endsWith(']')) return 'Write an IPv6 address without brackets.';
	if (text.includes(':')) return isIpv6(text) ? undefined : 'Not a valid IPv6 address.';
	if (DOTTED_NUMBERS.test(text)) return IPV4.test(text) ? undefined : 'Not a valid IPv4 address.';
	const name = text.endsWith('.') ? text.slice(0, -1) : text;
	if (name.length > 253) return 'Host names are at most 253 characters.';
	for (const label of name.split('.')) {
		if (label === '') return 'Empty part between dots.';
		if (label.length > 63) return 'Each part of a host name is at most 63 characters.';
		if (!LABEL.test(label)) return 'Use letters, digits and inner hyphens only (e.g. msg1.example.com).';
	}
	return undefined;
}

export function portError(raw: string): string | undefined {
	const text = raw.trim();
	if (text === '') return 'Required.';
	if (!/^\d+$/.test(text)) return 'A port is a whole number, digits only.';
	const port = Number(text);
	if (port < 1 || port > 65535) return 'A port is between 1 and 65535.';
	return undefined;
}

export function identityError(raw: string): string | undefined {
	const text = raw.trim();
	if (text === '') return 'Required.';
	if (!IDENTITY.test(text)) return 'MCollective identities use only letters, digits, _ . and -.';
	return undefined;
}

function collectiveError(name: string): string | undefined {
	if (!COLLECTIVE.test(name)) return `'${name}': use only letters, digits, _ and - (no dots).`;
	return undefined;
}

/** A STOMP login: one token, no whitespace or control characters. */
function userError(raw: string): string | undefined {
	const text = raw.trim();
	if (text === '') return 'Required.';
	if (/[\s\p{Cc}]/u.test(text)) return 'A username has no spaces.';
	if (text.includes('#')) return 'Avoid # in the username: tools that read INI cut the line there.';
	return undefined;
}

/** Control characters other than tab (tab is whitespace, reported as such). */
function hasControlCharacter(text: string): boolean {
	return [...text].some((c) => {
		const code = c.charCodeAt(0);
		return (code < 32 && code !== 9) || code === 127;
	});
}

/**
 * What MCollective cannot store (errors). Secrets are never trimmed: a trailing space would be
 * silently dropped by MCollective's line parser, so it must be refused, not "fixed".
 */
export function secretError(key: IngredientKey, raw: string): string | undefined {
	if (raw === '') return 'Required.';
	if (/[\r\n]/.test(raw)) return 'A secret is a single line.';
	if (hasControlCharacter(raw)) return 'No control characters.';
	if (/^\s|\s$/.test(raw)) return 'No space at the start or end: MCollective drops it.';
	if (/\s#/.test(raw)) return "' #' looks like a comment, but MCollective keeps it as part of the secret.";
	if (key === 'psk' && /\s/.test(raw)) return 'No whitespace in the psk.';
	return undefined;
}

/** Advice that does not block (F28, F13): shown inline in a softer colour. */
export function fieldWarning(key: IngredientKey, raw: string): string | undefined {
	if (!isSecretField(key) || secretError(key, raw) !== undefined) return undefined;
	if (key === 'psk' && ['unset', 'asimplething', 'changeme'].includes(raw)) {
		return `'${raw}' is a well-known default psk; generate a random one.`;
	}
	if (key !== 'psk' && ['marionette', 'secret', 'password', 'changeme'].includes(raw)) {
		return 'A well-known default password; generate a random one.';
	}
	if (/[^A-Za-z0-9]/.test(raw)) {
		return 'Letters and digits are safest: & < > " need escaping in activemq.xml and INI tools cut at # or ;.';
	}
	if (raw.length < 8) return 'Short secret; 16 or more characters are better.';
	return undefined;
}

function splitList(raw: string): string[] {
	return raw.split(',').map((part) => part.trim());
}

function listError(raw: string, each: (item: string) => string | undefined): string | undefined {
	if (raw.trim() === '') return 'Required: at least one.';
	const items = splitList(raw);
	if (items.some((item) => item === '')) return 'Empty entry between commas.';
	for (const item of items) {
		const error = each(item);
		if (error) return items.length > 1 && !error.startsWith("'") ? `'${item}': ${error}` : error;
	}
	const seen = new Set<string>();
	for (const item of items) {
		if (seen.has(item)) return `'${item}' is listed twice.`;
		seen.add(item);
	}
	return undefined;
}

function choiceError(key: IngredientKey, raw: string): string | undefined {
	const choices = ingredientField(key).choices ?? [];
	if (choices.some((c) => c.value === raw.trim())) return undefined;
	return `Choose one of: ${choices.map((c) => c.value).join(', ')}.`;
}

/** The error text for a raw field value, or undefined when it is acceptable. */
export function validateField(key: IngredientKey, raw: string): string | undefined {
	switch (key) {
		case 'brokerHost':
		case 'clientHost':
			return hostError(raw);
		case 'stompPort':
			return portError(raw);
		case 'topicUser':
			return userError(raw);
		case 'topicPassword':
		case 'adminPassword':
		case 'psk':
			return secretError(key, raw);
		case 'connector':
		case 'platform':
			return choiceError(key, raw);
		case 'collectives':
			return listError(raw, collectiveError);
		case 'nodeIdentities':
			return listError(raw, identityError);
	}
}

export class IngredientError extends Error {
	constructor(
		readonly key: IngredientKey,
		reason: string,
	) {
		// The reason never quotes a secret's value (secretError only describes it). Named by key:
		// callers validate first and show their own words; this is the programming-error path.
		super(`${key}: ${reason}`);
		this.name = 'IngredientError';
	}
}

/**
 * The typed value for a raw field. Throws IngredientError when validateField would complain,
 * so call validateField first when you want the reason without an exception.
 */
export function parseField<K extends IngredientKey>(key: K, raw: string): Ingredients[K] {
	const error = validateField(key, raw);
	if (error) throw new IngredientError(key, error);
	const field = ingredientField(key);
	switch (field.kind) {
		case 'secret':
			return raw as Ingredients[K];
		case 'port':
			return Number(raw.trim()) as Ingredients[K];
		case 'list':
			return splitList(raw) as unknown as Ingredients[K];
		default:
			return raw.trim() as Ingredients[K];
	}
}

/** The inverse of parseField: what to put back in a text input or an answers file. */
export function formatField<K extends IngredientKey>(_key: K, value: Ingredients[K]): string {
	if (Array.isArray(value)) return value.join(', ');
	return String(value);
}

/** Errors per field for a (partial) set of ingredients; missing fields are 'Required.'. */
export function validateIngredients(partial: Partial<Ingredients>): Partial<Record<IngredientKey, string>> {
	const errors: Partial<Record<IngredientKey, string>> = {};
	for (const field of INGREDIENT_FIELDS) {
		const value = partial[field.key];
		if (value === undefined) {
			errors[field.key] = 'Required.';
			continue;
		}
		const error = validateField(field.key, formatField(field.key, value));
		if (error) errors[field.key] = error;
	}
	return errors;
}

/** Narrows a partial set to complete Ingredients when validateIngredients finds nothing. */
export function completeIngredients(partial: Partial<Ingredients>): Ingredients | undefined {
	if (Object.keys(validateIngredients(partial)).length > 0) return undefined;
	return partial as Ingredients;
}

/** Defaults filled in under the given values (given values win). */
export function withDefaults(partial: Partial<Ingredients>): Partial<Ingredients> {
	const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
	return {...DEFAULT_INGREDIENTS, ...defined};
}

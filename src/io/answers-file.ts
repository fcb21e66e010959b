/**
 * The answers file (`--answers FILE`): an INI file that prefills the Ingredients form and says
 * where things live on this machine. Our own format, so it is read and written with `ini`
 * (never used for MCollective's files). Layout:
 *
 *   [ingredients]
 *   brokerHost = 127.0.0.1
 *   stompPort = 61613
 *   collectives = mcollective        ; comma list, first = main_collective
 *   ...
 *   [system]
 *   configDir = /etc/mcollective
 *
 * `;` and `#` start comments in INI, so a secret containing them must be quoted ("a;b") or
 * escaped (a\;b); saveAnswers does that itself.
 */
import {mkdir, readFile} from 'node:fs/promises';
import {dirname, isAbsolute, resolve} from 'node:path';
import ini from 'ini';
import {type Bundle, BundleError, decodeBundle, isBundleText} from '../core/bundle.js';
import {
	formatField,
	IDENTITY,
	INGREDIENT_FIELDS,
	type IngredientKey,
	isSecretField,
	parseField,
	validateField,
} from '../core/ingredients.js';
import {parseRoles} from '../core/role.js';
import type {Ingredients, SystemSettings} from '../core/types.js';
import {writeFileAtomic} from './config-files.js';
import {PassphraseError, promptPassphrase} from './passphrase.js';

export type LoadedAnswers = {
	readonly ingredients: Partial<Ingredients>;
	readonly system: SystemSettings;
	/** One line per problem, `section.key: reason`; never a secret value. */
	readonly errors: string[];
	/** Loaded from a bundle (mco-wizard export): the fingerprints of the secrets it was made with. */
	readonly bundle?: Pick<Bundle, 'fingerprints'>;
};

export type LoadAnswersOptions = {
	/** Asked only for an encrypted bundle. */
	readonly passphrase?: () => Promise<string>;
};

const SYSTEM_KEYS = [
	'configDir',
	'clientConfig',
	'serverConfig',
	'nodeLog',
	'libdir',
	'identity',
	'serviceRestart',
	'mco',
	'activemqXml',
	'activemqLog',
	'role',
] as const satisfies ReadonlyArray<keyof SystemSettings>;
const PATH_KEYS = new Set<string>([
	'configDir',
	'clientConfig',
	'serverConfig',
	'nodeLog',
	'libdir',
	'activemqXml',
	'activemqLog',
]);
const INGREDIENT_KEYS = new Set<string>(INGREDIENT_FIELDS.map((f) => f.key));

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	// ini turns `true`/`false` into booleans; for us they are just text.
	if (typeof value === 'boolean') return String(value);
	return undefined;
}

/**
 * A line without `=` is read by `ini` as a key set to true. It is never echoed: an operator who
 * pasted a password on a line of its own would see it in clear in the error.
 */
const BARE_LINE = (prefix: string) =>
	`${prefix}: a line without 'key = value' (not shown: it may be a secret); remove it or add the key.`;

/** Unknown keys are shown only when they look like keys (a pasted secret rarely does). */
function shownKey(key: string): string {
	return /^[A-Za-z][\w.-]{0,63}$/.test(key) ? key : '(a key not shown)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an `[ingredients]`-shaped section: every key validated like the form does. Invalid or
 * unknown keys become errors prefixed with `prefix`; the rest are parsed to typed values.
 */
export function readIngredientsSection(
	body: unknown,
	prefix: string,
): {ingredients: Partial<Ingredients>; errors: string[]} {
	const errors: string[] = [];
	const ingredients: Partial<Record<IngredientKey, unknown>> = {};
	if (!isRecord(body)) return {ingredients: {}, errors};
	for (const [key, raw] of Object.entries(body)) {
		if (raw === true && !INGREDIENT_KEYS.has(key)) {
			errors.push(BARE_LINE(prefix));
			continue;
		}
		if (!INGREDIENT_KEYS.has(key)) {
			errors.push(`${prefix}.${shownKey(key)}: unknown key.`);
			continue;
		}
		const field = key as IngredientKey;
		const text = asText(raw);
		if (text === undefined) {
			errors.push(`${prefix}.${key}: give one value (key = value).`);
			continue;
		}
		const error = validateField(field, text);
		if (error) {
			errors.push(`${prefix}.${key}: ${error}`);
			continue;
		}
		ingredients[field] = parseField(field, text);
	}
	return {ingredients: ingredients as Partial<Ingredients>, errors};
}

/** Reads a `[system]`-shaped section; relative paths are resolved against `baseDir`. */
export function readSystemSection(
	body: unknown,
	prefix: string,
	baseDir: string,
): {system: SystemSettings; errors: string[]} {
	const errors: string[] = [];
	const system: Record<string, string | readonly string[]> = {};
	if (!isRecord(body)) return {system: {}, errors};
	for (const [key, raw] of Object.entries(body)) {
		if (raw === true && !(SYSTEM_KEYS as readonly string[]).includes(key)) {
			errors.push(BARE_LINE(prefix));
			continue;
		}
		if (!(SYSTEM_KEYS as readonly string[]).includes(key)) {
			errors.push(`${prefix}.${shownKey(key)}: unknown key (known: ${SYSTEM_KEYS.join(', ')}).`);
			continue;
		}
		const text = asText(raw)?.trim();
		if (!text) {
			errors.push(`${prefix}.${key}: empty value.`);
			continue;
		}
		if (key === 'identity' && !IDENTITY.test(text)) {
			errors.push(`${prefix}.identity: MCollective identities use only letters, digits, _ . and -.`);
			continue;
		}
		if (key === 'role') {
			const parsed = parseRoles(text);
			if ('error' in parsed) errors.push(`${prefix}.role: ${parsed.error}.`);
			else system.role = parsed.roles;
			continue;
		}
		if (PATH_KEYS.has(key)) {
			const parts = key === 'libdir' ? text.split(':') : [text];
			system[key] = parts.map((p) => (isAbsolute(p) ? p : resolve(baseDir, p))).join(':');
		} else {
			system[key] = text;
		}
	}
	return {system: system as SystemSettings, errors};
}

/** Parses answers-file text; relative paths in [system] are resolved against `baseDir`. */
export function parseAnswers(text: string, baseDir: string): LoadedAnswers {
	// `ini` only accepts a bare `[section]` line; the documented format allows `[system]  ; note`.
	// `[ \t]*`, not `\s*`: with /m, `\s*` ran across every following blank line from each line start.
	const data: Record<string, unknown> = ini.parse(text.replace(/^([ \t]*\[[^\]\n]+\])[ \t]*[;#].*$/gm, '$1'));
	const errors: string[] = [];
	for (const [section, body] of Object.entries(data)) {
		if (section !== 'ingredients' && section !== 'system') {
			errors.push(
				isRecord(body)
					? `[${shownKey(section)}]: unknown section (expected [ingredients] and [system]).`
					: body === true
						? BARE_LINE('(outside any section)')
						: `${shownKey(section)}: outside any section; put it under [ingredients] or [system].`,
			);
		}
	}
	const ing = readIngredientsSection(data.ingredients, 'ingredients');
	const sys = readSystemSection(data.system, 'system', baseDir);
	return {
		ingredients: ing.ingredients,
		system: sys.system,
		errors: [...errors, ...ing.errors, ...sys.errors],
	};
}

/**
 * Reads a bundle written by `mco-wizard export` as answers: its ingredients, its secrets when it
 * was encrypted (and opened), and its fingerprints. A wrong passphrase or damage is one error.
 */
export async function parseBundleAnswers(
	text: string,
	path: string,
	options: LoadAnswersOptions = {},
): Promise<LoadedAnswers> {
	try {
		// Without a given source the terminal is asked (the wizard); without a terminal that is an error.
		const bundle = await decodeBundle(
			text,
			options.passphrase ?? (() => promptPassphrase(`Passphrase of the bundle ${path}: `)),
		);
		const ing = readIngredientsSection({...bundle.ingredients, ...bundle.secrets}, 'bundle');
		return {
			ingredients: ing.ingredients,
			system: {},
			errors: ing.errors,
			bundle: {fingerprints: bundle.fingerprints},
		};
	} catch (error) {
		if (error instanceof BundleError || error instanceof PassphraseError)
			return {ingredients: {}, system: {}, errors: [`Cannot read answers file ${path}: ${error.message}`]};
		throw error;
	}
}

/**
 * Reads an answers file, or a bundle (told apart by its first line). An unreadable file is
 * reported in `errors`, not thrown.
 */
export async function loadAnswers(path: string, options: LoadAnswersOptions = {}): Promise<LoadedAnswers> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
		return {ingredients: {}, system: {}, errors: [`Cannot read answers file ${path}: ${why}.`]};
	}
	if (isBundleText(text)) return parseBundleAnswers(text, path, options);
	return parseAnswers(text, dirname(resolve(path)));
}

function iniValue(value: string): string {
	return /[\\;#"'=\r\n[]/.test(value) || value !== value.trim() || value === ''
		? JSON.stringify(value)
		: value;
}

/** The answers file for these values; secrets are left out unless `includeSecrets`. */
export function stringifyAnswers(
	ingredients: Partial<Ingredients>,
	system: SystemSettings = {},
	options: {readonly includeSecrets?: boolean} = {},
): string {
	const section: Record<string, string> = {};
	for (const field of INGREDIENT_FIELDS) {
		const value = ingredients[field.key];
		if (value === undefined) continue;
		if (isSecretField(field.key) && !options.includeSecrets) continue;
		section[field.key] = formatField(field.key, value);
	}
	// Written by hand: `ini` escapes `;` and `#` but not `\`, so a secret like `a\#b` would not
	// read back. A value with any of those (or quotes, `=`, edge spaces) is a JSON string, which
	// `ini` reads back exactly.
	const lines = ['[ingredients]', ...Object.entries(section).map(([k, v]) => `${k} = ${iniValue(v)}`), ''];
	const where = Object.fromEntries(
		Object.entries(system)
			.map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])
			.filter(([, v]) => typeof v === 'string' && v !== ''),
	);
	const rest = Object.keys(where).length > 0 ? ini.stringify({system: where}, {whitespace: true}) : '';
	return `${lines.join('\n')}${rest ? `\n${rest}` : ''}`;
}

/** Writes an answers file atomically; mode 0600 because it may hold secrets. */
export async function saveAnswers(
	path: string,
	ingredients: Partial<Ingredients>,
	system: SystemSettings = {},
	options: {readonly includeSecrets?: boolean} = {},
): Promise<void> {
	await mkdir(dirname(resolve(path)), {recursive: true});
	await writeFileAtomic(path, stringifyAnswers(ingredients, system, options), 0o600);
}

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

export type LoadedAnswers = {
	readonly ingredients: Partial<Ingredients>;
	readonly system: SystemSettings;
	/** One line per problem, `section.key: reason`; never a secret value. */
	readonly errors: string[];
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
	'role',
] as const satisfies ReadonlyArray<keyof SystemSettings>;
const PATH_KEYS = new Set<string>(['configDir', 'clientConfig', 'serverConfig', 'nodeLog', 'libdir']);
const INGREDIENT_KEYS = new Set<string>(INGREDIENT_FIELDS.map((f) => f.key));

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	// ini turns `true`/`false` into booleans; for us they are just text.
	if (typeof value === 'boolean') return String(value);
	return undefined;
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
		if (!INGREDIENT_KEYS.has(key)) {
			errors.push(`${prefix}.${key}: unknown key.`);
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
		if (!(SYSTEM_KEYS as readonly string[]).includes(key)) {
			errors.push(`${prefix}.${key}: unknown key (known: ${SYSTEM_KEYS.join(', ')}).`);
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
	const data: Record<string, unknown> = ini.parse(text.replace(/^(\s*\[[^\]\n]+\])[ \t]*[;#].*$/gm, '$1'));
	const errors: string[] = [];
	for (const [section, body] of Object.entries(data)) {
		if (section !== 'ingredients' && section !== 'system') {
			errors.push(
				isRecord(body)
					? `[${section}]: unknown section (expected [ingredients] and [system]).`
					: `${section}: outside any section; put it under [ingredients] or [system].`,
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

/** Reads an answers file. An unreadable file is reported in `errors`, not thrown. */
export async function loadAnswers(path: string): Promise<LoadedAnswers> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
		return {ingredients: {}, system: {}, errors: [`Cannot read answers file ${path}: ${why}.`]};
	}
	return parseAnswers(text, dirname(resolve(path)));
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
	const out: Record<string, Record<string, string>> = {ingredients: section};
	const where = Object.fromEntries(
		Object.entries(system)
			.map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])
			.filter(([, v]) => typeof v === 'string' && v !== ''),
	);
	if (Object.keys(where).length > 0) out.system = where as Record<string, string>;
	return ini.stringify(out, {whitespace: true});
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

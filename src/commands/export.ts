/**
 * `mco-wizard export [--out FILE] [--encrypt] [--passphrase-file FILE] [--answers FILE] [--state FILE]`:
 * writes the bundle to carry the ingredients to the next host (src/core/bundle.ts). The values
 * come from an answers file (or bundle) when given, else from the wizard's saved progress. Without
 * --encrypt the secrets are left out (asked again there); with it they are sealed with a
 * passphrase typed twice without echo, or read from --passphrase-file. Exit 0 written, 2 when it
 * cannot be (nothing is written then).
 */
import {readFile} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {type Bundle, BundleError, encodeBundle, type SecretField} from '../core/bundle.js';
import {formatField, INGREDIENT_FIELDS, isSecretField} from '../core/ingredients.js';
import {fingerprint} from '../core/secrets.js';
import {type Ingredients, SECRET_FIELDS} from '../core/types.js';
import {loadAnswers} from '../io/answers-file.js';
import {writeFileAtomic} from '../io/config-files.js';
import {PassphraseError, passphraseFromFile, promptPassphrase} from '../io/passphrase.js';
import {defaultProgressPath, parseProgress} from '../io/progress-store.js';

export type ExportOptions = {
	readonly out: string;
	readonly encrypt?: boolean;
	readonly passphraseFile?: string;
	readonly answers?: string;
	readonly state?: string;
};

/** The bundle for these ingredients: non-secret values as text, the secrets (for sealing) and their fingerprints. */
export function bundleFor(ingredients: Partial<Ingredients>): Bundle {
	const clear: Record<string, string> = {};
	const secrets: Partial<Record<SecretField, string>> = {};
	for (const field of INGREDIENT_FIELDS) {
		const value = ingredients[field.key];
		if (value === undefined || value === '') continue;
		if (isSecretField(field.key)) secrets[field.key as SecretField] = value as string;
		else clear[field.key] = formatField(field.key, value);
	}
	const fingerprints = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, fingerprint(v)]));
	return {ingredients: clear, fingerprints, secrets};
}

async function sourceIngredients(
	opts: ExportOptions,
	passphrase: () => Promise<string>,
): Promise<{ingredients: Partial<Ingredients>} | {error: string}> {
	if (opts.answers) {
		const loaded = await loadAnswers(opts.answers, {passphrase});
		if (loaded.errors.length) return {error: loaded.errors.join('\n  ')};
		return {ingredients: loaded.ingredients};
	}
	const path = opts.state ?? defaultProgressPath();
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		return {
			error: `No saved answers at ${path} (${(error as NodeJS.ErrnoException).code ?? error}): run the wizard first, or give --answers FILE.`,
		};
	}
	// parseProgress, not loadProgress: exporting must never move the user's file aside.
	return {ingredients: parseProgress(text, dirname(resolve(path))).progress.answers};
}

async function newPassphrase(opts: ExportOptions): Promise<string> {
	if (opts.passphraseFile) return passphraseFromFile(opts.passphraseFile);
	const first = await promptPassphrase('Passphrase for the bundle: ');
	const again = await promptPassphrase('The same passphrase again: ');
	if (first !== again) throw new PassphraseError('The two passphrases differ; nothing written.');
	return first;
}

export async function runExport(
	opts: ExportOptions,
	out: (text: string) => void,
	err: (text: string) => void,
): Promise<number> {
	try {
		const source = await sourceIngredients(opts, () =>
			opts.passphraseFile
				? passphraseFromFile(opts.passphraseFile)
				: promptPassphrase(`Passphrase of ${opts.answers}: `),
		);
		if ('error' in source) {
			err(`mco-wizard export: ${source.error}\n`);
			return 2;
		}
		const bundle = bundleFor(source.ingredients);
		const passphrase = opts.encrypt ? await newPassphrase(opts) : undefined;
		const text = encodeBundle(bundle, passphrase);
		await writeFileAtomic(resolve(opts.out), text, 0o600);
		const secrets = SECRET_FIELDS.filter((k) => bundle.fingerprints[k] !== undefined);
		out(
			[
				`Wrote ${resolve(opts.out)} (mode 0600): ${Object.keys(bundle.ingredients).length} ingredients; ` +
					(opts.encrypt
						? 'secrets encrypted with your passphrase.'
						: 'secrets left out, to be typed again on the next host.'),
				...secrets.map((k) => `  ${k}: sha256 ${bundle.fingerprints[k]}`),
				`On the next host: mco-wizard --answers ${opts.out}`,
				'',
			].join('\n'),
		);
		return 0;
	} catch (error) {
		if (error instanceof BundleError || error instanceof PassphraseError) {
			err(`mco-wizard export: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}

/**
 * The bundle an operator carries from msg1 to the next host: the ingredients as text (what an
 * answers file holds), the fingerprints of the three secrets (so a file on any host can be
 * compared without the secret), and the secrets themselves either left out (asked again there)
 * or encrypted with a passphrase.
 *
 * Format (version 1), text so it survives copy and paste:
 *   line 1  `mco-wizard-bundle v1`                      (the header answers files are told apart by)
 *   line 2  one JSON object {ingredients, fingerprints, encrypted?, sha256}
 * Encryption is scrypt (N=2^15, r=8, p=1; random 16-byte salt) → AES-256-GCM (random 12-byte
 * nonce), all node:crypto, with the header and the clear part as additional data, so neither can
 * be changed without the tag failing. `sha256` covers everything before it, so a damaged
 * unencrypted bundle is caught too. Any failure is a BundleError and nothing is returned.
 */
import {createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync} from 'node:crypto';
import {fingerprint} from './secrets.js';
import {SECRET_FIELDS} from './types.js';

export const BUNDLE_HEADER = 'mco-wizard-bundle v1';
export type SecretField = (typeof SECRET_FIELDS)[number];

export type Bundle = {
	/** Ingredient values as an answers file writes them (formatField), secrets excluded. */
	readonly ingredients: Readonly<Record<string, string>>;
	/** fingerprint() of each secret known when exported. */
	readonly fingerprints: Readonly<Partial<Record<SecretField, string>>>;
	/** The secrets, when the bundle was encrypted and has been opened. */
	readonly secrets?: Readonly<Partial<Record<SecretField, string>>>;
};

type Kdf = {
	readonly name: 'scrypt';
	readonly N: number;
	readonly r: number;
	readonly p: number;
	readonly salt: string;
};
type Sealed = {
	readonly kdf: Kdf;
	readonly cipher: 'aes-256-gcm';
	readonly nonce: string;
	readonly tag: string;
	readonly data: string;
};

export class BundleError extends Error {}

const KDF = {N: 2 ** 15, r: 8, p: 1} as const;
// Upper bounds on what a bundle may ask of scrypt: a crafted one must not take minutes or GBs.
const MAX = {N: 2 ** 20, r: 16, p: 4} as const;

function deriveKey(passphrase: string, kdf: Kdf): Buffer {
	const salt = Buffer.from(kdf.salt, 'base64');
	return scryptSync(passphrase.normalize('NFC'), salt, 32, {
		N: kdf.N,
		r: kdf.r,
		p: kdf.p,
		maxmem: 256 * kdf.N * kdf.r + 1024 * 1024,
	});
}

const clearPart = (b: Pick<Bundle, 'ingredients' | 'fingerprints'>) =>
	JSON.stringify({ingredients: b.ingredients, fingerprints: b.fingerprints});
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function isBundleText(text: string): boolean {
	return text.startsWith('mco-wizard-bundle ');
}

/** Writes a bundle; with a passphrase the secrets go in encrypted, without one they are left out. */
export function encodeBundle(bundle: Bundle, passphrase?: string): string {
	const secrets = Object.fromEntries(
		SECRET_FIELDS.flatMap((k) =>
			bundle.secrets?.[k] === undefined ? [] : [[k, bundle.secrets[k] as string]],
		),
	);
	const fingerprints = {
		...bundle.fingerprints,
		...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, fingerprint(v)])),
	};
	const clear = {ingredients: bundle.ingredients, fingerprints};
	let encrypted: Sealed | undefined;
	if (passphrase !== undefined) {
		if (passphrase === '') throw new BundleError('An empty passphrase protects nothing.');
		const kdf: Kdf = {name: 'scrypt', ...KDF, salt: randomBytes(16).toString('base64')};
		const nonce = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, kdf), nonce);
		cipher.setAAD(Buffer.from(`${BUNDLE_HEADER}\n${clearPart(clear)}`, 'utf8'));
		const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
		encrypted = {
			kdf,
			cipher: 'aes-256-gcm',
			nonce: nonce.toString('base64'),
			tag: cipher.getAuthTag().toString('base64'),
			data: data.toString('base64'),
		};
	}
	const body = {...clear, ...(encrypted ? {encrypted} : {})};
	return `${BUNDLE_HEADER}\n${JSON.stringify({...body, sha256: sha256(JSON.stringify(body))})}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const stringMap = (v: unknown): v is Record<string, string> =>
	isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

/** Does the bundle carry encrypted secrets (so a passphrase is needed)? Throws on a damaged bundle. */
export function bundleIsEncrypted(text: string): boolean {
	return readBody(text).encrypted !== undefined;
}

function readBody(text: string): {
	ingredients: Record<string, string>;
	fingerprints: Record<string, string>;
	encrypted?: Sealed;
} {
	const [header, json, ...rest] = text.split('\n');
	if (header?.trimEnd() !== BUNDLE_HEADER)
		throw new BundleError(
			isBundleText(text) ? `Unknown bundle version: ${header?.slice(0, 40)}` : 'Not an mco-wizard bundle.',
		);
	if (rest.some((l) => l.trim() !== '')) throw new BundleError('The bundle is damaged: text after its end.');
	let parsed: unknown;
	try {
		parsed = JSON.parse(json ?? '');
	} catch {
		throw new BundleError('The bundle is damaged or cut short (its data is not complete).');
	}
	if (!isRecord(parsed) || !stringMap(parsed.ingredients) || !stringMap(parsed.fingerprints))
		throw new BundleError('The bundle is damaged (its fields are missing).');
	const {sha256: sum, ...body} = parsed;
	if (typeof sum !== 'string' || sum !== sha256(JSON.stringify(body)))
		throw new BundleError('The bundle is damaged: its checksum does not match.');
	const encrypted = parsed.encrypted;
	if (encrypted !== undefined && !validSealed(encrypted))
		throw new BundleError('The bundle is damaged (its encrypted part is malformed).');
	return {
		ingredients: parsed.ingredients,
		fingerprints: parsed.fingerprints,
		...(encrypted ? {encrypted: encrypted as Sealed} : {}),
	};
}

function validSealed(v: unknown): boolean {
	if (!isRecord(v) || !isRecord(v.kdf) || v.cipher !== 'aes-256-gcm') return false;
	const {name, N, r, p, salt} = v.kdf;
	const int = (x: unknown, max: number) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= max;
	return (
		name === 'scrypt' &&
		int(N, MAX.N) &&
		((N as number) & ((N as number) - 1)) === 0 &&
		int(r, MAX.r) &&
		int(p, MAX.p) &&
		typeof salt === 'string' &&
		['nonce', 'tag', 'data'].every((k) => typeof v[k] === 'string')
	);
}

/**
 * Reads a bundle. An encrypted one needs the passphrase (a function, so it is only asked for
 * when needed); a wrong one and any damage throw BundleError.
 */
export async function decodeBundle(text: string, passphrase?: () => Promise<string>): Promise<Bundle> {
	const body = readBody(text);
	if (!body.encrypted) return {ingredients: body.ingredients, fingerprints: body.fingerprints};
	if (!passphrase) throw new BundleError('This bundle is encrypted: a passphrase is needed to open it.');
	const sealed = body.encrypted;
	const key = deriveKey(await passphrase(), sealed.kdf);
	let plain: string;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
		decipher.setAAD(Buffer.from(`${BUNDLE_HEADER}\n${clearPart(body)}`, 'utf8'));
		decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
		plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
			'utf8',
		);
	} catch {
		// GCM cannot tell a wrong passphrase from a changed byte: say both.
		throw new BundleError('Wrong passphrase, or the bundle was changed: it cannot be opened.');
	}
	let secrets: unknown;
	try {
		secrets = JSON.parse(plain);
	} catch {
		throw new BundleError('The bundle is damaged (its secrets are unreadable).');
	}
	if (
		!stringMap(secrets) ||
		Object.keys(secrets).some((k) => !(SECRET_FIELDS as readonly string[]).includes(k))
	)
		throw new BundleError('The bundle is damaged (unexpected secrets).');
	for (const [k, v] of Object.entries(secrets))
		if (body.fingerprints[k] !== fingerprint(v))
			throw new BundleError(`The bundle is damaged: the ${k} does not match its fingerprint.`);
	return {ingredients: body.ingredients, fingerprints: body.fingerprints, secrets};
}

/**
 * Compares one secret found in a file with the bundle's fingerprint; the sentence names both
 * fingerprints and never the secret, e.g. `server.cfg plugin.psk sha256:ab12cd34 ≠ bundle's sha256:cd34ef56`.
 */
export function secretMismatch(
	where: string,
	field: SecretField,
	value: string,
	bundle: Pick<Bundle, 'fingerprints'>,
): string | undefined {
	const want = bundle.fingerprints[field];
	if (want === undefined) return undefined;
	const got = fingerprint(value);
	return got === want ? undefined : `${where} sha256:${got} ≠ bundle's sha256:${want}`;
}

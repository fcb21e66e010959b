import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {bundleFor, runExport} from '../../src/commands/export.js';
import {
	BundleError,
	bundleIsEncrypted,
	decodeBundle,
	encodeBundle,
	secretMismatch,
} from '../../src/core/bundle.js';
import {fingerprint} from '../../src/core/secrets.js';
import {loadAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const PASS = 'correct horse battery staple';
const pass = (p: string) => async () => p;
const secretsOf = (text: string) =>
	[SEED_INGREDIENTS.topicPassword, SEED_INGREDIENTS.adminPassword, SEED_INGREDIENTS.psk].filter((s) =>
		text.includes(s),
	);

describe('bundle format', () => {
	const bundle = bundleFor(SEED_INGREDIENTS);

	it('round trip, encrypted: every ingredient and secret comes back; no secret in the text', async () => {
		const text = encodeBundle(bundle, PASS);
		assert.deepEqual(secretsOf(text), []);
		assert.ok(bundleIsEncrypted(text));
		const back = await decodeBundle(text, pass(PASS));
		assert.deepEqual(back.ingredients, bundle.ingredients);
		assert.deepEqual(back.secrets, {
			topicPassword: SEED_INGREDIENTS.topicPassword,
			adminPassword: SEED_INGREDIENTS.adminPassword,
			psk: SEED_INGREDIENTS.psk,
		});
		assert.equal(back.fingerprints.psk, fingerprint(SEED_INGREDIENTS.psk));
	});

	it('two encryptions of the same bundle differ (random salt and nonce)', () => {
		assert.notEqual(encodeBundle(bundle, PASS), encodeBundle(bundle, PASS));
	});

	it('without a passphrase the secrets are left out but their fingerprints travel', async () => {
		const text = encodeBundle(bundle);
		assert.deepEqual(secretsOf(text), []);
		const back = await decodeBundle(text);
		assert.equal(back.secrets, undefined);
		assert.equal(back.fingerprints.topicPassword, fingerprint(SEED_INGREDIENTS.topicPassword));
	});

	it('a wrong passphrase is refused', async () => {
		const text = encodeBundle(bundle, PASS);
		await assert.rejects(
			decodeBundle(text, pass('wrong')),
			(e: Error) => e instanceof BundleError && /Wrong passphrase/.test(e.message),
		);
	});

	it('every flipped byte is caught (clear part, ciphertext, tag, checksum)', async () => {
		for (const text of [encodeBundle(bundle, PASS), encodeBundle(bundle)]) {
			for (let i = 0; i < text.length - 1; i += 7) {
				const flipped = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
				await assert.rejects(
					decodeBundle(flipped, pass(PASS)),
					BundleError,
					`byte ${i} flipped was accepted`,
				);
			}
		}
	});

	it('a truncated bundle is refused', async () => {
		const text = encodeBundle(bundle, PASS);
		for (const cut of [1, 20, text.length / 2, text.length - 3])
			await assert.rejects(decodeBundle(text.slice(0, cut), pass(PASS)), BundleError);
	});

	it('a bundle asking scrypt for absurd work is refused before any work', async () => {
		const text = encodeBundle(bundle, PASS).replace('"N":32768', '"N":1073741824');
		await assert.rejects(decodeBundle(text, pass(PASS)), BundleError);
	});

	it('names a mismatch by fingerprints only', () => {
		const m = secretMismatch('server.cfg plugin.psk', 'psk', 'other-psk', bundle);
		assert.equal(
			m,
			`server.cfg plugin.psk sha256:${fingerprint('other-psk')} ≠ bundle's sha256:${fingerprint(SEED_INGREDIENTS.psk)}`,
		);
		assert.equal(secretMismatch('x', 'psk', SEED_INGREDIENTS.psk, bundle), undefined);
	});
});

describe('export and --answers BUNDLE', () => {
	const dir = () => mkdtemp(join(tmpdir(), 'mco-bundle-'));
	const sink = () => {
		const lines: string[] = [];
		return {lines, write: (t: string) => lines.push(t)};
	};

	async function answersFile(d: string): Promise<string> {
		const path = join(d, 'answers.ini');
		const {stringifyAnswers} = await import('../../src/io/answers-file.js');
		await writeFile(path, stringifyAnswers(SEED_INGREDIENTS, {}, {includeSecrets: true}), {mode: 0o600});
		return path;
	}

	it('exports encrypted (0600) and imports it back as answers with the secrets and fingerprints', async () => {
		const d = await dir();
		await writeFile(join(d, 'pass'), `${PASS}\n`);
		const out = sink();
		const code = await runExport(
			{
				out: join(d, 'b.bundle'),
				encrypt: true,
				passphraseFile: join(d, 'pass'),
				answers: await answersFile(d),
			},
			out.write,
			out.write,
		);
		assert.equal(code, 0);
		assert.equal((await stat(join(d, 'b.bundle'))).mode & 0o777, 0o600);
		assert.deepEqual(secretsOf(out.lines.join('') + (await readFile(join(d, 'b.bundle'), 'utf8'))), []);
		const loaded = await loadAnswers(join(d, 'b.bundle'), {passphrase: pass(PASS)});
		assert.deepEqual(loaded.errors, []);
		assert.deepEqual(loaded.ingredients, SEED_INGREDIENTS);
		assert.equal(loaded.bundle?.fingerprints.psk, fingerprint(SEED_INGREDIENTS.psk));
	});

	it('an unencrypted bundle imports without its secrets (asked again)', async () => {
		const d = await dir();
		const out = sink();
		assert.equal(
			await runExport({out: join(d, 'b.bundle'), answers: await answersFile(d)}, out.write, out.write),
			0,
		);
		const loaded = await loadAnswers(join(d, 'b.bundle'));
		assert.deepEqual(loaded.errors, []);
		assert.equal(loaded.ingredients.psk, undefined);
		assert.equal(loaded.ingredients.brokerHost, SEED_INGREDIENTS.brokerHost);
	});

	it('a wrong passphrase, a flipped byte or a truncated bundle: exit 2 and nothing written', async () => {
		const d = await dir();
		const good = encodeBundle(bundleFor(SEED_INGREDIENTS), PASS);
		await writeFile(join(d, 'wrong'), 'not it\n');
		await writeFile(join(d, 'right'), `${PASS}\n`);
		const i = good.indexOf('"data":"') + 10;
		const cases: [string, string, string][] = [
			['wrong-pass.bundle', good, 'wrong'],
			['flipped.bundle', good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1), 'right'],
			['truncated.bundle', good.slice(0, good.length - 40), 'right'],
		];
		for (const [name, text, passFile] of cases) {
			await writeFile(join(d, name), text);
			const before = (await readdir(d)).sort();
			const err = sink();
			const code = await runExport(
				{out: join(d, `${name}.out`), answers: join(d, name), passphraseFile: join(d, passFile)},
				err.write,
				err.write,
			);
			assert.equal(code, 2, name);
			assert.match(err.lines.join(''), /Wrong passphrase|damaged/, name);
			assert.deepEqual((await readdir(d)).sort(), before, `${name}: something was written`);
			const loaded = await loadAnswers(join(d, name), {
				passphrase: pass(passFile === 'wrong' ? 'not it' : PASS),
			});
			assert.deepEqual(loaded.ingredients, {});
			assert.equal(loaded.errors.length, 1);
		}
	});

	it('an encrypted bundle without a terminal or passphrase file is a clear error', async () => {
		const d = await dir();
		await writeFile(join(d, 'b.bundle'), encodeBundle(bundleFor(SEED_INGREDIENTS), PASS));
		const loaded = await loadAnswers(join(d, 'b.bundle'), {
			passphrase: async () => {
				throw new (await import('../../src/io/passphrase.js')).PassphraseError('No terminal');
			},
		});
		assert.match(loaded.errors[0] ?? '', /No terminal/);
	});
});

describe('passphrase sources', () => {
	it('no terminal: a clear error naming --passphrase-file, nothing read', async () => {
		const {PassphraseError, promptPassphrase} = await import('../../src/io/passphrase.js');
		const notATty = {isTTY: false} as unknown as NodeJS.ReadStream;
		await assert.rejects(
			promptPassphrase('x: ', notATty),
			(e: Error) => e instanceof PassphraseError && /--passphrase-file/.test(e.message),
		);
	});

	it('a passphrase file: its first line; an empty or missing file is an error', async () => {
		const {PassphraseError, passphraseFromFile} = await import('../../src/io/passphrase.js');
		const d = await mkdtemp(join(tmpdir(), 'mco-pass-'));
		await writeFile(join(d, 'p'), 'first line\nsecond\n');
		assert.equal(await passphraseFromFile(join(d, 'p')), 'first line');
		await writeFile(join(d, 'empty'), '\n');
		await assert.rejects(passphraseFromFile(join(d, 'empty')), PassphraseError);
		await assert.rejects(passphraseFromFile(join(d, 'missing')), PassphraseError);
	});
});

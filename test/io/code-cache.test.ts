/**
 * The V8 code cache ping's script runs with (src/core/code-cache.ts, src/io/code-cache.ts): used
 * when it is ours and V8 accepts it, otherwise an ordinary compile with the same result; never read
 * through a symlink or from a directory others can write; written atomically, never through a
 * planted symlink; no failure of its own ever reaches the command.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {
	codeCacheDir,
	codeCacheName,
	staleCodeCaches,
	trustedCacheDir,
	trustedCacheFile,
} from '../../src/core/code-cache.js';
import {runCachedScript} from '../../src/io/code-cache.js';

const work = mkdtempSync(join(tmpdir(), 'code-cache-'));
after(() => rmSync(work, {recursive: true, force: true}));

let serial = 0;
/** A fresh CommonJS script with some functions to compile, and the directory for its cache. */
function fixture(): {script: string; dir: string; root: string} {
	const root = join(work, `case-${++serial}`);
	mkdirSync(root);
	const script = join(root, 'demo.cjs');
	const fns = Array.from({length: 50}, (_, i) => `function f${i}(x) { return x * ${i} + ${serial}; }`);
	writeFileSync(
		script,
		`${fns.join('\n')}\nexports.answer = (x) => ${fns.map((_, i) => `f${i}(x)`).join(' + ')};\nexports.file = __filename;\n`,
	);
	return {script, dir: join(root, 'cache'), root};
}

const FIXTURE = fileURLToPath(new URL('../fixtures/run-cached-script.ts', import.meta.url));

/** What one fresh process saw: the cache's fate, and that the script ran (right answer, own file). */
function run(script: string, dir: string | undefined, save = true) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', FIXTURE, script, dir ?? '-', save ? 'save' : ''],
		{
			encoding: 'utf8',
		},
	);
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as {cache: string; offered: boolean; answer: number; file: string} | null;
	assert.ok(out);
	assert.equal(
		out.answer,
		Array.from({length: 50}, (_, i) => 3 * i + serialOf(script)).reduce((a, b) => a + b, 0),
	);
	assert.equal(out.file, script);
	return out;
}

const serialOf = (script: string) => Number(/case-(\d+)/.exec(script)?.[1]);

const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.v8cache'));

describe('code cache: where and what (pure)', () => {
	it('XDG_CACHE_HOME when absolute, else ~/.cache; none when off or without a home', () => {
		assert.equal(codeCacheDir({XDG_CACHE_HOME: '/x/cache/', HOME: '/h'}), '/x/cache/mco-wizard');
		assert.equal(codeCacheDir({XDG_CACHE_HOME: 'relative', HOME: '/h'}), '/h/.cache/mco-wizard');
		assert.equal(codeCacheDir({HOME: '/h'}), '/h/.cache/mco-wizard');
		assert.equal(codeCacheDir({}), undefined);
		assert.equal(codeCacheDir({HOME: 'h'}), undefined);
		assert.equal(codeCacheDir({HOME: '/h', MCO_WIZARD_CODE_CACHE: '0'}), undefined);
	});

	it('the name changes with the bundle text, the Node version and the architecture', () => {
		const a = codeCacheName('ping', '0a1b2c3d4e5f60718293', 'v20.20.2', 'x64');
		assert.match(a, /^ping-[0-9a-f]{16}-v20\.20\.2-x64\.v8cache$/);
		assert.notEqual(a, codeCacheName('ping', 'ffff2c3d4e5f60718293', 'v20.20.2', 'x64'));
		assert.notEqual(a, codeCacheName('ping', '0a1b2c3d4e5f60718293', 'v20.20.3', 'x64'));
		assert.notEqual(a, codeCacheName('ping', '0a1b2c3d4e5f60718293', 'v20.20.2', 'arm64'));
		assert.equal(codeCacheName('../p', 'ab/cd', 'v/1', 'x'), '.._p-ab_cd-v_1-x.v8cache');
	});

	it('stale caches: the same bundle, another name; nothing else', () => {
		assert.deepEqual(
			staleCodeCaches(
				['ping-1-v.v8cache', 'ping-2-v.v8cache', 'rpc-1-v.v8cache', 'ping-3.tmp', 'x'],
				'ping',
				'ping-2-v.v8cache',
				[],
			),
			['ping-1-v.v8cache'],
		);
	});

	it('stale caches: a retired bundle’s too (dist/ping.cjs became dist/mco.cjs)', () => {
		assert.deepEqual(
			staleCodeCaches(
				['mco-1-v.v8cache', 'mco-2-v.v8cache', 'ping-1-v.v8cache', 'rpc-1-v.v8cache', 'ping-1.tmp'],
				'mco',
				'mco-2-v.v8cache',
			),
			['mco-1-v.v8cache', 'ping-1-v.v8cache'],
		);
	});

	it('trust: a real directory or file of this user that others cannot write', () => {
		const dir = {isDirectory: true, isFile: false, isSymbolicLink: false, uid: 1000, mode: 0o40700};
		assert.equal(trustedCacheDir(dir, 1000), true);
		assert.equal(trustedCacheDir({...dir, uid: 0}, 1000), false);
		assert.equal(trustedCacheDir({...dir, mode: 0o40770}, 1000), false);
		assert.equal(trustedCacheDir({...dir, mode: 0o40757}, 1000), false);
		assert.equal(trustedCacheDir({...dir, isDirectory: false, isSymbolicLink: true}, 1000), false);
		const file = {isDirectory: false, isFile: true, isSymbolicLink: false, uid: 1000, mode: 0o100600};
		assert.equal(trustedCacheFile(file, 1000), true);
		assert.equal(trustedCacheFile({...file, uid: 1001}, 1000), false);
		assert.equal(trustedCacheFile({...file, mode: 0o100622}, 1000), false);
		assert.equal(trustedCacheFile({...file, isFile: false}, 1000), false);
	});
});

describe('code cache: runCachedScript (each run a fresh process)', () => {
	it('first run compiles and saves a cache; the next run uses it and saves nothing; files are private', () => {
		const {script, dir} = fixture();
		const first = run(script, dir);
		assert.deepEqual([first.cache, first.offered], ['none', true]);
		const [name] = cacheFiles(dir);
		assert.ok(name);
		assert.equal(statSync(dir).mode & 0o777, 0o700);
		assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600);
		const second = run(script, dir);
		assert.deepEqual([second.cache, second.offered], ['used', false]);
		assert.deepEqual(readdirSync(dir), [name], 'no temporary file left behind');
	});

	it('a cache V8 rejects (garbage) is an ordinary compile, then replaced', () => {
		const {script, dir} = fixture();
		run(script, dir);
		const [name] = cacheFiles(dir);
		assert.ok(name);
		writeFileSync(join(dir, name), Buffer.alloc(4096, 7), {mode: 0o600});
		assert.equal(run(script, dir).cache, 'rejected');
		assert.equal(run(script, dir).cache, 'used');
	});

	it('a changed bundle gets its own cache; the old one is removed when the new one is saved', () => {
		const {script, dir} = fixture();
		run(script, dir);
		const [old] = cacheFiles(dir);
		writeFileSync(script, `${readFileSync(script, 'utf8')}\n// changed\n`);
		assert.equal(run(script, dir).cache, 'none');
		const now = cacheFiles(dir);
		assert.equal(now.length, 1);
		assert.notEqual(now[0], old);
	});

	it('a symlink planted at the cache name is neither read nor written through', () => {
		const {script, dir, root} = fixture();
		run(script, dir);
		const [name] = cacheFiles(dir);
		assert.ok(name);
		const good = readFileSync(join(dir, name));
		const target = join(root, 'target');
		writeFileSync(target, good, {mode: 0o600});
		rmSync(join(dir, name));
		symlinkSync(target, join(dir, name));
		assert.equal(run(script, dir).cache, 'none', 'not read through the link');
		assert.equal(lstatSync(join(dir, name)).isSymbolicLink(), false, 'replaced by a file of ours');
		assert.deepEqual(readFileSync(target), good, 'the link target is untouched');
	});

	it('a cache directory that is a symlink, or writable by others, is neither read nor written', () => {
		const {script, dir, root} = fixture();
		const elsewhere = join(root, 'elsewhere');
		mkdirSync(elsewhere, {mode: 0o700});
		run(script, elsewhere);
		assert.equal(cacheFiles(elsewhere).length, 1);
		symlinkSync(elsewhere, dir);
		const before = readdirSync(elsewhere);
		assert.equal(run(script, dir).cache, 'none', 'a good cache behind a linked directory is not read');
		assert.deepEqual(readdirSync(elsewhere), before, 'nothing written through the link');

		chmodSync(elsewhere, 0o777);
		assert.equal(run(script, elsewhere).cache, 'none', 'not read where others can write');
		assert.deepEqual(readdirSync(elsewhere), before, 'nothing written where others can write');
	});

	it('a cache file another user owns is not used', (t) => {
		if (process.getuid?.() !== 0) {
			t.skip('needs root to give the file to another user');
			return;
		}
		const {script, dir} = fixture();
		run(script, dir);
		const [name] = cacheFiles(dir);
		assert.ok(name);
		assert.equal(run(script, dir, false).cache, 'used');
		chownSync(join(dir, name), 12345, 12345);
		assert.equal(run(script, dir, false).cache, 'none');
	});

	it('an unwritable cache location costs nothing but the cache', () => {
		const {script, root} = fixture();
		const notADir = join(root, 'file');
		writeFileSync(notADir, '');
		assert.equal(run(script, join(notADir, 'cache')).cache, 'none');
	});

	it('off: no cache read or offered; a missing script: undefined (the caller falls back)', async () => {
		const {script, root} = fixture();
		assert.deepEqual(run(script, undefined), {
			cache: 'off',
			offered: false,
			answer: run(script, undefined).answer,
			file: script,
		});
		assert.equal(await runCachedScript(join(root, 'missing.cjs'), join(root, 'cache')), undefined);
		assert.equal(existsSync(join(root, 'cache')), false);
	});
});

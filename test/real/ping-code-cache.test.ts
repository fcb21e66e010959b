/**
 * The bundle's fast `ping` and its V8 code cache against the REAL lab (src/io/fast-command.ts,
 * src/io/code-cache.ts): a ping that succeeded saves the cache in a private directory, the next
 * one uses it (and leaves it alone), a cache V8 rejects is replaced, a failed ping saves none,
 * and every run prints what a run without any cache prints.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {LAB, requireLab, runBounded, withLab} from '../helpers/lab.js';
import {buildBundle} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'ping-code-cache-'));
const cacheDir = join(home, '.cache', 'mco-wizard');
after(() => rmSync(home, {recursive: true, force: true}));

function ping(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
	return runBounded(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), 'ping', ...args], {
		timeoutMs: 30_000,
		env: {HOME: home, XDG_CACHE_HOME: '', ...env},
	});
}

/** ping's lines with the round-trip times taken out: the rest must not depend on the cache. */
const shape = (text: string) => text.replace(/\d+\.\d\d/g, 'N');

const caches = () => readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache'));

describe('ping with its code cache on the real lab', () => {
	it('saved after a good ping, used by the next, replaced when rejected, never saved by a failure', async (t) => {
		if (!(await requireLab(t))) return;
		buildBundle(ROOT);
		await withLab(async () => {
			const args = ['-c', LAB.clientCfg, '--expect', '1'];
			const reference = await ping(args, {MCO_WIZARD_CODE_CACHE: '0'});
			assert.equal(reference.code, 0, reference.stderr);
			assert.deepEqual(readdirSync(home), [], 'off: nothing written');

			const failed = await ping(['-c', join(home, 'missing.cfg')]);
			assert.equal(failed.code, 2);
			assert.deepEqual(readdirSync(home), [], 'a failed ping saves no cache');

			const first = await ping(args);
			assert.equal(first.code, 0, first.stderr);
			assert.equal(shape(first.stdout), shape(reference.stdout));
			const [name] = caches();
			assert.ok(name, 'saved after the good ping');
			assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
			const saved = statSync(join(cacheDir, name));
			assert.equal(saved.mode & 0o777, 0o600);

			const second = await ping(args);
			assert.equal(second.code, 0, second.stderr);
			assert.equal(shape(second.stdout), shape(reference.stdout));
			const after = statSync(join(cacheDir, name));
			assert.deepEqual([after.ino, after.mtimeMs], [saved.ino, saved.mtimeMs], 'used, not rewritten');

			writeFileSync(join(cacheDir, name), Buffer.alloc(saved.size, 0x5a), {mode: 0o600});
			const third = await ping(args);
			assert.equal(third.code, 0, third.stderr);
			assert.equal(shape(third.stdout), shape(reference.stdout));
			assert.notDeepEqual(readFileSync(join(cacheDir, name)), Buffer.alloc(saved.size, 0x5a), 'replaced');
			assert.deepEqual(caches(), [name]);
		});
	});
});

/**
 * The bin's fast `rpc` against the REAL lab (src/io/fast-command.ts, dist/mco.cjs): argv parsed
 * without commander, rpc's path run from its CommonJS script with its own V8 code cache (saved
 * after the first good run, used by the next), and what it prints is what commander's rpc prints
 * (the same bundle without dist/args.json), timings and timestamps aside.
 */
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {LAB, requireLab, runBounded, withLab} from '../helpers/lab.js';
import {buildBundle} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'rpc-fast-'));
const home = join(work, 'home');
const cacheDir = join(home, '.cache', 'mco-wizard');
after(() => rmSync(work, {recursive: true, force: true}));

/** Writes every ES module URL the process loads to stderr: shows whether commander's program ran. */
const TRACE = `data:text/javascript,${encodeURIComponent(
	'import {register} from "node:module";register("data:text/javascript,"+encodeURIComponent("export async function load(u,c,n){process.stderr.write(\\"LOADED \\"+u+\\"\\\\n\\");return n(u,c)}"))',
)}`;

async function rpc(bin: string, args: readonly string[]) {
	const r = await runBounded(process.execPath, ['--import', TRACE, bin, 'rpc', ...args], {
		timeoutMs: 30_000,
		env: {HOME: home, XDG_CACHE_HOME: ''},
	});
	const lines = r.stderr.split('\n');
	const loaded = lines.filter((l) => l.startsWith('LOADED '));
	return {
		code: r.code,
		stdout: r.stdout,
		stderr: lines.filter((l) => !l.startsWith('LOADED ')).join('\n'),
		commanderRan: loaded.some((l) => l.includes('cli-program')),
		rpcChunkLoaded: loaded.some((l) => /\/rpc-[A-Z0-9]+\.mjs$/.test(l)),
	};
}

/** The output with its numbers (times, timestamps) taken out: the rest must match. */
const shape = (text: string) => text.replace(/\d+(\.\d+)?/g, 'N');

describe('rpc without commander on the real lab (issue 12)', () => {
	it('rpc rpcutil ping -I node1 and rpc openshift echo run from dist/mco.cjs as commander’s rpc', async (t) => {
		if (!(await requireLab(t))) return;
		buildBundle(ROOT);
		cpSync(join(ROOT, 'dist'), join(work, 'dist'), {recursive: true});
		rmSync(join(work, 'dist', 'args.json'));
		// the program reads its --help words from content/ beside dist/
		cpSync(join(ROOT, 'content'), join(work, 'content'), {recursive: true});
		const fastBin = join(ROOT, 'dist', 'cli.cjs');
		const commanderBin = join(work, 'dist', 'cli.cjs');
		// A cache of the retired dist/ping.cjs, as a build before dist/mco.cjs left it: removed on save.
		const retired = `ping-0000000000000000-${process.version}-${process.arch}.v8cache`;
		mkdirSync(cacheDir, {recursive: true, mode: 0o700});
		writeFileSync(join(cacheDir, retired), 'old', {mode: 0o600});
		await withLab(async () => {
			for (const args of [
				['rpcutil', 'ping', '-c', LAB.clientCfg, '-I', LAB.identity],
				['openshift', 'echo', 'msg=foo', '-c', LAB.clientCfg, '-I', LAB.identity],
			]) {
				const reference = await rpc(commanderBin, args);
				assert.equal(reference.code, 0, reference.stderr);
				assert.equal(reference.commanderRan, true);
				const fast = await rpc(fastBin, args);
				assert.equal(fast.code, 0, fast.stderr);
				assert.equal(fast.commanderRan, false, 'argv parsed without commander');
				assert.equal(fast.rpcChunkLoaded, false, 'rpc ran from dist/mco.cjs');
				assert.match(fast.stdout, new RegExp(`^${LAB.identity.replaceAll('.', '\\.')} `, 'm'));
				assert.match(fast.stdout, /Finished processing 1 \/ 1 hosts in /);
				assert.equal(shape(fast.stdout), shape(reference.stdout));
				assert.equal(shape(fast.stderr), shape(reference.stderr));
			}
			const [cache, ...others] = readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache'));
			assert.ok(cache, 'a good fast rpc saved its code cache');
			assert.deepEqual(others, [], `only the new cache: the retired one is gone (${retired})`);
			const saved = statSync(join(cacheDir, cache));
			const again = await rpc(fastBin, ['openshift', 'echo', 'msg=foo', '-c', LAB.clientCfg]);
			assert.equal(again.code, 0, again.stderr);
			assert.match(again.stdout, /^ {3}Message: foo$/m);
			const after = statSync(join(cacheDir, cache));
			assert.deepEqual([after.ino, after.mtimeMs], [saved.ino, saved.mtimeMs], 'used, not rewritten');
		});
	});
});

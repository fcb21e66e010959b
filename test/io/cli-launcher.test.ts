/**
 * The bin, dist/cli.cjs (src/cli-launcher.ts): answers `--help` and a plain `ping` or `rpc` itself,
 * without the ES module loader, and hands every other argv to dist/cli.mjs. Whatever it is
 * given, it prints and exits as dist/cli.mjs does, byte for byte.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {buildBundle} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli.cjs');
const MJS = join(ROOT, 'dist', 'cli.mjs');
/** Writes every ES module URL the process loads to stderr: shows whether dist/cli.mjs ran. */
const TRACE = `data:text/javascript,${encodeURIComponent(
	'import {register} from "node:module";register("data:text/javascript,"+encodeURIComponent("export async function load(u,c,n){process.stderr.write(\\"LOADED \\"+u+\\"\\\\n\\");return n(u,c)}"))',
)}`;
const home = mkdtempSync(join(tmpdir(), 'cli-launcher-'));
const MISSING = join(home, 'missing', 'client.cfg');

function run(cli: string, args: readonly string[], traced = false) {
	const r = spawnSync(process.execPath, [...(traced ? ['--import', TRACE] : []), cli, ...args], {
		encoding: 'utf8',
		env: {...process.env, HOME: home, XDG_CACHE_HOME: '', XDG_STATE_HOME: join(home, 'state')},
	});
	const lines = r.stderr.split('\n');
	return {
		code: r.status,
		stdout: r.stdout,
		stderr: lines.filter((l) => !l.startsWith('LOADED ')).join('\n'),
		mjsLoaded: lines.some((l) => l.startsWith('LOADED ') && l.endsWith('/dist/cli.mjs')),
	};
}

before(() => buildBundle(ROOT));
after(() => rmSync(home, {recursive: true, force: true}));

describe('the bin dist/cli.cjs', () => {
	it('is the package bin, executable', () => {
		assert.equal(statSync(BIN).mode & 0o111, 0o111);
	});

	for (const args of [
		['--help'],
		['ping', '--help'],
		['rpc', '--help'],
		['ping', '-c', MISSING, '--expect', '1'],
		['ping', `--config=${MISSING}`, '-t', '1', '--json'],
		['rpc', 'rpcutil', 'ping', '-c', MISSING],
		['rpc', 'openshift', 'echo', 'msg=foo', '-c', MISSING, '-I', 'node1', '--json'],
	]) {
		it(`${args.join(' ')}: answered without dist/cli.mjs, as dist/cli.mjs answers`, () => {
			const bin = run(BIN, args, true);
			const mjs = run(MJS, args);
			assert.equal(bin.mjsLoaded, false);
			assert.deepEqual([bin.code, bin.stdout, bin.stderr], [mjs.code, mjs.stdout, mjs.stderr]);
		});
	}

	for (const args of [
		['--version'],
		['ping', '-c', MISSING, '--bogus'],
		['ping', '--expect', '1'],
		['rpc', 'rpcutil', 'ping', '-c', MISSING, '-I', 'node1', 'msg=foo'],
		['rpc', 'rpcutil', '-c', MISSING],
		['practice', '--list'],
		['no-such-command'],
	]) {
		it(`${args.join(' ')}: handed to dist/cli.mjs, same output and exit code`, () => {
			const bin = run(BIN, args, true);
			const mjs = run(MJS, args);
			assert.equal(bin.mjsLoaded, true);
			assert.deepEqual([bin.code, bin.stdout, bin.stderr], [mjs.code, mjs.stdout, mjs.stderr]);
		});
	}
});

/**
 * The bundle's `ping` and `rpc` without commander (src/io/fast-command.ts, dist/args.json) answer
 * as commander's do: the same bundle without args.json is the reference. Argv the fast parse
 * declines reaches commander, with its messages and exit code 2. No connection is made: the
 * config does not exist, so this is the command's whole path up to reading it. The fast path runs
 * dist/mco.cjs (src/io/code-cache.ts), not the command's ES module chunk; a bundle without that
 * file falls back to the chunk with the same answer.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {buildBundle} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FAST = join(ROOT, 'dist', 'cli.mjs');
/** Writes every module URL the process loads to stderr: shows whether commander's program ran. */
const TRACE = `data:text/javascript,${encodeURIComponent(
	'import {register} from "node:module";register("data:text/javascript,"+encodeURIComponent("export async function load(u,c,n){process.stderr.write(\\"LOADED \\"+u+\\"\\\\n\\");return n(u,c)}"))',
)}`;

const work = mkdtempSync(join(tmpdir(), 'fast-command-'));
const COMMANDER = join(work, 'dist', 'cli.mjs');
/** The bundle as before dist/mco.cjs: args.json, no script. */
const NO_SCRIPT = join(work, 'no-script', 'cli.mjs');
const MISSING = join(work, 'missing', 'client.cfg');

function run(cli: string, args: readonly string[], traced = true) {
	const node = traced ? ['--import', TRACE, cli] : [cli];
	// A private HOME: the code cache of these runs is theirs (none is saved: they exit 2).
	const env = {...process.env, HOME: join(work, 'home'), XDG_CACHE_HOME: ''};
	const r = spawnSync(process.execPath, [...node, ...args], {encoding: 'utf8', env});
	const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
	return {
		code: r.status,
		stdout: r.stdout,
		stderr: r.stderr
			.split('\n')
			.filter((l) => !l.startsWith('LOADED '))
			.join('\n'),
		commanderRan: loaded.some((l) => l.includes('cli-program')),
		pingLoaded: loaded.some((l) => /\/ping-[A-Z0-9]+\.mjs$/.test(l)),
		rpcLoaded: loaded.some((l) => /\/rpc-[A-Z0-9]+\.mjs$/.test(l)),
	};
}

before(() => {
	buildBundle(ROOT);
	cpSync(join(ROOT, 'dist'), join(work, 'dist'), {recursive: true});
	rmSync(join(work, 'dist', 'args.json'));
	cpSync(join(ROOT, 'dist'), join(work, 'no-script'), {recursive: true});
	rmSync(join(work, 'no-script', 'mco.cjs'));
	// the program reads its --help words from content/help.md next to dist/, as the package ships them
	cpSync(join(ROOT, 'content'), join(work, 'content'), {recursive: true});
});
after(() => rmSync(work, {recursive: true, force: true}));

describe('ping without commander answers as commander’s ping (issue 12)', () => {
	it('the build wrote dist/args.json and dist/mco.cjs', () => {
		assert.ok(existsSync(join(ROOT, 'dist', 'args.json')));
		assert.ok(existsSync(join(ROOT, 'dist', 'mco.cjs')));
	});

	for (const args of [
		['ping', '-c', MISSING, '--expect', '1'],
		['ping', `--config=${MISSING}`, '-t', '1', '--json'],
		['ping', '-c', MISSING, '-I', 'node1', '-A', 'rpcutil', '--expect-file', MISSING],
	]) {
		it(`${args.join(' ')}: same output and exit code, program not loaded`, () => {
			const fast = run(FAST, args);
			const reference = run(COMMANDER, args, false);
			assert.equal(fast.commanderRan, false);
			assert.equal(fast.pingLoaded, false, 'ping ran from dist/mco.cjs, not its ES module chunk');
			assert.equal(reference.code, 2, reference.stderr);
			assert.equal(fast.code, reference.code);
			assert.equal(fast.stdout, reference.stdout);
			assert.equal(fast.stderr, reference.stderr);
			const chunk = run(NO_SCRIPT, args);
			assert.equal(chunk.commanderRan, false);
			assert.equal(chunk.pingLoaded, true, 'without dist/mco.cjs: the ES module chunk');
			assert.deepEqual([chunk.code, chunk.stdout, chunk.stderr], [fast.code, fast.stdout, fast.stderr]);
		});
	}

	for (const args of [
		['rpc', 'rpcutil', 'ping', '-c', MISSING, '-I', 'node1'],
		['rpc', '-c', MISSING, 'openshift', 'echo', 'msg=foo', '--json'],
		['rpc', 'openshift', 'echo', 'msg=foo', 'n=1', `--config=${MISSING}`, '--dt', '1', '-t', '3'],
		['rpc', 'Bad-Agent!', 'echo', '-c', MISSING],
	]) {
		it(`${args.join(' ')}: same output and exit code, program not loaded`, () => {
			const fast = run(FAST, args);
			const reference = run(COMMANDER, args, false);
			assert.equal(fast.commanderRan, false);
			assert.equal(fast.rpcLoaded, false, 'rpc ran from dist/mco.cjs, not its ES module chunk');
			assert.equal(reference.code, 2, reference.stderr);
			assert.deepEqual(
				[fast.code, fast.stdout, fast.stderr],
				[reference.code, reference.stdout, reference.stderr],
			);
			const chunk = run(NO_SCRIPT, args);
			assert.equal(chunk.commanderRan, false);
			assert.equal(chunk.rpcLoaded, true, 'without dist/mco.cjs: the ES module chunk');
			assert.deepEqual([chunk.code, chunk.stdout, chunk.stderr], [fast.code, fast.stdout, fast.stderr]);
		});
	}

	for (const args of [
		['rpc', 'rpcutil', 'ping', '-c', MISSING, '-I', 'node1', 'msg=foo'],
		['rpc', 'rpcutil', '-c', MISSING],
		['rpc', 'rpcutil', 'ping', '-c', MISSING, '--dt', '0'],
		['rpc', 'rpcutil', 'ping', '-c', MISSING, '--', '--json'],
	]) {
		it(`${args.join(' ')}: commander answers, as without args.json`, () => {
			const fast = run(FAST, args);
			const reference = run(COMMANDER, args, false);
			assert.equal(fast.commanderRan, true);
			assert.deepEqual(
				[fast.code, fast.stdout, fast.stderr],
				[reference.code, reference.stdout, reference.stderr],
			);
		});
	}

	for (const args of [
		['ping', '-c', MISSING, '--bogus'],
		['ping', '--expect', '1'],
		['ping', '-c', MISSING, '-t', '0'],
		['ping', '-c', MISSING, '--expect', '-1'],
		['ping', '-c', MISSING, 'extra'],
	]) {
		it(`${args.join(' ')}: commander's usage error, exit 2`, () => {
			const fast = run(FAST, args);
			const reference = run(COMMANDER, args, false);
			assert.equal(fast.commanderRan, true);
			assert.equal(fast.code, 2);
			assert.match(fast.stderr, /^error: /);
			assert.equal(fast.stderr, reference.stderr);
		});
	}
});

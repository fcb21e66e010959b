/**
 * The bundle's `--help` printed from dist/help.json is byte for byte commander's own: the same
 * bundle without help.json (src/io/fast-help.ts then leaves argv to commander) is the reference,
 * under two environments, for the program and every subcommand with a fast path.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {FAST_HELP_COMMANDS} from '../../src/core/fast-help.js';
import {buildBundle} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FAST = join(ROOT, 'dist', 'cli.mjs');
/** Writes every module URL the process loads to stderr: shows whether commander's program ran. */
const TRACE = `data:text/javascript,${encodeURIComponent(
	'import {register} from "node:module";register("data:text/javascript,"+encodeURIComponent("export async function load(u,c,n){process.stderr.write(\\"LOADED \\"+u+\\"\\\\n\\");return n(u,c)}"))',
)}`;

const work = mkdtempSync(join(tmpdir(), 'fast-help-'));
const COMMANDER = join(work, 'dist', 'cli.mjs');
const ENVS: [string, NodeJS.ProcessEnv][] = [
	['one HOME', {...process.env, HOME: join(work, 'home-a'), XDG_STATE_HOME: ''}],
	[
		'another HOME and XDG_STATE_HOME',
		{...process.env, HOME: join(work, 'home-b'), XDG_STATE_HOME: join(work, 'xdg')},
	],
];

/** `traced`: with the module trace (it starts a loader thread, so only where it is asserted). */
function run(cli: string, args: readonly string[], env: NodeJS.ProcessEnv, traced = true) {
	const node = traced ? ['--import', TRACE, cli] : [cli];
	const r = spawnSync(process.execPath, [...node, ...args], {encoding: 'utf8', env});
	const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
	const stderr = r.stderr
		.split('\n')
		.filter((l) => !l.startsWith('LOADED '))
		.join('\n');
	return {
		code: r.status,
		stdout: r.stdout,
		stderr,
		commanderRan: loaded.some((l) => l.includes('cli-program')),
	};
}

before(() => {
	buildBundle(ROOT);
	cpSync(join(ROOT, 'dist'), join(work, 'dist'), {recursive: true});
	// the program reads its --help words from content/help.md next to dist/, as the package ships them
	cpSync(join(ROOT, 'content'), join(work, 'content'), {recursive: true});
	rmSync(join(work, 'dist', 'help.json'));
});
after(() => rmSync(work, {recursive: true, force: true}));

describe('fast --help is commander’s help, byte for byte', () => {
	it('the build wrote dist/help.json', () => {
		assert.ok(existsSync(join(ROOT, 'dist', 'help.json')));
	});

	const launches = [['--help'], ['-h'], ...FAST_HELP_COMMANDS.map((c) => [c, '--help']), ['ping', '-h']];
	for (const [envName, env] of ENVS) {
		for (const args of launches) {
			it(`${args.join(' ')} (${envName})`, () => {
				const fast = run(FAST, args, env);
				// Without help.json the bundle cannot take the fast path: this is commander's answer.
				const reference = run(COMMANDER, args, env, false);
				assert.equal(fast.commanderRan, false, 'printed without loading the program');
				assert.equal(fast.code, 0);
				assert.equal(reference.code, 0);
				assert.match(reference.stdout, /^Usage: mco-wizard /);
				assert.equal(fast.stdout, reference.stdout);
				assert.equal(fast.stderr, reference.stderr);
			});
		}
	}

	it('leaves the other help requests to commander, which still answers them', () => {
		const [, env] = ENVS[0] ?? [];
		for (const args of [
			['wizard', '--help'],
			['export', '--help'],
			['help', 'ping'],
			['ping', '--help', '--json'],
		]) {
			const r = run(FAST, args, env ?? process.env);
			assert.equal(r.commanderRan, true, args.join(' '));
			assert.equal(r.code, 0, args.join(' '));
			assert.match(r.stdout, /^Usage: mco-wizard /, args.join(' '));
		}
	});
});

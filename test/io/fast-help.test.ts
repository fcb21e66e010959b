/**
 * The bundle's `--help` printed from dist/help.json is byte for byte commander's own: the same
 * bundle without help.json (src/io/fast-help.ts then leaves argv to commander) is the reference,
 * under several environments (the wizard's and export's help name a default path read from
 * them), for the program and every subcommand.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
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
/** The variables the program reads defaults from (src/io/progress-path.ts): set by each ENV only. */
const CLEAN = {...process.env, XDG_STATE_HOME: '', XDG_CONFIG_HOME: '', MCO_WIZARD_STATE: ''};
/**
 * wizard --help and export --help name the default progress file: under these it is short, long
 * enough that commander would wrap it on the option's first line, with spaces, and set outright.
 */
const ENVS: [string, NodeJS.ProcessEnv][] = [
	['one HOME', {...CLEAN, HOME: join(work, 'home-a')}],
	[
		'another HOME and XDG_STATE_HOME',
		{...CLEAN, HOME: join(work, 'home-b'), XDG_STATE_HOME: join(work, 'xdg')},
	],
	['a short HOME', {...CLEAN, HOME: '/h'}],
	[
		'a HOME with spaces, and a long XDG_CONFIG_HOME',
		{...CLEAN, HOME: join(work, 'my home'), XDG_CONFIG_HOME: join(work, 'c'.repeat(90))},
	],
	['MCO_WIZARD_STATE', {...CLEAN, HOME: join(work, 'home-c'), MCO_WIZARD_STATE: 'state dir/progress.ini'}],
];

/** The default progress file a launch under `env` names, as src/io/progress-path.ts makes it. */
function progressPathUnder(env: NodeJS.ProcessEnv): string {
	if (env.MCO_WIZARD_STATE) return resolve(env.MCO_WIZARD_STATE);
	return join(env.XDG_CONFIG_HOME || join(env.HOME ?? '', '.config'), 'mco-wizard', 'progress.ini');
}

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
				// the default progress file is this launch's, not the build machine's
				if (args[0] === 'wizard' || args[0] === 'export')
					assert.ok(fast.stdout.includes(`${progressPathUnder(env)})`), fast.stdout);
			});
		}
	}

	it('leaves the other help requests to commander, which still answers them', () => {
		const [, env] = ENVS[0] ?? [];
		for (const args of [
			['help', 'wizard'],
			['export', '--help', '--encrypt'],
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

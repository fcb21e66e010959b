/**
 * The wizard in a real terminal (a tmux pane, 80×24): it draws within the window, follows a
 * resize, and Ctrl-C leaves the terminal clean: cooked mode (icanon, echo) and a visible cursor
 * restored, exit code 0, progress saved. Skips when tmux is not installed.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {
	buildBundle,
	capturePane,
	hasTmux,
	killSession,
	startSession,
	tmux,
	waitForPane,
} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every role on this one machine (what the lab host is): no role question, whatever runs here. */
const ALL_ROLES = 'message-broker,client,node';
describe('wizard in a real terminal (tmux)', {skip: hasTmux ? false : 'tmux is not installed'}, () => {
	// the bundle `npm start` runs, not tsx compiling every module on a loaded CI machine
	before(() => buildBundle(ROOT));
	it('fits 80×24, follows a resize, and Ctrl-C restores the terminal', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-pty-'));
		const session = `mco-wizard-test-${process.pid}`;
		const state = join(dir, 'progress.ini');
		const commands = [
			// one machine with every role: the test must not depend on what runs on this host
			`node dist/cli.cjs --role ${ALL_ROLES} --config-dir ${join(dir, 'etc')} --state ${state}`,
			'echo EXIT=$?',
			"stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '",
			'echo; sleep 60',
		].join('; ');
		try {
			startSession(session, {cwd: ROOT, commands});
			const first = await waitForPane(session, /Landmark 1: Ingredients/);
			// at 80 columns the box under the form teaches the field in focus (issue 11)
			assert.match(first, /── ActiveMQ host/);
			assert.match(first, /The message broker is ActiveMQ/);
			assert.match(
				first.split('\n')[0] ?? '',
				/1 Ingredients/,
				'the header is the first line: nothing scrolled away',
			);
			assert.equal(
				tmux('display', '-p', '-t', session, '#{cursor_flag}').trim(),
				'0',
				'Ink hides the cursor',
			);
			tmux('send-keys', '-t', session, 'msg1.example.com');
			await waitForPane(session, /ActiveMQ host\s+msg1\.example\.com/);
			tmux('resize-window', '-t', session, '-x', '140', '-y', '40');
			await waitForPane(session, /^mco-wizard ▶ 1 Ingredients/m);
			await waitForPane(session, /Broker vs message broker/);
			tmux('send-keys', '-t', session, 'C-c');
			const after = await waitForPane(session, /EXIT=\d+[\s\S]*echo/);
			assert.match(after, /Progress saved to /);
			assert.match(after, /EXIT=0/);
			assert.match(after, /(^|\s)icanon(\s|$)/m, 'cooked mode restored');
			assert.match(after, /(^|\s)echo(\s|$)/m, 'echo restored');
			assert.equal(
				tmux('display', '-p', '-t', session, '#{cursor_flag}').trim(),
				'1',
				'cursor visible again',
			);
			assert.equal((await stat(state)).mode & 0o777, 0o600);
		} finally {
			killSession(session);
			// The killed wizard may still be writing its progress file: retry the removal.
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});

	it('honours NO_COLOR and --no-color: no colour escapes at all, while the default has them', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-color-'));
		// ESC [ ... 3x/9x/38;... m: a foreground colour (built with RegExp to keep ESC readable).
		const colours = new RegExp(`${String.fromCharCode(27)}\\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[0-9;]+)m`);
		const run = async (name: string, prefix: string, flag: string) => {
			const session = `mco-wizard-color-${name}-${process.pid}`;
			const command = `${prefix} node dist/cli.cjs ${flag} --role ${ALL_ROLES} --config-dir ${join(dir, 'etc')} --state ${join(dir, `${name}.ini`)}`;
			try {
				startSession(session, {cwd: ROOT, commands: [command, 'sleep 60']});
				await waitForPane(session, /Landmark 1: Ingredients/);
				return capturePane(session, {escapes: true});
			} finally {
				killSession(session);
			}
		};
		try {
			assert.match(await run('default', 'env -u NO_COLOR FORCE_COLOR=1', ''), colours, 'colours by default');
			assert.doesNotMatch(await run('env', 'NO_COLOR=1', ''), colours, 'NO_COLOR');
			assert.doesNotMatch(await run('flag', 'env -u NO_COLOR', '--no-color'), colours, '--no-color');
		} finally {
			// The killed wizard may still be writing its progress file: retry the removal.
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});
});

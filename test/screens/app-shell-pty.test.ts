/**
 * The app shell (src/io/first-frame-shell.ts) in a real terminal (a tmux pane, 100×30): the frame
 * drawn before Ink loads is replaced in place (one copy of the screen, nothing of the shell's
 * words left, the header on the first line), keys typed from the very start land in the form
 * rather than on the screen, a second launch (its frame cached from then on, 0600) draws one
 * screen too, and the terminal is clean after. Which frame the shell picks is
 * test/io/first-frame-shell.test.ts's; bench/results/app-shell-tmux.md shows the cached one. Skips when tmux is not installed.
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
const ALL_ROLES = 'message-broker,client,node';
const count = (text: string, word: string) => text.split(word).length - 1;

describe('app shell in a real terminal (tmux)', {skip: hasTmux ? false : 'tmux is not installed'}, () => {
	before(() => buildBundle(ROOT));
	it('replaces its frame in place, keeps early keys, and a second launch draws one screen too', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-shell-'));
		const session = `mco-wizard-shell-${process.pid}`;
		const state = join(dir, 'progress.ini');
		const launch = `node dist/cli.cjs --role ${ALL_ROLES} --config-dir ${join(dir, 'etc')} --state ${state}`;
		// `read`: the second launch waits for Enter, so EXIT1 stays on the screen until seen.
		const commands = [launch, 'echo EXIT1=$?', 'read -r _', 'clear', launch, 'echo EXIT2=$?', 'sleep 60'];
		try {
			startSession(session, {cwd: ROOT, commands, cols: 100, rows: 30});
			// Typed at once: before Node has even started, the terminal echoes (nothing to do about
			// that); once the shell is up the keys are kept for Ink. Either way they end in the field.
			await waitForPane(session, /\S/);
			tmux('send-keys', '-t', session, 'msg1.example.com');
			const first = await waitForPane(session, /ActiveMQ host\s+msg1\.example\.com/);
			assert.doesNotMatch(first, /Loading the wizard/, "nothing of the shell's frame is left");
			assert.equal(count(first, 'Landmark 1: Ingredients'), 1, 'one copy of the screen');
			assert.match(first.split('\n')[0] ?? '', /1 Ingredients/, 'the header is the first line');
			tmux('send-keys', '-t', session, 'C-c');
			await waitForPane(session, /EXIT1=0/);
			tmux('send-keys', '-t', session, 'Enter');
			// Second launch: the progress saved by the first is another key (plain frame again); Ink's frame is cached.
			const second = await waitForPane(session, /Landmark 1: Ingredients/);
			assert.equal(count(second, 'Landmark 1: Ingredients'), 1, 'one copy of the screen');
			assert.doesNotMatch(second, /Loading the wizard/);
			assert.equal((await stat(join(dir, 'first-frame.json'))).mode & 0o777, 0o600);
			tmux('send-keys', '-t', session, 'C-c');
			const after = await waitForPane(session, /EXIT2=0/);
			assert.match(after, /Progress saved to /);
			assert.equal(
				tmux('display', '-p', '-t', session, '#{cursor_flag}').trim(),
				'1',
				'cursor visible again',
			);
			assert.ok(capturePane(session).includes('EXIT2=0'));
		} finally {
			killSession(session);
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});
});

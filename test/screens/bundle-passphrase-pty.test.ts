/**
 * The wizard started with a sealed bundle in a real terminal (tmux): the passphrase prompt comes
 * before Ink, so the app shell's frame is dismissed under it and the terminal handed back. The
 * prompt must then keep the process alive until the passphrase is typed (a reader of an unref'd
 * stdin let the process end under the prompt with exit 13, seen in CI), read it without echo, and
 * refuse a wrong one with exit 2 and nothing written. Skips when tmux is not installed.
 */
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {bundleFor} from '../../src/commands/export.js';
import {encodeBundle} from '../../src/core/bundle.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {
	buildBundle,
	capturePane,
	delay,
	hasTmux,
	killSession,
	startSession,
	tmux,
	waitForPane,
} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('a sealed bundle at the wizard (tmux)', {skip: hasTmux ? false : 'tmux is not installed'}, () => {
	before(() => buildBundle(ROOT));
	it('waits at the passphrase prompt, does not echo it, and refuses a wrong one with exit 2', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-bundle-pty-'));
		const session = `mco-wizard-bundle-${process.pid}`;
		const bundle = join(dir, 'answers.bundle');
		await writeFile(bundle, encodeBundle(bundleFor(SEED_INGREDIENTS), 'the right passphrase'), {mode: 0o600});
		const etc = join(dir, 'etc');
		const launch = `node dist/cli.cjs --answers ${bundle} --config-dir ${etc} --role client --state ${join(dir, 'p.ini')}`;
		try {
			startSession(session, {cwd: ROOT, commands: [launch, 'echo WIZARD-EXIT=$?', 'sleep 60']});
			await waitForPane(session, /Passphrase of the bundle/);
			// nobody has typed yet: the process must still be waiting, not gone
			await delay(1500);
			assert.doesNotMatch(capturePane(session), /WIZARD-EXIT=/, 'the wizard ended under its own prompt');
			tmux('send-keys', '-t', session, '-l', 'not the passphrase');
			tmux('send-keys', '-t', session, 'Enter');
			const screen = await waitForPane(session, /WIZARD-EXIT=\d+/);
			assert.match(screen, /WIZARD-EXIT=2/);
			assert.match(screen, /Cannot read answers file/);
			assert.doesNotMatch(screen, /not the passphrase/, 'the typed passphrase was echoed');
			assert.equal(existsSync(etc), false, 'something was written after a wrong passphrase');
		} finally {
			killSession(session);
			await rm(dir, {recursive: true, force: true});
		}
	});
});

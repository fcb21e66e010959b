/**
 * `mco-wizard practice` in a real terminal (a tmux pane, 80×24): the wizard comes up on the range,
 * a node1 restart (the practice `service mcollective restart`) leaves the wizard's keys working,
 * and quitting (Ctrl-C) or closing the terminal stops the range: no practice process is left and
 * the terminal is back in cooked mode. Skips when tmux is not installed.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runningDaemons} from '../../src/io/platform.js';
import {
	buildBundle,
	delay,
	hasTmux,
	killSession,
	startSession,
	tmux,
	waitForPane as waitForPaneWithin,
} from '../helpers/tmux.js';

/** Starting the range and node1 takes a while on a loaded machine. */
const waitForPane = (session: string, pattern: RegExp) => waitForPaneWithin(session, pattern, 60_000);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Processes whose command line names the practice dir (node1, the range itself). */
function practiceProcesses(dir: string): string[] {
	const ps = spawnSync('ps', ['-eo', 'pid=,args='], {encoding: 'utf8'}).stdout;
	return ps.split('\n').filter((l) => l.includes(dir) && !l.includes('tmux'));
}

async function gone(dir: string, timeoutMs = 10_000): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	let left = practiceProcesses(dir);
	while (left.length > 0 && Date.now() < deadline) {
		await delay(200);
		left = practiceProcesses(dir);
	}
	return left;
}

describe('practice in a real terminal (tmux)', {skip: hasTmux ? false : 'tmux is not installed'}, () => {
	// the bundle `npm start` runs (built when stale), not tsx compiling every module on a loaded CI machine
	before(() => buildBundle(ROOT));
	it('Ctrl-C quits the wizard and stops the range; a node1 restart keeps raw mode', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-practice-pty-'));
		const session = `mco-practice-test-${process.pid}`;
		const commands = [
			`node dist/cli.cjs practice --scenario psk-mismatch --dir ${dir}`,
			'echo EXIT=$?',
			"stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '",
			'echo; sleep 60',
		].join('; ');
		try {
			startSession(session, {cwd: ROOT, commands});
			await waitForPane(session, /Landmark 2: MCollective client/);
			const mine = async () =>
				((await runningDaemons('plain')) ?? []).filter((d) => d.config === join(dir, 'server.cfg'));
			for (let i = 0; i < 100 && (await mine()).length === 0; i++) await delay(200);
			const [before] = await mine();
			assert.ok(before, 'node1 runs as mcollectived --config=<dir>/server.cfg');
			// the practice `service mcollective restart`, as the server landmark runs it
			execFileSync(join(dir, 'bin', 'mcollective-restart'), {encoding: 'utf8'});
			const [after] = await mine();
			assert.ok(after && after.pid !== before.pid, 'a new node1 process');
			// the wizard still reads keys one by one (raw mode): m opens the map
			tmux('send-keys', '-t', session, 'm');
			await waitForPane(session, /Progress map/);
			tmux('send-keys', '-t', session, 'C-c');
			const end = await waitForPane(session, /EXIT=\d+[\s\S]*echo/);
			assert.match(end, /EXIT=0/);
			assert.match(end, /The practice range stopped/);
			assert.match(end, /(^|\s)icanon(\s|$)/m, 'cooked mode restored');
			assert.deepEqual(await gone(dir), [], 'no practice process left');
		} finally {
			killSession(session);
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});

	it('closing the terminal (tmux kill-session) stops the range too', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-practice-hup-'));
		const session = `mco-practice-hup-${process.pid}`;
		try {
			startSession(session, {cwd: ROOT, commands: `node dist/cli.cjs practice --dir ${dir}`});
			await waitForPane(session, /Landmark 1: Ingredients/);
			assert.ok(practiceProcesses(dir).length > 0);
			killSession(session);
			assert.deepEqual(await gone(dir), [], 'no practice process left');
		} finally {
			killSession(session);
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});
});

/**
 * Issue 11's promise, on a machine with only Node.js: `mco-wizard practice` in a real terminal
 * (tmux, 80×24) takes a learner through all five landmarks to green while MCollective, Ruby, Java
 * and ActiveMQ are absent (a private mount namespace hides them: test/helpers/no-mcollective.ts).
 * The agent landmark's rpc goes through the native client there. Skips without tmux or without
 * the right to mount (not root).
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {cannotHide, withoutMcollective} from '../helpers/no-mcollective.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// a tmux server of its own (started inside the namespace, so the pane is too)
const SOCKET = `mco-practice-nodeonly-${process.pid}`;
const SESSION = 'walk';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8'});
const keys = (...k: string[]) => tmux('send-keys', '-t', SESSION, ...k);

async function waitForPane(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let pane = '';
	while (Date.now() < deadline) {
		pane = tmux('capture-pane', '-p', '-t', SESSION);
		if (pattern.test(pane)) return pane;
		await delay(150);
	}
	throw new Error(`pane never matched ${pattern}; last:\n${pane}`);
}

const scratch = await mkdtemp(join(tmpdir(), 'mco-nodeonly-scratch-'));
const skip = !hasTmux ? 'tmux is not installed' : cannotHide(scratch);

describe('practice on a machine with only Node.js (no MCollective, Ruby, Java)', {
	skip: skip ?? false,
}, () => {
	let dir = '';
	before(async () => {
		execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], {cwd: ROOT, stdio: 'inherit'});
		dir = await mkdtemp(join(tmpdir(), 'mco-practice-nodeonly-'));
	});
	after(async () => {
		spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', SESSION]);
		await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		await rm(scratch, {recursive: true, force: true});
	});

	it('npm start -- practice walks all five landmarks to green', {timeout: 170_000}, async () => {
		const which = join(dir, 'which.txt');
		const command = [
			`cd ${ROOT}`,
			// what this shell can reach, recorded for the assertions below
			`{ which mco mcollectived ruby java; ls -A /usr/share/mcollective /usr/lib/ruby; } > ${which} 2>&1`,
			`node dist/cli.cjs practice --dir ${dir}`,
			'echo EXIT=$?',
			'sleep 60',
		].join('; ');
		const [file, ...args] = withoutMcollective(scratch, [
			'tmux',
			'-L',
			SOCKET,
			'new-session',
			'-d',
			'-s',
			SESSION,
			'-x',
			'80',
			'-y',
			'24',
			command,
		]);
		execFileSync(file as string, args, {stdio: 'inherit'});

		await waitForPane(/Landmark 1: Ingredients/);
		const reachable = await readFile(which, 'utf8');
		assert.doesNotMatch(
			reachable,
			/^\/\S*\/(mco|mcollectived|ruby|java)$/m,
			'no MCollective/Ruby/Java program',
		);
		assert.doesNotMatch(reachable, /^\S+\.rb$|^mcollective$|^vendor_ruby$/m, 'no Ruby library');

		// Landmark 1: the range's answers are filled in; Enter through every field
		for (let i = 0; i < 11; i++) {
			keys('Enter');
			await delay(120);
		}
		await waitForPane(/Write .* \(backup kept, mode 0600\)\? y\/n/);
		keys('y');
		await waitForPane(/Keep the secrets .* y\/n/s);
		keys('n');
		await waitForPane(/Enter to continue to the next landmark/);
		keys('Enter');
		await waitForPane(/Landmark 2: MCollective client/);
		keys('Enter');
		await waitForPane(/Landmark 2 verified/);
		keys('Enter');
		await waitForPane(/Landmark 3: MCollective server[\s\S]*Enter run/);
		keys('Enter');
		await waitForPane(/mcollective-restart now\? y\/n/);
		keys('y');
		const server = await waitForPane(/Landmark 3 verified/);
		assert.match(server, /mcollectived pid \d+ --config=/);
		keys('Enter');
		await waitForPane(/Landmark 4: End to end[\s\S]*Enter run/);
		keys('Enter');
		const e2e = await waitForPane(/Landmark 4 verified/);
		assert.match(e2e, /2 replied: node\d\.practice/);
		keys('Enter');
		await waitForPane(/Landmark 5: OpenShift agent[\s\S]*Enter run/);
		keys('Enter');
		const agent = await waitForPane(/Landmark 5 verified/);
		assert.match(agent, /openshift agent loaded on node1\.practice, node2\.practice/);
		assert.match(agent, /node\d\.practice: Message: foo/);
		keys('Enter');
		await waitForPane(/All five landmarks verified/);
		keys('q');
		const end = await waitForPane(/EXIT=\d+/);
		assert.match(end, /EXIT=0/);
	});
});

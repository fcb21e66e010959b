/**
 * The issue's "Done means" walk, as a new user would do it in a real terminal (tmux) on the
 * three-host lab: the wizard runs AS broker (`hosts.sh on broker`), writes client.cfg over a broken
 * one (the seed's, verbatim: diff shown, backup kept, mode 0600) and landmark 2 goes green; then AS
 * node1, whose server.cfg is broken (the lab's node-wrong-password), it writes server.cfg, restarts
 * mcollectived through its serviceRestart (`hosts.sh restart-server`) and landmark 3 goes green;
 * then the real `mco ping` on broker lists node1 and node2, and back in the broker's wizard
 * landmarks 4 and 5 go green. Roles are detected, not given. At 80×24 and at 160×48. No secret
 * appears in any pane. Everything runs inside the fault window, so the lab's good configs are
 * restored afterwards (and the backups the wizard made are removed).
 *
 * MCO_TEST_PANES_DIR=DIR keeps the panes of each step there (for a report); nothing else changes.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'ini';
import {type HostName, LAB3, pingedIdentities, requireLab3} from '../helpers/lab3.js';
import {capturePane, delay, hasTmux, killSession, startSession, tmux, waitForPane} from '../helpers/tmux.js';
import {BOTH, fault3Test, out, ping} from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED_CLIENT_CFG = join(ROOT, 'lab', 'mcollective', 'seed-client.cfg');

/** The secrets of the lab's answers files: none may appear in a pane. */
function secrets(): string[] {
	const a = parse(readFileSync(LAB3.answers('broker'), 'utf8')).ingredients as Record<string, string>;
	return [a.topicPassword, a.adminPassword, a.psk].filter(
		(s): s is string => typeof s === 'string' && s !== '',
	);
}

/** The wizard's backups of `file` on a host, as the machine sees them. */
const backups = (host: HostName, file: string) =>
	readdirSync(LAB3.etcMcollective(host))
		.filter((n) => n.startsWith(`${file}.bak-`))
		.map((n) => join(LAB3.etcMcollective(host), n));

type Terminal = {
	session: string;
	/** Waits for the pattern, keeps the pane (for the secrets check and MCO_TEST_PANES_DIR). */
	see(pattern: RegExp, timeoutMs?: number, name?: string): Promise<string>;
	keys(...keys: string[]): void;
};

/** The wizard started as `host` in its own tmux session of the given size. */
function openWizard(
	host: HostName,
	size: {x: number; y: number},
	stateDir: string,
	panes: string[],
): Terminal {
	const session = `threehosts-walk-${host}-${size.x}-${process.pid}`;
	const wizard = `cd ${ROOT} && node dist/cli.cjs --answers ${LAB3.answers(host)} --state ${join(stateDir, `${host}.ini`)}`;
	startSession(session, {
		commands: `bash ${LAB3.hostsSh} on ${host} bash -c '${wizard}; echo EXIT=$?; sleep 30'`,
		cols: size.x,
		rows: size.y,
	});
	const keep = process.env.MCO_TEST_PANES_DIR;
	return {
		session,
		async see(pattern, timeoutMs = 30_000, name) {
			const pane = await waitForPane(session, pattern, timeoutMs);
			panes.push(pane);
			if (keep && name) {
				mkdirSync(keep, {recursive: true});
				writeFileSync(
					join(keep, `${size.x}x${size.y}-${String(panes.length).padStart(2, '0')}-${host}-${name}.txt`),
					pane,
				);
			}
			return pane;
		},
		keys(...keys) {
			tmux('send-keys', '-t', session, ...keys);
		},
	};
}

/**
 * Waits for `pattern`, pressing Enter past the screens of landmarks that run on another host
 * ("Landmark 1b (…) runs on the message broker …, not on this host"): nothing runs there.
 */
async function onTo(w: Terminal, pattern: RegExp, timeoutMs = 20_000, name?: string): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pane = capturePane(w.session);
		if (pattern.test(pane) || Date.now() > deadline) return w.see(pattern, 1_000, name);
		// a landmark of another host (1b on broker and node1) must never offer a write here
		if (/Write the configuration[\s\S]*\/activemq\.xml/.test(pane)) {
			throw new Error(`landmark 1b offered to write activemq.xml on a host that is not msg1:\n${pane}`);
		}
		if (/^Landmark \w+ \([^)]*\) runs on the /m.test(pane)) {
			w.keys('Enter');
			await delay(700);
		} else await delay(150);
	}
}

/** Enter through the ingredients form (every field prefilled from the answers file) to the diff. */
async function toTheDiff(w: Terminal): Promise<string> {
	await w.see(/Landmark 1: Ingredients/, 30_000, 'ingredients');
	for (let i = 0; i < 20; i++) {
		if (/Write the configuration/.test(capturePane(w.session))) break;
		w.keys('Enter');
		await delay(300);
	}
	return w.see(/Write 1 file \(backup kept, mode 0600\)\? y\/n/, 10_000, 'diff');
}

/** y (write), n (secrets stay out of the progress file), Enter: on to the next landmark. */
async function writeIt(w: Terminal, file: string): Promise<string> {
	w.keys('y');
	const written = await w.see(/Keep the secrets in the progress file/, 10_000, 'written');
	assert.match(written, new RegExp(`wrote /etc/mcollective/${file.replace('.', '\\.')} \\(mode 0600\\)`));
	w.keys('n');
	await w.see(/Enter to continue to the next landmark/, 10_000);
	w.keys('Enter');
	return written;
}

async function walk(size: {x: number; y: number}) {
	const stateDir = await mkdtemp(join(tmpdir(), 'threehosts-walk-'));
	const panes: string[] = [];
	const opened: Terminal[] = [];
	const clientCfg = join(LAB3.etcMcollective('broker'), 'client.cfg');
	const serverCfg = join(LAB3.etcMcollective('node1'), 'server.cfg');
	try {
		// node-wrong-password is on: node1's server.cfg is wrong and node1 does not connect. A new
		// user's client.cfg is the seed's, copied verbatim (connector stomp, no password).
		const before = await ping();
		assert.deepEqual(
			pingedIdentities(before.stdout),
			[LAB3.fqdn('node2')],
			`only node2 answers yet: ${out(before)}`,
		);
		const brokenServerCfg = readFileSync(serverCfg, 'utf8');
		copyFileSync(SEED_CLIENT_CFG, clientCfg);

		// ---- broker: landmark 1 writes client.cfg, landmark 2 goes green
		const broker = openWizard('broker', size, stateDir, panes);
		opened.push(broker);
		const clientDiff = await toTheDiff(broker);
		assert.match(clientDiff, /--- \/etc\/mcollective\/client\.cfg\s+current/);
		assert.match(clientDiff, /\+\+\+ \/etc\/mcollective\/client\.cfg\s+proposed/);
		assert.match(clientDiff, /mco client|OpenShift broker/, 'the role is detected: the MCollective client');
		assert.doesNotMatch(clientDiff, /server\.cfg/, 'broker writes no server.cfg');
		await writeIt(broker, 'client.cfg');
		const [clientBackup, ...moreClient] = backups('broker', 'client.cfg');
		assert.ok(clientBackup && moreClient.length === 0, 'one backup of client.cfg');
		assert.equal(
			readFileSync(clientBackup, 'utf8'),
			readFileSync(SEED_CLIENT_CFG, 'utf8'),
			'the backup is the old file',
		);
		assert.equal(statSync(clientBackup).mode & 0o777, 0o600);
		assert.equal(statSync(clientCfg).mode & 0o777, 0o600);
		assert.match(
			readFileSync(clientCfg, 'utf8'),
			/^plugin\.activemq\.pool\.1\.host = msg1\.infra\.example\.com$/m,
		);
		await onTo(broker, /Landmark 2: MCollective client[\s\S]*Enter runs the checks/);
		broker.keys('Enter');
		const l2 = await broker.see(/Landmark 2 (verified|failed)/, 60_000, 'landmark2');
		assert.match(l2, /Landmark 2 verified/, l2);

		// ---- node1: landmark 1 writes server.cfg, landmark 3 restarts mcollectived and goes green
		const node1 = openWizard('node1', size, stateDir, panes);
		opened.push(node1);
		const serverDiff = await toTheDiff(node1);
		assert.match(serverDiff, /--- \/etc\/mcollective\/server\.cfg\s+current/);
		assert.doesNotMatch(serverDiff, /client\.cfg/, 'node1 writes no client.cfg');
		await writeIt(node1, 'server.cfg');
		const [serverBackup, ...moreServer] = backups('node1', 'server.cfg');
		assert.ok(serverBackup && moreServer.length === 0, 'one backup of server.cfg');
		assert.equal(readFileSync(serverBackup, 'utf8'), brokenServerCfg, 'the backup is the old file');
		assert.equal(statSync(serverCfg).mode & 0o777, 0o600);
		// landmarks 1b and 2 run on other hosts: Enter past their screens, nothing runs
		await onTo(
			node1,
			/Landmark 3: MCollective server[\s\S]*Enter runs the checks/,
			20_000,
			'landmark3-start',
		);
		node1.keys('Enter');
		await node1.see(/restart-server now\? y\/n/, 30_000, 'restart-question');
		node1.keys('y');
		const l3 = await node1.see(/Landmark 3 (verified|failed)/, 90_000, 'landmark3');
		assert.match(l3, /Landmark 3 verified/, l3);

		// ---- the real mco on broker, with the client.cfg the wizard wrote, reaches both nodes
		const p = await ping();
		assert.deepEqual(pingedIdentities(p.stdout), BOTH, out(p));

		// ---- broker again: landmark 3 is the node's, then 4 and 5 go green
		broker.keys('Enter');
		await broker.see(/Landmark 3 \(MCollective server\) runs on the node/, 10_000, 'elsewhere');
		await onTo(broker, /Landmark 4: End to end[\s\S]*Enter runs the checks/);
		broker.keys('Enter');
		const l4 = await broker.see(/Landmark 4 (verified|failed)/, 60_000, 'landmark4');
		assert.match(l4, /Landmark 4 verified/, l4);
		assert.match(l4, /2 replied: node[12]\.infra\.example\.com/);
		broker.keys('Enter');
		await onTo(broker, /Landmark 5: OpenShift agent[\s\S]*Enter runs the checks/);
		broker.keys('Enter');
		const l5 = await broker.see(/Landmark 5 (verified|failed)/, 60_000, 'landmark5');
		assert.match(l5, /Landmark 5 verified/, l5);

		for (const w of opened) {
			w.keys('q');
			await w.see(/EXIT=0/, 15_000);
		}
		for (const pane of panes)
			for (const secret of secrets())
				assert.ok(!pane.includes(secret), `a secret in clear on screen:\n${pane}`);
	} finally {
		for (const w of opened) killSession(w.session);
		for (const b of [...backups('broker', 'client.cfg'), ...backups('node1', 'server.cfg')]) rmSync(b);
		await rm(stateDir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	}
}

describe('three-host lab: the Done-means walk in a real terminal', {
	skip: hasTmux ? false : 'tmux is not installed',
}, () => {
	// the bundle `npm start` runs (built when stale): what a user runs
	before(() => {
		execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], {cwd: ROOT, stdio: 'inherit'});
	});
	for (const size of [
		{x: 80, y: 24},
		{x: 160, y: 48},
	])
		it(`at ${size.x}×${size.y}: broker writes client.cfg (2 green), node1 writes server.cfg and restarts (3 green), mco ping lists both, 4 and 5 green`, async (t) => {
			if (!(await requireLab3(t))) return;
			await fault3Test('node-wrong-password', () => walk(size));
		});
});

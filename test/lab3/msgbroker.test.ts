// The message broker host on the three-host lab: a broken authorization entry (the topic user not
// allowed on `mcollective.>` queues) is F6 on msg1 (the broker landmark) and on broker (the
// client landmark); then the Done walk as a new user does it under tmux: the wizard on msg1 writes
// activemq.xml (repairing that entry), the real ActiveMQ restarts with it, the real mco logs in,
// a bundle is exported; on broker a wrong passphrase is refused with nothing written, the right
// one writes client.cfg; on node1 server.cfg; both agree, secrets compared by fingerprint.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {readMcoSettings} from '../../src/core/mco-config/parse.js';
import {fingerprint} from '../../src/core/secrets.js';
import type {RunResult} from '../helpers/lab.js';
import {
	type HostName,
	hostsSh,
	LAB3,
	onHost,
	pingedIdentities,
	requireLab3,
	withFault3,
} from '../helpers/lab3.js';
import {startSession} from '../helpers/tmux.js';
import {BOTH, out, ping} from './helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'src', 'cli.tsx');
const tsx = `file://${join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`;

const checkAs = (host: HostName, step: string): Promise<RunResult> =>
	onHost(
		host,
		process.execPath,
		['--import', 'tsx', cli, 'check', '--answers', LAB3.answers(host), '--step', step, '--json'],
		{timeoutMs: 90_000},
	);

const diagnosisOf = (r: RunResult): string | undefined => {
	const body = JSON.parse(r.stdout) as {diagnosis?: {id?: string} | null};
	return body.diagnosis?.id;
};

describe('three-host lab: the message broker host', () => {
	it('queue-not-authorized: F6 on msg1 (broker landmark) and on broker (client landmark)', async (t) => {
		if (!(await requireLab3(t))) return;
		await withFault3('queue-not-authorized', async () => {
			const m = await checkAs('msg1', 'activemq');
			assert.equal(m.code, 1, out(m));
			assert.equal(diagnosisOf(m), 'F6', out(m));
			const b = await checkAs('broker', 'client');
			assert.equal(b.code, 1, out(b));
			assert.equal(diagnosisOf(b), 'F6', out(b));
		});
		const p = await ping();
		assert.deepEqual(pingedIdentities(p.stdout), BOTH, out(p));
	});

	it('Done walk under tmux: msg1 writes activemq.xml and exports, broker and node1 import the bundle', async (t) => {
		if (!(await requireLab3(t))) return;
		const work = mkdtempSync(join(tmpdir(), 'msgbroker-walk-'));
		const session = `msgbroker-walk-${process.pid}`;
		const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});
		const screen = () => tmux('capture-pane', '-p', '-t', session);
		const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
		const until = async (pattern: RegExp, ms = 30_000): Promise<string> => {
			const end = Date.now() + ms;
			for (;;) {
				const s = screen();
				if (pattern.test(s)) return s;
				if (Date.now() > end) throw new Error(`waited ${ms} ms for ${pattern}; screen:\n${s}`);
				await new Promise((r) => setTimeout(r, 250));
			}
		};
		const wizard = (host: HostName, args: readonly string[], width = 80) => {
			const cmd = [
				'bash',
				LAB3.hostsSh,
				'on',
				host,
				'env',
				'-C',
				work,
				`TSX_TSCONFIG_PATH=${join(repo, 'tsconfig.json')}`,
				process.execPath,
				'--import',
				tsx,
				cli,
				...args,
			].join(' ');
			startSession(session, {commands: [cmd, 'echo WIZARD-EXIT=$?', 'sleep 600'], cols: width});
		};
		const end = () => {
			try {
				tmux('kill-session', '-t', session);
			} catch {}
		};
		const captured: string[] = [];
		const passphrase = 'carry me to broker';
		try {
			await withFault3('queue-not-authorized', async () => {
				// msg1: ingredients from its answers file, the broken entry repaired by the write
				wizard('msg1', ['--answers', LAB3.answers('msg1'), '--state', join(work, 'msg1.ini')]);
				await until(/Landmark 1: Ingredients/);
				for (let i = 0; i < 11; i++) keys('Enter');
				await until(/nothing to write here/);
				keys('Enter');
				await until(/Keep the secrets/);
				keys('n');
				keys('Enter');
				const diff = await until(/Write 1 file/);
				captured.push(diff);
				assert.match(diff, /activemq\.xml: \+1 −1 lines/);
				keys('y');
				captured.push(await until(/Restart it on this host now/));
				const restart = await hostsSh(['restart-broker']);
				assert.equal(restart.code, 0, restart.stderr);
				keys('Enter');
				await until(/Enter runs the checks/);
				keys('Enter');
				captured.push(await until(/Landmark 1b verified/, 90_000));
				// the real mco on broker logs in to the ActiveMQ that runs the wizard's file, and both
				// mcollectived reconnect to it (after their reconnect back-off: bounded)
				let p = await ping();
				for (let i = 0; i < 8 && pingedIdentities(p.stdout).join() !== BOTH.join(); i++) {
					await new Promise((r) => setTimeout(r, 5000));
					p = await ping();
				}
				assert.deepEqual(pingedIdentities(p.stdout), BOTH, out(p));
				keys('Enter');
				await until(/press e to export/);
				keys('e');
				// Each passphrase and its Enter are sent at once, as a paste ending in a newline arrives:
				// the export screen's masked input (src/components/MaskedInput.tsx) keeps its value in a
				// ref, so the Enter submits what was typed. With @inkjs/ui's PasswordInput it submitted its
				// last render's value on a fast machine: "An empty passphrase…" / "…differ" (2026-12-02).
				await until(/Passphrase for the bundle/);
				keys('-l', passphrase);
				keys('Enter');
				await until(/The same passphrase again/);
				keys('-l', `${passphrase}\r`);
				captured.push(await until(/Wrote .*mco-wizard\.bundle/));
				assert.doesNotMatch(screen(), new RegExp(passphrase));
				keys('Escape');
				keys('q');
				await until(/WIZARD-EXIT=0/);
				end();
			});
			const bundle = join(work, 'mco-wizard.bundle');
			assert.ok(existsSync(bundle));
			assert.equal(readFileSync(bundle, 'utf8').includes('marionette'), false, 'a secret in clear');

			// broker: a wrong passphrase is refused and nothing is written
			const brokerDir = join(work, 'broker-etc');
			const walkOn = async (host: HostName, dir: string, role: string) => {
				wizard(host, [
					'--answers',
					bundle,
					'--config-dir',
					dir,
					'--role',
					role,
					'--state',
					join(work, `${host}.ini`),
				]);
				await until(/Passphrase of the bundle/);
			};
			await walkOn('broker', brokerDir, 'client');
			keys('-l', 'not the passphrase');
			keys('Enter');
			captured.push(await until(/WIZARD-EXIT=2/));
			assert.match(screen(), /Cannot read answers file/);
			assert.equal(existsSync(brokerDir), false, 'something was written after a wrong passphrase');
			assert.deepEqual(
				readdirSync(work).filter((f) => f.startsWith('broker')),
				[],
				'a progress file was written',
			);
			end();

			const writeWith = async (host: HostName, dir: string, role: string, file: string) => {
				await walkOn(host, dir, role);
				keys('-l', passphrase);
				keys('Enter');
				await until(/Landmark 1: Ingredients/);
				for (let i = 0; i < 11; i++) keys('Enter');
				captured.push(await until(/Write 1 file/));
				keys('y');
				await until(/Keep the secrets/);
				keys('n');
				captured.push(await until(new RegExp(`wrote .*${file}`)));
				keys('q');
				await until(/WIZARD-EXIT=0/);
				end();
				return readFileSync(join(dir, file), 'utf8');
			};
			const clientCfg = await writeWith('broker', brokerDir, 'client', 'client.cfg');
			const serverCfg = await writeWith('node1', join(work, 'node1-etc'), 'node', 'server.cfg');

			// the same settings on both hosts; the secrets compared by fingerprint only
			const settings = readMcoSettings;
			const c = settings(clientCfg);
			const s = settings(serverCfg);
			for (const key of [
				'connector',
				'main_collective',
				'collectives',
				'plugin.activemq.pool.1.host',
				'plugin.activemq.pool.1.port',
				'plugin.activemq.pool.1.user',
			])
				assert.equal(c.get(key), s.get(key), key);
			for (const key of ['plugin.activemq.pool.1.password', 'plugin.psk'])
				assert.equal(fingerprint(c.get(key) ?? ''), fingerprint(s.get(key) ?? ''), `${key} fingerprints`);
			const good = settings(readFileSync(LAB3.good('node1', 'server.cfg'), 'utf8'));
			assert.equal(fingerprint(s.get('plugin.psk') ?? ''), fingerprint(good.get('plugin.psk') ?? ''));
			t.diagnostic(captured.join('\n----\n'));
		} finally {
			end();
			rmSync(work, {recursive: true, force: true});
		}
	});
});

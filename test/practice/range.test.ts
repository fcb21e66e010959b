import assert from 'node:assert/strict';
import {existsSync, lstatSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, symlink} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {CONTENT_DIR} from '../../src/content.js';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {readMcoSettings} from '../../src/core/mco-config/parse.js';
import {loadAnswers} from '../../src/io/answers-file.js';
import {mcoPing} from '../../src/io/mco-client.js';
import {runningDaemons} from '../../src/io/platform.js';
import {defaultRangeDir, openRange, readHostState, startRange} from '../../src/practice/range.js';
import {
	editConfig,
	HEALTHY_HOST,
	randomScenario,
	SCENARIOS,
	scenarioNamed,
} from '../../src/practice/scenarios.js';

async function tempDir(): Promise<string> {
	return mkdtemp(join(tmpdir(), 'practice-range-'));
}

describe('practice scenarios', () => {
	it('every scenario has a brief in content/practice, and every brief a scenario', () => {
		const dir = join(fileURLToPath(CONTENT_DIR), 'practice');
		const files = readdirSync(dir).map((f) => f.replace(/\.md$/, ''));
		const names = SCENARIOS.map((s) => s.name);
		// the range's own messages (start, stop), the practice record's words and its fixes are not briefs
		const own = new Set(['range-started', 'range-stopped', 'range-not-ready', 'record', 'fixes']);
		assert.deepEqual(files.filter((f) => !own.has(f)).sort(), [...names].sort());
		assert.equal(new Set(names).size, names.length, 'names are unique');
	});

	it('random never picks the good range', () => {
		for (let i = 0; i < SCENARIOS.length; i++)
			assert.notEqual(randomScenario(() => i % (SCENARIOS.length - 1)).name, 'good');
	});

	it('editConfig replaces in place, removes duplicates, appends missing keys, deletes with null', () => {
		const text = 'a = 1\n# a = comment\nb = 2\na = 3\n';
		assert.equal(editConfig(text, [['a', '9']]), 'a = 9\n# a = comment\nb = 2\n');
		assert.equal(editConfig(text, [['c', 'x']]), 'a = 1\n# a = comment\nb = 2\na = 3\nc = x\n');
		assert.equal(editConfig(text, [['b', null]]), 'a = 1\n# a = comment\na = 3\n');
	});

	it('the default directory is private state, never /etc', () => {
		assert.equal(defaultRangeDir({HOME: '/home/u'}), '/home/u/.local/state/mco-wizard/practice');
		assert.equal(defaultRangeDir({HOME: '/home/u', XDG_STATE_HOME: '/s'}), '/s/mco-wizard/practice');
	});

	it('reads node1-host.ini with healthy defaults', () => {
		assert.deepEqual(readHostState(''), HEALTHY_HOST);
		assert.equal(readHostState('clockOffsetSeconds = 300\nrunning = false').clockOffsetSeconds, 300);
		assert.equal(readHostState('running = false').running, false);
	});
});

describe('practice range', () => {
	it('writes private files the wizard can load, and its nodes answer our ping', async () => {
		const dir = await tempDir();
		const range = await startRange({dir, nodes: 3});
		try {
			for (const f of [range.files.clientCfg, range.files.serverCfg, range.files.answers]) {
				assert.equal(statSync(f).mode & 0o777, 0o600, f);
			}
			assert.equal(statSync(dir).mode & 0o777, 0o700);
			const answers = await loadAnswers(range.files.answers);
			assert.deepEqual(answers.errors, []);
			assert.equal(answers.system.configDir, dir);
			assert.equal(answers.system.nodeLog, range.files.nodeLog);
			assert.equal(answers.ingredients.stompPort, range.brokerPort);
			assert.ok(await range.waitReady(5000));
			const settings = readMcoConfig(await readFile(range.files.clientCfg, 'utf8'));
			const result = await mcoPing(settings, {timeoutMs: 3000, expect: 3, clientIdentity: 'learner'});
			assert.deepEqual(result.replies.map((r) => r.identity).sort(), [
				'node1.practice',
				'node2.practice',
				'node3.practice',
			]);
			assert.match(
				await readFile(range.files.nodeLog, 'utf8'),
				/Connected to stomp:\/\/mcollective@127\.0\.0\.1:\d+/,
			);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('stages a fault in the learner files and clears it after the fix and a node restart', async () => {
		const dir = await tempDir();
		const range = await startRange({dir, scenario: scenarioNamed('clock-ahead'), nodes: 1});
		try {
			assert.ok(await range.waitReady(5000));
			const settings = readMcoConfig(await readFile(range.files.clientCfg, 'utf8'));
			const before = await mcoPing(settings, {timeoutMs: 800, expect: 1, clientIdentity: 'learner'});
			assert.equal(before.replies.length, 0);
			assert.match(
				await readFile(range.files.nodeLog, 'utf8'),
				/is 300 seconds old, TTL is 60\. Rejecting message\./,
			);
			writeFileSync(
				range.files.nodeHost,
				(await readFile(range.files.nodeHost, 'utf8')).replace(
					/clockOffsetSeconds = 300/,
					'clockOffsetSeconds = 0',
				),
			);
			await range.restartNode();
			assert.ok(await range.waitReady(5000));
			const afterFix = await mcoPing(settings, {timeoutMs: 3000, expect: 1, clientIdentity: 'learner'});
			assert.deepEqual(
				afterFix.replies.map((r) => r.identity),
				['node1.practice'],
			);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('file-level scenarios change only what they say', async () => {
		const dir = await tempDir();
		const range = await startRange({dir, scenario: scenarioNamed('psk-mismatch'), nodes: 1});
		try {
			const client = readMcoSettings(await readFile(range.files.clientCfg, 'utf8'));
			const server = readMcoSettings(await readFile(range.files.serverCfg, 'utf8'));
			assert.notEqual(client.get('plugin.psk'), server.get('plugin.psk'));
			assert.equal(
				client.get('plugin.activemq.pool.1.password'),
				server.get('plugin.activemq.pool.1.password'),
			);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('the broker keeps the port it bound: a port freed and taken by another process never reaches the configs', async () => {
		// Another process takes the first port any server frees during startRange (a probe that binds
		// and closes): a broker that binds it again later fails with EADDRINUSE.
		const close = net.Server.prototype.close;
		let squatter: net.Server | undefined;
		net.Server.prototype.close = function (this: net.Server, callback?: (err?: Error) => void) {
			const address = this.address();
			if (squatter || !address || typeof address === 'string') return close.call(this, callback);
			const port = address.port;
			squatter = net.createServer();
			const taken = squatter;
			return close.call(this, (err?: Error) => {
				taken.listen({host: '127.0.0.1', port}, () => callback?.(err));
			});
		} as typeof close;
		const dir = await tempDir();
		let range: Awaited<ReturnType<typeof startRange>> | undefined;
		try {
			range = await startRange({dir, nodes: 1});
			net.Server.prototype.close = close;
			const squatted = (squatter?.address() as net.AddressInfo | null)?.port;
			assert.notEqual(squatted, undefined, 'a probe port was freed and taken');
			assert.notEqual(range.brokerPort, squatted);
			const client = readMcoSettings(await readFile(range.files.clientCfg, 'utf8'));
			assert.equal(client.get('plugin.activemq.pool.1.port'), String(range.brokerPort));
			assert.ok(await range.waitReady(5000), 'node1 connects to the port in server.cfg');
		} finally {
			net.Server.prototype.close = close;
			await range?.stop();
			await new Promise<void>((done) => (squatter ? squatter.close(() => done()) : done()));
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('broker-down starts without a broker; restartBroker brings it up on the same port', async () => {
		const dir = await tempDir();
		const range = await startRange({dir, scenario: scenarioNamed('broker-down'), nodes: 1});
		try {
			assert.equal(range.brokerRunning, false);
			assert.equal(await range.waitReady(300), false);
			await range.restartBroker();
			assert.equal(range.brokerRunning, true);
			assert.ok(await range.waitReady(8000), 'node1 reconnects after its back-off');
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});
});

describe('practice range: opened before its nodes start (the wizard draws its first frame between)', () => {
	it('writes the files and listens with no node started; whenStarted waits for startNodes', async () => {
		const dir = await tempDir();
		const range = await openRange({dir, nodes: 2});
		try {
			const answers = await loadAnswers(range.files.answers);
			assert.deepEqual(answers.errors, []);
			assert.equal(answers.ingredients.stompPort, range.brokerPort);
			assert.equal(range.brokerRunning, true);
			for (const f of [
				range.files.clientCfg,
				range.files.serverCfg,
				range.files.answers,
				range.files.nodeHost,
			]) {
				assert.equal(statSync(f).mode & 0o777, 0o600, f);
			}
			// a node writes its log as it starts: none has
			assert.equal(existsSync(range.files.nodeLog), false);
			assert.equal(existsSync(join(dir, 'nodes', 'node2.practice.log')), false);
			assert.equal(await range.whenStarted(200), false, 'not started before startNodes');
			const settings = readMcoConfig(await readFile(range.files.clientCfg, 'utf8'));
			const before = await mcoPing(settings, {timeoutMs: 400, expect: 2, clientIdentity: 'learner'});
			assert.deepEqual(before.replies, [], 'the broker listens, no node answers yet');

			await range.startNodes();
			assert.equal(await range.whenStarted(10_000), true);
			const after = await mcoPing(settings, {timeoutMs: 3000, expect: 2, clientIdentity: 'learner'});
			assert.deepEqual(after.replies.map((r) => r.identity).sort(), ['node1.practice', 'node2.practice']);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('replaces a symlink planted under a file name, never writing through it', async () => {
		const dir = await tempDir();
		const outside = join(dir, 'outside.txt');
		writeFileSync(outside, 'untouched\n');
		await mkdir(join(dir, 'range'));
		await symlink(outside, join(dir, 'range', 'client.cfg'));
		const range = await openRange({dir: join(dir, 'range'), nodes: 1});
		try {
			assert.equal(await readFile(outside, 'utf8'), 'untouched\n');
			assert.equal(lstatSync(range.files.clientCfg).isFile(), true);
			assert.match(await readFile(range.files.clientCfg, 'utf8'), /plugin\.psk/);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('a node that cannot connect (the fault) still lets the range count as started', async () => {
		const dir = await tempDir();
		const range = await openRange({
			dir,
			scenario: scenarioNamed('broker-down'),
			nodes: 1,
			restartWaitMs: 300,
		});
		try {
			void range.startNodes();
			assert.equal(await range.whenStarted(5000), true);
			assert.equal(await range.waitReady(50), false, 'node1 has no broker to subscribe to');
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('a start that fails never counts as started: whenStarted says false at its timeout', async () => {
		const dir = await tempDir();
		const range = await openRange({dir, nodes: 1});
		try {
			await rm(range.files.nodeHost);
			await assert.rejects(range.startNodes(), /node1-host\.ini/);
			assert.equal(await range.whenStarted(300), false);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('stopped before its nodes start (Ctrl-C on the first frame): startNodes then starts none', async () => {
		const dir = await tempDir();
		const range = await openRange({dir, nodes: 2});
		try {
			await range.stop();
			assert.equal(range.brokerRunning, false);
			await range.startNodes();
			assert.equal(existsSync(range.files.nodeLog), false);
			assert.equal(existsSync(join(dir, 'nodes', 'node2.practice.log')), false);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});

describe('practice range: node1 as its own mcollectived process', () => {
	it('counts as started once that process is up, even when its node cannot connect', async () => {
		const dir = await tempDir();
		const cli = fileURLToPath(new URL('../../src/cli.tsx', import.meta.url));
		const range = await startRange({
			dir,
			scenario: scenarioNamed('broker-down'),
			nodes: 1,
			restartWaitMs: 200,
			node1Command: [process.execPath, '--import', 'tsx', cli],
		});
		try {
			assert.ok(await range.whenStarted(30_000));
			// what a check then reads: the daemon's log has begun (a check before it saw no mcollectived)
			assert.match(
				await readFile(range.files.nodeLog, 'utf8'),
				/The Marionette Collective version \S+ started/,
			);
			assert.equal(await range.waitReady(50), false, 'no broker to subscribe to');
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('runs as `node <dir>/bin/mcollectived --config=<server.cfg>`, answers, and restarts as a new process', async () => {
		const dir = await tempDir();
		const cli = fileURLToPath(new URL('../../src/cli.tsx', import.meta.url));
		const range = await startRange({dir, nodes: 1, node1Command: [process.execPath, '--import', 'tsx', cli]});
		try {
			assert.ok(await range.waitReady(20_000), 'the node process reported ready');
			const mine = async () =>
				((await runningDaemons('plain')) ?? [])
					.filter((d) => d.config === range.files.serverCfg)
					.map((d) => d.pid);
			const [pid] = await mine();
			assert.ok(pid, 'the daemon check finds it by name and --config');
			const settings = readMcoConfig(await readFile(range.files.clientCfg, 'utf8'));
			const result = await mcoPing(settings, {timeoutMs: 3000, expect: 1, clientIdentity: 'learner'});
			assert.deepEqual(
				result.replies.map((r) => r.identity),
				['node1.practice'],
			);
			await range.restartNode();
			assert.ok(await range.waitReady(20_000));
			const after = await mine();
			assert.equal(after.length, 1);
			assert.notEqual(after[0], pid, 'a new process');
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});
});

describe('practice range: the broker authorization file', () => {
	it('not-authorized leaves the queue entry out; fixing the file and restarting the broker lets the client in', async () => {
		const dir = await tempDir();
		const range = await startRange({dir, scenario: scenarioNamed('not-authorized'), nodes: 1});
		try {
			const settings = readMcoConfig(await readFile(range.files.clientCfg, 'utf8'));
			const refused = await mcoPing(settings, {timeoutMs: 1000, expect: 1, clientIdentity: 'learner'});
			assert.equal(refused.failure?.outcome, 'not-authorized');
			assert.match(
				refused.failure?.brokerMessage ?? '',
				/^User mcollective is not authorized to read from: queue:\/\/mcollective\.reply\./,
			);
			writeFileSync(
				range.files.brokerAcl,
				`${await readFile(range.files.brokerAcl, 'utf8')}queue mcollective.> read=mcollective write=mcollective\n`,
			);
			await range.restartBroker();
			assert.ok(await range.waitReady(8000), 'the node reconnects to the restarted broker');
			const fixed = await mcoPing(settings, {timeoutMs: 3000, expect: 1, clientIdentity: 'learner'});
			assert.deepEqual(
				fixed.replies.map((r) => r.identity),
				['node1.practice'],
			);
		} finally {
			await range.stop();
			await rm(dir, {recursive: true, force: true});
		}
	});
});

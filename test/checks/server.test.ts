/**
 * Landmark 3's rungs over a fake host: server.cfg lint (alone and against client.cfg), the
 * restart (only when confirmed), the daemon and the config it runs with, the node log watched on
 * a fake clock. Faults as in test/real/check-node.test.ts.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import {fakeIO} from './fake-io.js';
import {
	allInOne,
	CLIENT_CFG,
	CONNECTED,
	context,
	fakeCollective,
	ingredientsAt,
	logLine,
	NODE,
	NODE_LOG,
	SERVER_CFG,
	STARTED,
} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);
const edit = (text: string, key: string, value: string) =>
	text.replace(new RegExp(`^${key.replaceAll('.', '\\.')} = .*$`, 'm'), `${key} = ${value}`);
// the node's own request (self-request) goes to a fake broker where NODE answers, never to a real one
const broker = await fakeCollective([{identity: NODE}], () => undefined);
after(() => broker.close());
const ingredients = ingredientsAt(broker.port);
const RESTART = '/bin/sh -c systemctl restart mcollective';
const DROPPED = [
	logLine(
		'E',
		'Unexpected error on connection stomp://mcollective@127.0.0.1:61613: es_oldrecv: receive failed: Broken pipe',
	),
	logLine('W', 'No message received from ActiveMQ.'),
].join('');

describe('server ladder over fakes', () => {
	it('a good node passes; the restart is shown, not run, without confirmation', async () => {
		const io = fakeIO(allInOne(ingredients));
		const r = await runLandmark('server', context(io, ingredients));
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		const ev = Object.fromEntries(r.checks.map((c) => [c.id, c]));
		assert.match(
			ev['server-lint']?.evidence ?? '',
			new RegExp(`${SERVER_CFG}: 0 error\\(s\\), compared with ${CLIENT_CFG}`),
		);
		assert.equal(ev['service-start']?.skipped, true);
		assert.match(
			ev['service-start']?.evidence ?? '',
			/not restarted \(not confirmed\); to restart: systemctl restart mcollective/,
		);
		assert.ok(!io.calls.some((c) => c.startsWith('exec')), 'nothing was run');
		assert.equal(ev['daemon-process']?.evidence, `mcollectived pid 3493 --config=${SERVER_CFG}`);
		assert.match(
			ev['node-log']?.evidence ?? '',
			/since the start at .*: Connected to stomp:\/\/mcollective@127\.0\.0\.1:61613/,
		);
	});

	it('service-start: runs the command only after confirm said yes, and reports its failure', async () => {
		const asked: string[] = [];
		const ok = fakeIO(allInOne(ingredients, {commands: {[RESTART]: {code: 0}}}));
		const r = await runLandmark(
			'server',
			context(ok, ingredients, {
				confirm: async (c) => {
					asked.push(c);
					return true;
				},
			}),
		);
		assert.deepEqual(asked, ['systemctl restart mcollective']);
		assert.ok(ok.calls.includes(`exec ${RESTART}`));
		assert.match(
			r.checks.find((c) => c.id === 'service-start')?.evidence ?? '',
			/systemctl restart mcollective: done/,
		);

		const bad = fakeIO(
			allInOne(ingredients, {
				commands: {[RESTART]: {code: 1, stderr: 'Failed to restart mcollective.service: Unit not found.\n'}},
			}),
		);
		const f = await runLandmark('server', context(bad, ingredients, {confirm: async () => true}));
		assert.equal(failedRung(f)?.id, 'service-start');
		assert.match(
			failedRung(f)?.evidence ?? '',
			/exit 1: Failed to restart mcollective\.service: Unit not found\./,
		);
	});

	it('server-lint: different passwords in the pair are F11, different psks F13 (fingerprints only)', async () => {
		const pw = allInOne(ingredients);
		pw.files.set(
			SERVER_CFG,
			edit(pw.files.get(SERVER_CFG) as string, 'plugin.activemq.pool.1.password', 'wrongpass'),
		);
		const r1 = await runLandmark('server', context(fakeIO(pw), ingredients));
		assert.equal(failedRung(r1)?.id, 'server-lint');
		assert.equal(r1.diagnosis?.id, 'F11');
		assert.match(r1.diagnosis?.evidence.join('\n') ?? '', /different passwords/);

		const psk = allInOne(ingredients);
		psk.files.set(SERVER_CFG, edit(psk.files.get(SERVER_CFG) as string, 'plugin.psk', 'notthesecret'));
		const r2 = await runLandmark('server', context(fakeIO(psk), ingredients));
		assert.equal(failedRung(r2)?.id, 'server-lint');
		assert.equal(r2.diagnosis?.id, 'F13');
		assert.match(r2.diagnosis?.evidence.join('\n') ?? '', /sha256/);
		assert.doesNotMatch(JSON.stringify([r1, r2]), /wrongpass|notthesecret|marionette|mcsecret/);
	});

	it('server-lint: an unreadable server.cfg fails with the reason', async () => {
		const host = allInOne(ingredients);
		host.files.delete(SERVER_CFG);
		const r = await runLandmark('server', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'server-lint');
		assert.equal(failedRung(r)?.evidence, `${SERVER_CFG} cannot be read (ENOENT)`);
	});

	it('daemon-process: no mcollectived is F10, with the last fatal log line', async () => {
		const r = await runLandmark('server', context(fakeIO(allInOne(ingredients, {daemons: []})), ingredients));
		assert.equal(failedRung(r)?.id, 'daemon-process');
		assert.equal(r.diagnosis?.id, 'F10');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /no mcollectived process/);
	});

	it('daemon-process: a daemon on another config fails naming it; a symlink to ours passes; no /proc is not applicable', async () => {
		const other = await runLandmark(
			'server',
			context(
				fakeIO(allInOne(ingredients, {daemons: [{pid: 7, config: '/srv/other.cfg', explicit: true}]})),
				ingredients,
			),
		);
		assert.equal(failedRung(other)?.id, 'daemon-process');
		assert.equal(
			failedRung(other)?.evidence,
			`mcollectived pid 7 runs with --config=/srv/other.cfg, not ${SERVER_CFG}`,
		);
		assert.equal(failedRung(other)?.data?.configArg, '/srv/other.cfg');

		const linked = await runLandmark(
			'server',
			context(
				fakeIO(
					allInOne(ingredients, {
						daemons: [{pid: 8, config: '/etc/mcollective/link.cfg', explicit: true}],
						links: {'/etc/mcollective/link.cfg': SERVER_CFG},
					}),
				),
				ingredients,
			),
		);
		assert.equal(linked.checks.find((c) => c.id === 'daemon-process')?.ok, true);

		const noProc = await runLandmark(
			'server',
			context(fakeIO(allInOne(ingredients, {daemons: undefined})), ingredients),
		);
		const d = noProc.checks.find((c) => c.id === 'daemon-process');
		assert.equal(d?.skipped, true);
		assert.equal(d?.evidence, 'not applicable: no /proc on this host');
	});

	it('node-log: Connected, then dropped by the broker (no client.cfg here) is F11', async () => {
		const host = allInOne(ingredients);
		host.files.delete(CLIENT_CFG);
		host.files.set(NODE_LOG, STARTED + CONNECTED + DROPPED + CONNECTED + DROPPED);
		const r = await runLandmark('server', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'node-log');
		assert.equal(failedRung(r)?.data?.state, 'rejected');
		assert.equal(r.diagnosis?.id, 'F11');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /Connected to stomp/);
	});

	it("node-log: the broker's ERROR frame refusing the node's queue is F6 (authorization), not its login", async () => {
		const host = allInOne(ingredients);
		host.files.delete(CLIENT_CFG);
		const refused = logLine(
			'W',
			`Unexpected 'ERROR' frame.  Headers: {"content-type"=>"text/plain", "message"=>"User mcollective is not authorized to read from: queue://mcollective.nodes"} Body: "User mcollective is not authorized to read from: queue://mcollective.nodes"`,
		).replace("runner.rb:206:in `receive'", "activemq.rb:440:in `receive'");
		host.files.set(NODE_LOG, STARTED + CONNECTED + refused + DROPPED + CONNECTED + refused + DROPPED);
		const r = await runLandmark('server', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'node-log');
		assert.equal(r.diagnosis?.id, 'F6');
		assert.match(
			r.diagnosis?.evidence.join('\n') ?? '',
			/not authorized to read from: queue:\/\/mcollective\.nodes/,
		);
		assert.doesNotMatch(JSON.stringify(r.diagnosis), /client\.cfg/, 'no client.cfg on this node');
	});

	it('node-log: only the log since the last start counts, and an unconnected node is watched until its deadline', async () => {
		const host = allInOne(ingredients);
		// an earlier run connected; this one keeps failing to
		const failing = logLine(
			'E',
			'Could not connect to stomp://mcollective@127.0.0.1:61613: Connection refused',
		);
		host.files.set(NODE_LOG, STARTED + CONNECTED + STARTED + failing);
		const io = fakeIO(host);
		const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 5000}));
		assert.equal(failedRung(r)?.id, 'node-log');
		assert.notEqual(failedRung(r)?.data?.state, 'connected');
		// polled on the fake clock every 250 ms up to the rung's budget (5 s)
		assert.ok(io.monotonicMs() >= 5000, `fake clock at ${io.monotonicMs()}`);
	});

	it('node-log: a log rotated since the start (mcollective.log.0 holds the start and the connection) passes, citing the rotated file', async () => {
		const host = allInOne(ingredients);
		const later = logLine('I', 'Handling message 1f2e for agent discovery and collective mcollective');
		host.files.set(`${NODE_LOG}.1`, STARTED + CONNECTED + later);
		host.files.set(`${NODE_LOG}.0`, STARTED + CONNECTED + later);
		host.files.set(NODE_LOG, later + later);
		const r = await runLandmark('server', context(fakeIO(host), ingredients));
		const rung = r.checks.find((c) => c.id === 'node-log');
		assert.equal(rung?.ok, true, JSON.stringify(rung));
		assert.match(
			rung?.evidence ?? '',
			new RegExp(
				`since the start at 2026-12-01T20:30:01\\.000000\\+00:00 \\(${NODE_LOG}\\.0\\): Connected to stomp`,
			),
		);
		// without the rotated files the same log has no start and no connection: it cannot cite them
		host.files.delete(`${NODE_LOG}.0`);
		host.files.delete(`${NODE_LOG}.1`);
		const without = await runLandmark('server', context(fakeIO(host), ingredients, {timeoutMs: 3000}));
		assert.doesNotMatch(without.checks.find((c) => c.id === 'node-log')?.evidence ?? '', /Connected to/);
	});

	// a node that has run long enough: no retained file holds its start or its Connected line
	const HANDLING = logLine('I', 'Handling message 1f2e for agent discovery and collective mcollective');
	const byPid = (line: string, pid: number) => line.replace('#3493]', `#${pid}]`);
	const rotatedAway = (pid: number, tail = '') => {
		const host = allInOne(ingredients);
		host.files.set(`${NODE_LOG}.3`, byPid(HANDLING, pid) + HANDLING);
		for (const i of [2, 1, 0]) host.files.set(`${NODE_LOG}.${i}`, HANDLING + HANDLING);
		host.files.set(NODE_LOG, HANDLING + tail);
		return host;
	};

	it('node-log: the start rotated out of every retained file, the oldest line by the running daemon: passes, saying so (no F10)', async () => {
		const io = fakeIO(rotatedAway(3493));
		const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 3000}));
		const rung = r.checks.find((c) => c.id === 'node-log');
		assert.equal(rung?.ok, true, JSON.stringify(rung));
		assert.match(
			rung?.evidence ?? '',
			new RegExp(
				`^${NODE_LOG}: the log begins at 2026-12-01T20:30:02\\.273652\\+00:00 \\(${NODE_LOG}\\.3\\), written by the running mcollectived \\(pid 3493\\): its start and connection lines have rotated away; no connection error since`,
			),
		);
		assert.deepEqual(rung?.data?.startRotatedAway, {
			pid: 3493,
			since: '2026-12-01T20:30:02.273652+00:00',
			file: `${NODE_LOG}.3`,
			lineNo: 1,
		});
		assert.equal(r.ok, true, JSON.stringify(r.checks));
		assert.equal(r.diagnosis, null);
		// decided at once: no waiting for a connection line that can no longer come
		assert.ok(io.monotonicMs() < 1000, `fake clock at ${io.monotonicMs()}`);
	});

	it('node-log: the start rotated away, then connection failures: not ok as today, without "never connected"', async () => {
		const failed = logLine('I', 'TCP Connection to stomp://mcollective@127.0.0.1:61613 failed on attempt 3');
		const r = await runLandmark(
			'server',
			context(fakeIO(rotatedAway(3493, failed + failed)), ingredients, {timeoutMs: 3000}),
		);
		const rung = failedRung(r);
		assert.equal(rung?.id, 'node-log');
		assert.equal(rung?.data?.state, 'connecting');
		assert.match(
			rung?.evidence ?? '',
			/its start has rotated away\): 2 failed connection attempts, no Connected since/,
		);
		// whether it ever connected went with the start: not F9's "never connects", not F10
		assert.equal(r.diagnosis?.undecided, 'undecided-node-reconnecting', JSON.stringify(r.diagnosis));
	});

	it('node-log: the start rotated away, then the broker drops it: not ok, not F10', async () => {
		const r = await runLandmark(
			'server',
			context(fakeIO(rotatedAway(3493, DROPPED)), ingredients, {timeoutMs: 3000}),
		);
		const rung = failedRung(r);
		assert.equal(rung?.id, 'node-log');
		assert.match(rung?.evidence ?? '', /the broker dropped the connection \(2×\), no Connected since/);
		assert.equal(r.diagnosis?.undecided, 'undecided-node-dropped', JSON.stringify(r.diagnosis));
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F1', 'F11'],
		);
	});

	it('node-log: no start retained and the oldest line written by another pid: today\'s "no connection line" (F10)', async () => {
		const r = await runLandmark('server', context(fakeIO(rotatedAway(4711)), ingredients, {timeoutMs: 3000}));
		const rung = failedRung(r);
		assert.equal(rung?.id, 'node-log');
		assert.match(rung?.evidence ?? '', /no connection line within/);
		assert.equal(rung?.data?.startRotatedAway, undefined);
		assert.equal(r.diagnosis?.id, 'F10');
	});

	it('node-log: an unreadable log says so and tells what to run on the node', async () => {
		const host = allInOne(ingredients);
		host.files.set(NODE_LOG, {error: 'EACCES'});
		const r = await runLandmark('server', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'node-log');
		assert.match(failedRung(r)?.evidence ?? '', /cannot be read here; on the node run: grep -n 'Connect'/);
	});
});

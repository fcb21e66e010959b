/**
 * A node that lost its broker (issue 13, "ActiveMQ restarted — the node must come back ... and the
 * wizard says when"): the node-log rung says live which attempt the node is at, looks for the
 * broker accepting again, and its evidence says after how many attempts, and how long after the
 * broker came back, the node reconnected. The node log is a fake file the test appends to as the
 * fake clock moves; the broker is a real TCP listener on 127.0.0.1 (or a closed port).
 */
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:net';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import {lastReconnection, RECONNECT_GRACE_MS, reconnectNote} from '../../src/checks/node-log.js';
import type {ProgressEvent} from '../../src/checks/types.js';
import {classifyMcoLog} from '../../src/core/log-classify.js';
import {fakeIO} from './fake-io.js';
import {allInOne, CONNECTED, context, ingredientsAt, logLine, NODE_LOG, STARTED} from './fake-lab.js';

const failed = (n: number) =>
	logLine('I', `TCP Connection to stomp://mcollective@127.0.0.1:61613 failed on attempt ${n}`);
const events = (text: string) => classifyMcoLog(text);

async function listening(): Promise<{server: Server; port: number}> {
	const server = createServer((socket) => socket.destroy());
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	assert.ok(address && typeof address === 'object');
	return {server, port: address.port};
}

/** A port nobody listens on (a listener opened and closed). */
async function closedPort(): Promise<number> {
	const {server, port} = await listening();
	await new Promise((r) => server.close(r));
	return port;
}

describe('lastReconnection: the failed attempts after a connection was lost', () => {
	it('counts the failures after a Connected, and whether a Connected followed them', () => {
		assert.deepEqual(lastReconnection(events(STARTED + CONNECTED + failed(0) + failed(1) + failed(2))), {
			attempts: 3,
			back: false,
		});
		const back = lastReconnection(events(STARTED + CONNECTED + failed(0) + failed(1) + CONNECTED));
		assert.equal(back?.attempts, 2);
		assert.equal(back?.back, true);
		assert.equal(back?.connected?.kind, 'connected');
	});

	it('a node that never connected is not reconnecting; a new start forgets the last run', () => {
		assert.equal(lastReconnection(events(STARTED + failed(0) + failed(1))), undefined);
		assert.equal(lastReconnection(events(STARTED + CONNECTED)), undefined);
		assert.equal(
			lastReconnection(events(STARTED + CONNECTED + failed(0) + CONNECTED + STARTED + CONNECTED)),
			undefined,
		);
	});
});

describe('reconnectNote: the live line e2e shows for new node log events', () => {
	it('the last (re)connection event wins; other events say nothing', () => {
		assert.equal(reconnectNote(events(failed(0) + failed(4))), 'mcollectived is reconnecting (attempt 5)');
		assert.equal(reconnectNote(events(failed(4) + CONNECTED)), 'mcollectived connected again');
		assert.equal(reconnectNote(events(STARTED)), undefined);
	});
});

describe('node-log rung: a node reconnecting to its broker', () => {
	it('says each attempt live, sees the broker accept, and reports the reconnection with its delay', async () => {
		const {server, port} = await listening();
		try {
			const ingredients = ingredientsAt(port);
			const host = allInOne(ingredients);
			host.files.set(NODE_LOG, STARTED + CONNECTED + failed(0) + failed(1));
			const io = fakeIO(host);
			// the node goes on failing, then connects, as the fake clock moves
			const sleep = io.sleep;
			io.sleep = (ms, signal) => {
				const at = io.monotonicMs();
				if (at < 1000 && at + ms >= 1000) io.append(NODE_LOG, failed(2));
				if (at < 2000 && at + ms >= 2000) io.append(NODE_LOG, CONNECTED);
				return sleep(ms, signal);
			};
			const notes: string[] = [];
			const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 5000}), {
				from: 'node-log',
				onProgress: (e: ProgressEvent) => {
					if (e.phase === 'note' && e.note) notes.push(e.note);
				},
			});
			const rung = r.checks.find((c) => c.id === 'node-log');
			assert.equal(rung?.ok, true, rung?.evidence);
			assert.match(
				notes[0] ?? '',
				/^mcollectived is reconnecting \(attempt 2\); 127\.0\.0\.1:\d+ accepts again$/,
			);
			assert.ok(
				notes.some((n) => /is reconnecting \(attempt 3\)/.test(n)),
				notes.join('\n'),
			);
			assert.equal(notes.at(-1), 'mcollectived reconnected after 3 attempts');
			assert.match(
				rung?.evidence ?? '',
				/Connected to stomp:\/\/\S+; reconnected after 3 attempts, \d+\.\d s after the broker came back \(at 2026-12-01T20:30:02/,
			);
			assert.ok(
				io.calls.some((c) => c === `tcpConnect 127.0.0.1:${port}`),
				'the broker was probed',
			);
		} finally {
			await new Promise((r) => server.close(r));
		}
	});

	it('a broker still down: the rung waits its whole budget for a restart, then says the node is reconnecting', async () => {
		const port = await closedPort();
		const ingredients = ingredientsAt(port);
		const host = allInOne(ingredients);
		host.files.set(NODE_LOG, STARTED + CONNECTED + failed(0) + failed(1) + failed(2));
		const io = fakeIO(host);
		const notes: string[] = [];
		const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 5000}), {
			from: 'node-log',
			onProgress: (e) => {
				if (e.phase === 'note' && e.note) notes.push(e.note);
			},
		});
		const rung = r.checks.find((c) => c.id === 'node-log');
		assert.equal(rung?.ok, false);
		assert.equal(rung?.data?.state, 'connecting');
		assert.match(rung?.evidence ?? '', /reconnecting: 3 failed attempts since it lost the broker$/);
		assert.doesNotMatch(rung?.evidence ?? '', /never connected/);
		assert.deepEqual(notes, [
			`mcollectived is reconnecting (attempt 3); 127.0.0.1:${port} does not accept yet`,
		]);
		// the broker never accepted from this (the node's) host while the node reconnected: F1, not F9
		assert.equal(rung?.data?.brokerAccepts, false);
		assert.equal(r.diagnosis?.id, 'F1');
		assert.match(
			r.diagnosis?.cause ?? '',
			/lost the broker at 127\.0\.0\.1:\d+: it is still reconnecting \(attempt 3\)/,
		);
		// the usual 5 s plus the grace for a broker restart, and no more
		assert.ok(
			io.monotonicMs() >= 5000 + RECONNECT_GRACE_MS - 1000,
			`waited for a restart: fake clock at ${io.monotonicMs()}`,
		);
		assert.ok(io.monotonicMs() <= 5000 + RECONNECT_GRACE_MS + 500, `fake clock at ${io.monotonicMs()}`);
	});

	it('a broker back but a node that does not reconnect: one more back-off, then the verdict says so', async () => {
		const {server, port} = await listening();
		try {
			const ingredients = ingredientsAt(port);
			const host = allInOne(ingredients);
			host.files.set(NODE_LOG, STARTED + CONNECTED + failed(0));
			const io = fakeIO(host);
			const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 5000}), {from: 'node-log'});
			const rung = r.checks.find((c) => c.id === 'node-log');
			assert.equal(rung?.ok, false);
			assert.match(
				rung?.evidence ?? '',
				/reconnecting: 1 failed attempts since it lost the broker, though the broker accepts again$/,
			);
			assert.ok(
				io.monotonicMs() >= 5000 + 4000,
				`waited past the usual deadline: fake clock at ${io.monotonicMs()}`,
			);
		} finally {
			await new Promise((r) => server.close(r));
		}
	});
});

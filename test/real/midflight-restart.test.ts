/**
 * ActiveMQ restarted under a running node that uses the server.cfg the wizard writes (heart-beats,
 * reconnect back-off capped at 5 s, for ever): the SAME mcollectived process reconnects by itself
 * (no restart) and the e2e landmark passes again; the time it took is reported, never asserted.
 * Real lab, lab lock held, restored in a finally (good configs, node restarted).
 */
import assert from 'node:assert/strict';
import {copyFileSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {LAB, labSh, readLogSince, requireLab, runBounded, withLab} from '../helpers/lab.js';
import {assertNoStackTrace, restoreLab, retryUntilPasses, wizard} from './midflight-helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const nodePid = () => readFileSync(join(LAB.dir, 'run', 'mcollectived.pid'), 'utf8').trim();

/** The server.cfg this checkout's renderer writes, on the running node, and e2e passing with it. */
async function runOnWizardServerCfg(): Promise<void> {
	const out = mkdtempSync(join(tmpdir(), 'mco-midflight-'));
	const render = await runBounded(
		process.execPath,
		['--import', 'tsx', join(REPO, 'lab', 'render-config.ts'), LAB.dir, out],
		{timeoutMs: 60_000},
	);
	assert.equal(render.code, 0, render.stderr);
	const serverCfg = readFileSync(join(out, 'server.cfg'), 'utf8');
	assert.match(serverCfg, /^plugin\.activemq\.max_reconnect_delay = 5$/m);
	copyFileSync(join(out, 'server.cfg'), LAB.serverCfg);
	const restart = await labSh(['restart-server']);
	assert.equal(restart.code, 0, restart.stderr.slice(-500));
	await retryUntilPasses('e2e', 60_000);
}

/** Waits until the node log has `n` failed connection attempts after byte `from`. */
async function failedAttempts(from: number, n: number, timeoutMs: number): Promise<number> {
	const until = performance.now() + timeoutMs;
	for (;;) {
		const seen = readLogSince(LAB.nodeLog, from).match(/failed on attempt \d+/g)?.length ?? 0;
		if (seen >= n || performance.now() > until) return seen;
		await new Promise((r) => setTimeout(r, 250));
	}
}

describe('ActiveMQ restarted: the node comes back by itself (real lab)', () => {
	it("with the wizard's server.cfg the same mcollectived reconnects and e2e passes again", async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			try {
				await runOnWizardServerCfg();
				const pid = nodePid();

				const kill = await labSh(['kill-broker']);
				assert.equal(kill.code, 0, kill.stderr.slice(-500));
				const logFrom = readFileSync(LAB.nodeLog).length;
				// down long enough for the back-off to reach its cap
				await new Promise((r) => setTimeout(r, 15_000));
				const start = await labSh(['start-broker']);
				assert.equal(start.code, 0, start.stderr.slice(-500));
				const back = await retryUntilPasses('e2e', 90_000);
				t.diagnostic(
					`node back ${(back.ms / 1000).toFixed(1)} s after ActiveMQ accepted again (${back.tries} e2e runs, broker down ~15 s + its start-up)`,
				);
				assert.equal(nodePid(), pid, 'the node was not restarted: it reconnected by itself');
				const log = readLogSince(LAB.nodeLog, logFrom);
				assert.match(
					log,
					/TCP Connection to stomp:\/\/\S+ failed on attempt \d+/,
					'it retried while the broker was down',
				);
				assert.match(log, /Connected to stomp:\/\//, 'and reconnected');
			} finally {
				await restoreLab();
			}
		});
	});

	it('the wizard says live that the node is reconnecting (attempt N), and when it is back', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			try {
				await runOnWizardServerCfg();
				const kill = await labSh(['kill-broker']);
				assert.equal(kill.code, 0, kill.stderr.slice(-500));
				const logFrom = readFileSync(LAB.nodeLog).length;
				assert.ok(
					(await failedAttempts(logFrom, 2, 30_000)) >= 2,
					'the node retries while the broker is down',
				);
				// the landmark's node-log rung waits (30 s + one back-off) while ActiveMQ starts again
				const [check, start] = await Promise.all([
					wizard(['check', '--step', 'server', '--answers', LAB.answers, '--timeout', '30'], 90_000),
					new Promise((r) => setTimeout(r, 2000)).then(() => labSh(['start-broker'])),
				]);
				assert.equal(start.code, 0, start.stderr.slice(-500));
				assertNoStackTrace(check);
				t.diagnostic(
					check.stderr
						.split('\n')
						.filter((l) => l.includes('node-log'))
						.join(' | '),
				);
				assert.match(
					check.stderr,
					/node-log: mcollectived is reconnecting \(attempt \d+\); \S+ does not accept yet/,
				);
				// "accepts again" is a note between two polls: when the node's reconnection lands in the
				// same poll as the broker's return (a fast machine: ActiveMQ up in ~1 s, seen in CI on
				// 2026-12-02) the wizard never sees the broker back before the node, so there is neither
				// that note nor a "… s after the broker came back" in the evidence: both are tested
				// deterministically in test/checks/node-reconnect.test.ts. Here: the reconnection itself.
				assert.match(check.stderr, /node-log: mcollectived reconnected after \d+ attempts/);
				const evidence =
					/reconnected after \d+ attempts(?:, \d+\.\d s after the broker came back)? \(at [^\n]*/.exec(
						check.stdout,
					);
				assert.ok(evidence, `the evidence says when: ${check.stdout.slice(-1500)}`);
				t.diagnostic(evidence[0]);
				assert.equal(check.code, 0, check.stdout.slice(-1000));
			} finally {
				await restoreLab();
			}
		});
	});
});

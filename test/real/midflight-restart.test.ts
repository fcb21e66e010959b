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
import {restoreLab, retryUntilPasses} from './midflight-helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const nodePid = () => readFileSync(join(LAB.dir, 'run', 'mcollectived.pid'), 'utf8').trim();

describe('ActiveMQ restarted: the node comes back by itself (real lab)', () => {
	it("with the wizard's server.cfg the same mcollectived reconnects and e2e passes again", async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			try {
				// the server.cfg this checkout's renderer writes, on the running node
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
});

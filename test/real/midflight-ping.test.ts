/**
 * ActiveMQ killed while the native `ping -t 5` waits for replies and while `rpc` runs: each ends
 * within its timeout with the connection loss named (exit 5, or 3 when some node had answered),
 * never a hang or a stack trace; after the broker is back the same command succeeds (Retry).
 * Real lab, lab lock held, restored in a finally.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, labSh, requireLab, withLab} from '../helpers/lab.js';
import {assertNoStackTrace, killBrokerDuring, restoreLab, wizard} from './midflight-helpers.js';

const CASES = [
	{name: 'ping -t 5', args: ['ping', '-c', LAB.clientCfg, '-t', '5', '--json'], afterMs: 3000},
	{
		name: 'rpc rpcutil ping',
		args: ['rpc', 'rpcutil', 'ping', '-c', LAB.clientCfg, '-t', '5', '--json'],
		afterMs: 3500,
	},
] as const;

describe('native commands: ActiveMQ killed mid-flight (real lab)', () => {
	for (const c of CASES) {
		it(`${c.name}: ends naming the lost connection; succeeds again once the broker is back`, async (t) => {
			if (!(await requireLab(t))) return;
			await withLab(async () => {
				try {
					const {run} = await killBrokerDuring(c.args, c.afterMs);
					t.diagnostic(
						`exit ${run.code} in ${Math.round(run.ms)} ms: ${run.stdout.slice(0, 600)} ${run.stderr.slice(-300)}`,
					);
					assert.equal(run.timedOut, false, 'the command hung');
					assertNoStackTrace(run);
					const json = JSON.parse(run.stdout) as Record<string, unknown>;
					assert.ok(json, 'one JSON object');
					// 0 only if the whole exchange finished before the kill landed: then nothing to check
					if (run.code !== 0) {
						assert.ok(run.code === 5 || run.code === 3, `exit ${run.code}`);
						assert.match(JSON.stringify(json), /closed|lost|reset|refused|disconnect|EOF|ECONN/i);
					}
					const start = await labSh(['start-broker']);
					assert.equal(start.code, 0, start.stderr.slice(-500));
					// Retry: the node reconnects by itself; the same command gets its reply again
					const until = Date.now() + 90_000;
					for (;;) {
						const again = await wizard(c.args);
						assertNoStackTrace(again);
						if (again.code === 0 && again.stdout.includes(LAB.identity)) break;
						assert.ok(Date.now() < until, `no reply again: ${again.stdout.slice(0, 400)}`);
						await new Promise((r) => setTimeout(r, 1000));
					}
				} finally {
					await restoreLab();
				}
			});
		});
	}
});

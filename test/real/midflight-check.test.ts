/**
 * ActiveMQ killed while `check` runs (client ladder; e2e's native ping): the check ends in a
 * diagnosis within its timeout, never a hang or a stack trace, and Retry passes once the broker is
 * back. Real lab, lab lock held, restored in a finally.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {labSh, requireLab, withLab} from '../helpers/lab.js';
import {
	assertNoStackTrace,
	checkArgs,
	killBrokerDuring,
	parseCheck,
	restoreLab,
	retryUntilPasses,
} from './midflight-helpers.js';

for (const {step, afterMs} of [
	// node's start-up takes ~1-2 s; the client ladder's tcp/stomp-login/ping-empty follow
	{step: 'client', afterMs: 1500},
	// e2e's native ping waits for replies: the kill lands in it
	{step: 'e2e', afterMs: 2500},
]) {
	describe(`check --step ${step}: ActiveMQ killed mid-flight (real lab)`, () => {
		it('ends in a diagnosis, not a hang; Retry passes after the broker is back', async (t) => {
			if (!(await requireLab(t))) return;
			await withLab(async () => {
				try {
					const {run} = await killBrokerDuring(checkArgs(step), afterMs);
					assert.equal(run.timedOut, false, 'the check hung');
					assertNoStackTrace(run);
					const json = parseCheck(run);
					t.diagnostic(
						`killed after ${afterMs} ms: ${JSON.stringify(json.checks.map((c) => [c.id, c.ok]))} → ${json.diagnosis?.id}`,
					);
					if (!json.ok) {
						assert.equal(run.code, 1);
						assert.ok(json.diagnosis, 'a failed landmark names a diagnosis');
						const failed = json.checks.find((c) => !c.ok);
						assert.ok(failed, 'the failing rung is shown');
						assert.match(failed.evidence, /refused|closed|reset|no reply|timed out|not answer|EOF|ECONN/i);
					}
					// the broker back: Retry (re-running the landmark) passes
					const start = await labSh(['start-broker']);
					assert.equal(start.code, 0, start.stderr.slice(-500));
					const again = await retryUntilPasses(step, 90_000);
					t.diagnostic(`passed again after ${again.tries} tries, ${again.ms} ms after the broker was back`);
				} finally {
					await restoreLab();
				}
			});
		});
	});
}

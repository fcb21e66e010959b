/**
 * ActiveMQ killed while `check` runs (client ladder: stomp-login, ping-empty; e2e in midflight-check-e2e): the check ends in a
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
	restoreLab,
	retryUntilPasses,
} from './midflight-helpers.js';

// Killed as the named rung starts (check prints `… <rung>` on stderr without --json); the
// human output is read back: the failing rung, then `Fn: title`.
for (const {step, rung} of [
	{step: 'client', rung: 'stomp-login'},
	{step: 'client', rung: 'ping-empty'},
]) {
	describe(`check --step ${step}: ActiveMQ killed during ${rung} (real lab)`, () => {
		it('ends in a diagnosis, not a hang; Retry passes after the broker is back', async (t) => {
			if (!(await requireLab(t))) return;
			await withLab(async () => {
				try {
					const args = checkArgs(step).filter((a) => a !== '--json');
					const {run} = await killBrokerDuring(args, new RegExp(`… ${rung}\\n`));
					assert.equal(run.timedOut, false, 'the check hung');
					assertNoStackTrace(run);
					t.diagnostic(`killed as ${rung} started (${Math.round(run.ms)} ms):\n${run.stdout}`);
					assert.match(run.stderr, new RegExp(`… ${rung}`), 'the rung was reached before the kill');
					if (!/: PASSED/.test(run.stdout)) {
						assert.equal(run.code, 1);
						// a failed rung (✖) with evidence, and a diagnosis heading `Fn: title`
						assert.match(run.stdout, /✖ \S+/);
						assert.match(run.stdout, /^F\d+: \S/m, 'a failed landmark names a diagnosis');
						assert.match(run.stdout, /refused|closed|reset|no reply|timed out|not answer|EOF|ECONN|lost/i);
						// a refused connection is the broker's story (F1), whatever rung met it
						if (/ECONNREFUSED/.test(run.stdout)) assert.match(run.stdout, /^F1: /m);
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

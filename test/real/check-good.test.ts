/** The good lab: all four landmarks pass through `check --json`, exit 0, no secret in the output. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, requireLab, withLab} from '../helpers/lab.js';
import {assertNoSecret, check} from './check-helpers.js';

describe('check --json, good lab', () => {
	it('all four landmarks pass, exit 0', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			for (const step of ['client', 'server', 'e2e', 'agent']) {
				const r = await check(step);
				assert.equal(r.json.ok, true, `${step}: ${JSON.stringify(r.json)}`);
				assert.equal(r.code, 0);
				assert.equal(r.json.diagnosis, null);
				assert.deepEqual(Object.keys(r.json).sort(), ['checks', 'diagnosis', 'ok', 'step']);
				assertNoSecret(r.raw);
			}
		});
	});

	it('server landmark with --yes: the restart command runs and the node log shows the new connection', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const r = await check('server', ['--yes']);
			assert.equal(r.json.ok, true, JSON.stringify(r.json));
			const restart = r.json.checks.find((c) => c.id === 'service-start');
			assert.match(restart?.evidence ?? '', /lab\.sh restart-server: done/);
			assert.match(r.json.checks.find((c) => c.id === 'node-log')?.evidence ?? '', new RegExp(LAB.nodeLog));
		});
	});
});

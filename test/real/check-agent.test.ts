/**
 * Agent landmark: the openshift agent missing, or failing on a missing library (F17, package named),
 * or switched off in server.cfg (F18, the line cited from this host's server.cfg); an agent with
 * its own activate_when declining (F19, the node log's line cited), and one whose activate_when
 * says true while server.cfg says activate_agent = false (active: the landmark passes, no F18).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {requireLab, withFault} from '../helpers/lab.js';
import {assertNoSecret, check, faultCase} from './check-helpers.js';

describe('check --step agent (real lab)', () => {
	faultCase({
		fault: 'agent-missing',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F17',
		evidence: /not in the node's libdir/,
		boundMs: 30_000,
	});
	faultCase({
		fault: 'agent-broken',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F17',
		evidence: /rubygem-openshift-origin-container-selinux/,
		boundMs: 30_000,
	});
	faultCase({
		fault: 'agent-disabled',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F18',
		evidence:
			/server\.cfg: plugin\.openshift\.activate_agent = false: mcollectived loads the agent but does not activate it/,
		boundMs: 30_000,
	});
	faultCase({
		fault: 'agent-declines',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F19',
		evidence:
			/mcollective\.log:\d+: Not activating agent openshift due to agent policy in activate\? method[\s\S]*openshift\.rb:6: activate_when do: the agent's own activation rule said no/,
		boundMs: 30_000,
	});

	it('agent-self-activates: activate_agent = false beside an activate_when that says true: every rung passes, no F18', async (t) => {
		if (!(await requireLab(t))) return;
		await withFault('agent-self-activates', async () => {
			const r = await check('agent');
			assert.equal(r.code, 0, r.raw);
			assert.equal(r.json.ok, true, r.raw);
			assert.equal(r.json.diagnosis, null, r.raw);
			assert.match(
				r.json.checks.find((c) => c.id === 'agent-inventory')?.evidence ?? '',
				/openshift agent loaded on/,
			);
			assert.match(r.json.checks.find((c) => c.id === 'echo')?.evidence ?? '', /Message: foo/);
			assertNoSecret(r.raw);
		});
	});
});

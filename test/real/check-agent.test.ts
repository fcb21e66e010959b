/**
 * Agent landmark: the openshift agent missing, or failing on a missing library (F17, package named),
 * or switched off in server.cfg (F18, the line cited from this host's server.cfg).
 */
import {describe} from 'node:test';
import {faultCase} from './check-helpers.js';

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
});

/** Agent landmark: the openshift agent missing, or failing on a missing library (F17, package named). */
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
});

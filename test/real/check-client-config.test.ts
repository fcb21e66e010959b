/** Client landmark, config faults: the seed's client.cfg (F29), another connector or collective (F12; without server.cfg, undecided F6/F12). */
import {describe} from 'node:test';
import {faultCase} from './check-helpers.js';

describe('check --step client: config faults (real lab)', () => {
	faultCase({fault: 'seed-client-cfg', step: 'client', rung: 'client-lint', id: 'F29', boundMs: 15_000});
	faultCase({
		fault: 'connector-mismatch',
		step: 'client',
		rung: 'client-lint',
		id: 'F12',
		evidence: /connector/,
		boundMs: 15_000,
	});
	// a broker host without the node's server.cfg: the CONNECTED frame's server header tells it
	faultCase({
		fault: 'connector-mismatch',
		step: 'client',
		rung: 'stomp-login',
		id: 'F12',
		evidence: /ActiveMQ/,
		boundMs: 15_000,
		without: 'server',
	});
	faultCase({
		fault: 'collective-mismatch',
		step: 'client',
		rung: 'client-lint',
		id: 'F12',
		evidence: /openshift/,
		boundMs: 15_000,
	});
	// without server.cfg to compare, the broker's refusal of openshift.* is all the evidence there is:
	// its authorization may lack the collective (F6) or the nodes use another one (F12), not decided here
	faultCase({
		fault: 'collective-mismatch',
		step: 'client',
		rung: 'subscribe',
		id: null,
		candidates: ['F6', 'F12'],
		evidence: /openshift\.reply/,
		boundMs: 15_000,
		without: 'server',
	});
});

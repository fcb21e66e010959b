/** Client landmark, the broker cannot be reached or refuses the login (F1, F3, F5). */
import {describe} from 'node:test';
import {faultCase} from './check-helpers.js';

describe('check --step client: reach and login faults (real lab)', () => {
	faultCase({
		fault: 'broker-stopped',
		step: 'client',
		rung: 'tcp',
		id: 'F1',
		evidence: /refused/,
		boundMs: 15_000,
	});
	faultCase({
		fault: 'wrong-port',
		step: 'client',
		rung: 'tcp',
		id: 'F1',
		evidence: /61614 refused/,
		boundMs: 15_000,
	});
	faultCase({
		fault: 'unresolvable-host',
		step: 'client',
		rung: 'dns',
		id: 'F3',
		evidence: /msg1\.infra\.invalid/,
		boundMs: 15_000,
	});
	// with the node's server.cfg on the same host the password fingerprints already differ ...
	faultCase({
		fault: 'client-wrong-password',
		step: 'client',
		rung: 'client-lint',
		id: 'F5',
		evidence: /different passwords/,
		boundMs: 15_000,
	});
	// ... on a broker host alone, ActiveMQ's own ERROR frame says it
	faultCase({
		fault: 'client-wrong-password',
		step: 'client',
		rung: 'stomp-login',
		id: 'F5',
		evidence: /User name \[mcollective\] or password is invalid/,
		boundMs: 15_000,
		without: 'server',
	});
});

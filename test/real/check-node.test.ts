/** Server landmark: node credentials (F11) and a stopped node (F10). */
import {describe} from 'node:test';
import {faultCase} from './check-helpers.js';

describe('check --step server (real lab)', () => {
	// with client.cfg on the same host the password fingerprints already differ ...
	faultCase({
		fault: 'node-wrong-password',
		step: 'server',
		rung: 'server-lint',
		id: 'F11',
		evidence: /different passwords/,
		boundMs: 20_000,
	});
	// ... on a node without client.cfg the node log proves it: Connected, then dropped
	faultCase({
		fault: 'node-wrong-password',
		step: 'server',
		rung: 'node-log',
		id: 'F11',
		evidence: /Connected to stomp/,
		boundMs: 30_000,
		without: 'client',
	});
	faultCase({
		fault: 'node-stopped',
		step: 'server',
		rung: 'daemon-process',
		id: 'F10',
		evidence: /no mcollectived process/,
		boundMs: 20_000,
	});
	faultCase({
		fault: 'psk-mismatch',
		step: 'server',
		rung: 'server-lint',
		id: 'F13',
		evidence: /sha256/,
		boundMs: 20_000,
	});
});

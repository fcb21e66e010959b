/** End to end: the "No responses received" look-alikes told apart (F13 psk, F14 clock, F10 node down). */
import {describe} from 'node:test';
import {faultCase} from './check-helpers.js';

describe('check --step e2e (real lab)', () => {
	faultCase({
		fault: 'psk-mismatch',
		step: 'e2e',
		rung: 'ping-nodes',
		id: 'F13',
		evidence: /invalid signature/,
		boundMs: 30_000,
	});
	faultCase({
		fault: 'clock-skew',
		step: 'e2e',
		rung: 'ping-nodes',
		id: 'F14',
		evidence: /seconds old, TTL is 60/,
		boundMs: 30_000,
	});
	faultCase({
		fault: 'node-stopped',
		step: 'e2e',
		rung: 'ping-nodes',
		id: 'F10',
		evidence: /no mcollectived process/,
		boundMs: 30_000,
	});
});

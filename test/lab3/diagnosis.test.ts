// Diagnosis on the three-host lab, the broker's connection faults (the cases and what is asserted:
// diagnosis-cases.ts). Every fault of `hosts.sh fault list` is in this file, diagnosis-wire.test.ts
// diagnosis-nodes.test.ts or diagnosis-agent.test.ts.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FAULTS3, hostsSh} from '../helpers/lab3.js';
import {AGENT_FAULTS, CASES, faultCases, NODE_FAULTS, WIRE_FAULTS} from './diagnosis-cases.js';

describe('three-host lab: the wizard diagnoses the connection faults from where it runs', () => {
	it('every fault of hosts.sh fault list has its cases', async () => {
		const r = await hostsSh(['fault', 'list'], {timeoutMs: 10_000});
		assert.deepEqual(r.stdout.trim().split('\n').sort(), Object.keys(CASES).sort());
		assert.deepEqual([...FAULTS3].sort(), Object.keys(CASES).sort());
	});
	faultCases(
		FAULTS3.filter((f) => !NODE_FAULTS.includes(f) && !WIRE_FAULTS.includes(f) && !AGENT_FAULTS.includes(f)),
	);
});

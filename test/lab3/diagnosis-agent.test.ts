// Diagnosis on the three-host lab, the agent disabled by server.cfg (the cases and what is asserted:
// diagnosis-cases.ts): node1's landmark 5 says F18 from its own run.
import {describe} from 'node:test';
import {AGENT_FAULTS, faultCases} from './diagnosis-cases.js';

describe('three-host lab: the wizard diagnoses an agent the daemon loaded but did not activate', () => {
	faultCases(AGENT_FAULTS);
});

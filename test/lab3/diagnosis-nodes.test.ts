// Diagnosis on the three-host lab, the node faults (the cases and what is asserted: diagnosis-cases.ts).
import {describe} from 'node:test';
import {faultCases, NODE_FAULTS} from './diagnosis-cases.js';

describe('three-host lab: the wizard diagnoses node faults from the client and on the node', () => {
	faultCases(NODE_FAULTS);
});

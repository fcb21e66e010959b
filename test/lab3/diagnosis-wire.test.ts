// Diagnosis on the three-host lab, the other client-side and msg1 faults: psk, collective, the
// seed's client.cfg, msg1's queue authorization (the cases and what is asserted: diagnosis-cases.ts).
import {describe} from 'node:test';
import {faultCases, WIRE_FAULTS} from './diagnosis-cases.js';

describe('three-host lab: the wizard diagnoses the wire and authorization faults from where it runs', () => {
	faultCases(WIRE_FAULTS);
});

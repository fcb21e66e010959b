// Practice scenarios, part 1 of 6: fault → debugging screen → fix → green (see scenario-exercise.ts).
import {describe, it} from 'node:test';
import {exercise, exerciseGood, KNOWN_GAPS, scenariosPart} from './scenario-exercise.js';

describe('practice scenarios through the landmarks, part 1', () => {
	it('the good range is green on every landmark', {timeout: 170_000}, () => exerciseGood());
	for (const scenario of scenariosPart(0, 6)) {
		it(`${scenario.name} (${scenario.catalogue})`, {timeout: 170_000, todo: KNOWN_GAPS[scenario.name]}, () =>
			exercise(scenario),
		);
	}
});

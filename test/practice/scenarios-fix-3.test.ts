// Practice scenarios, part 3 of 6: fault → debugging screen → fix → green (see scenario-exercise.ts).
import {describe, it} from 'node:test';
import {exercise, KNOWN_GAPS, scenariosPart} from './scenario-exercise.js';

describe('practice scenarios through the landmarks, part 3', () => {
	for (const scenario of scenariosPart(2, 6)) {
		it(`${scenario.name} (${scenario.catalogue})`, {timeout: 170_000, todo: KNOWN_GAPS[scenario.name]}, () =>
			exercise(scenario),
		);
	}
});

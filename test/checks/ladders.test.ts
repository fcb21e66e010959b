/**
 * steps/ is the one list of check ids and their order; src/checks only maps each id to its rung.
 * Every check id a landmark lists in steps/ must have a rung, and every rung must be listed.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {implementedRungs} from '../../src/checks/index.js';
import {LANDMARK_IDS} from '../../src/core/types.js';
import {stepFor} from '../../steps/index.js';

describe('the ladders and steps/', () => {
	for (const id of LANDMARK_IDS) {
		it(`${id}: every check in steps/ has a rung, every rung is a check in steps/`, () => {
			const listed = stepFor(id).checks.map((c) => c.id);
			const rungs = implementedRungs(id);
			assert.deepEqual(
				listed.filter((c) => !rungs.includes(c)),
				[],
				`steps/${id}.ts lists checks src/checks does not implement`,
			);
			assert.deepEqual(
				rungs.filter((r) => !listed.includes(r)),
				[],
				`src/checks has rungs steps/${id}.ts does not list (they would never run)`,
			);
			assert.equal(new Set(listed).size, listed.length, `steps/${id}.ts lists a check twice`);
		});
	}
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {emptyRecord, recordRun} from '../../src/core/practice-record.js';
import type {LandmarkReport} from '../../src/core/types.js';

const failed = (step: LandmarkReport['step'], id: `F${number}` | null): LandmarkReport => ({
	step,
	ok: false,
	checks: [],
	diagnosis: id ? {id, evidence: [], fix: []} : null,
});
const passed = (step: LandmarkReport['step']): LandmarkReport => ({
	step,
	ok: true,
	checks: [],
	diagnosis: null,
});

describe('practice record', () => {
	it('a failure with a diagnosis is a screen met once; a green run of its landmark fixes it', () => {
		let r = emptyRecord('psk-mismatch');
		r = recordRun(r, failed('client', 'F13'));
		r = recordRun(r, failed('client', 'F13'));
		assert.deepEqual(r.met, [{id: 'F13', landmark: 'client', fixed: false}]);
		r = recordRun(r, passed('server'));
		assert.equal(r.met[0]?.fixed, false, 'another landmark going green fixes nothing');
		r = recordRun(r, passed('client'));
		assert.deepEqual(r.met, [{id: 'F13', landmark: 'client', fixed: true}]);
		r = recordRun(r, failed('client', 'F13'));
		assert.equal(r.met.length, 2, 'met again after a fix: a new encounter');
	});

	it('a failure without a diagnosis is not a debugging screen', () => {
		const r = recordRun(emptyRecord('good'), failed('e2e', null));
		assert.deepEqual(r.met, []);
	});
});

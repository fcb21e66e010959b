import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {maskedInputStep} from '../../src/core/masked-input.js';

describe('masked input: one key or one pasted chunk at a time', () => {
	it('typed keys build the value; Enter submits it', () => {
		let v = '';
		for (const ch of 'ab c') v = maskedInputStep(v, ch, {}).value;
		assert.equal(v, 'ab c');
		assert.deepEqual(maskedInputStep(v, '\r', {return: true}), {value: 'ab c', submit: true});
	});

	it('a paste that ends in Enter submits the pasted value, not the one before it', () => {
		assert.deepEqual(maskedInputStep('', 'carry me to broker\r', {}), {
			value: 'carry me to broker',
			submit: true,
		});
		assert.deepEqual(maskedInputStep('x', 'yz\n', {}), {value: 'xyz', submit: true});
		// text after the Enter is not part of this value
		assert.deepEqual(maskedInputStep('', 'one\rtwo', {}), {value: 'one', submit: true});
	});

	it('backspace removes the last character (a whole code point); control keys change nothing', () => {
		assert.equal(maskedInputStep('pé€', '', {backspace: true}).value, 'pé');
		assert.equal(maskedInputStep('p🔑', '', {delete: true}).value, 'p');
		assert.deepEqual(maskedInputStep('abc', 'c', {ctrl: true}), {value: 'abc', submit: false});
		assert.deepEqual(maskedInputStep('abc', '', {escape: true}), {value: 'abc', submit: false});
		assert.deepEqual(maskedInputStep('abc', '', {leftArrow: true}), {value: 'abc', submit: false});
		assert.equal(maskedInputStep('a', 'b\u0007c', {}).value, 'abc');
	});
});
